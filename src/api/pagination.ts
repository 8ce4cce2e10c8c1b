// nextToken / maxResults pagination over a Store kind, shared by every List operation.
import { InvalidParameterException, type WireError } from '../protocol/errors.js';
import type { Item, Reader } from '../state/store.js';

export interface PageRequest<T> {
  kind: string;
  prefix?: string;
  reverse?: boolean;
  nextToken?: string | undefined;
  /** Items per page (already validated by the caller). */
  limit: number;
  /** Only items for which this is true count. */
  filter?: (value: T, key: string) => boolean;
  /** The error an unreadable token gets; ECS's InvalidParameterException by default. */
  invalidToken?: new (message: string) => WireError;
}

export interface Page<T> {
  items: Item<T>[];
  nextToken?: string;
}

export function encodeToken(key: string): string {
  return Buffer.from(JSON.stringify({ k: key }), 'utf8').toString('base64');
}

export function decodeToken(token: string, invalid: new (message: string) => WireError = InvalidParameterException): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (parsed && typeof parsed === 'object' && 'k' in parsed && typeof parsed.k === 'string') return parsed.k;
  } catch {
    // fall through to the error below
  }
  throw new invalid('Invalid token: the nextToken is not one this service issued.');
}

export async function paginate<T>(reader: Reader, req: PageRequest<T>): Promise<Page<T>> {
  const items: Item<T>[] = [];
  let after = req.nextToken ? decodeToken(req.nextToken, req.invalidToken) : undefined;
  const batch = Math.max(req.limit + 1, 100);
  for (;;) {
    const rows = await reader.list<T>(req.kind, { prefix: req.prefix, after, limit: batch, reverse: req.reverse });
    for (const row of rows) {
      if (req.filter && !req.filter(row.value, row.key)) continue;
      if (items.length === req.limit) {
        const last = items[items.length - 1];
        return last ? { items, nextToken: encodeToken(last.key) } : { items };
      }
      items.push(row);
    }
    const last = rows[rows.length - 1];
    if (rows.length < batch || !last) return { items };
    after = last.key;
  }
}
