// RunTask's clientToken: the same token with the same request answers the tasks the first call
// started, and starts none. Kept for a while after use (the sweep removes expired tokens).
import { createHash } from 'node:crypto';
import { InvalidParameterException } from '../../../protocol/errors.js';
import type { Reader, Tx } from '../../../state/store.js';
import type { Failure } from './launch.js';

export const CLIENT_TOKENS = 'ecs/run-task-tokens';
export const MAX_TOKEN_LENGTH = 64;
export const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

export interface TokenRecord {
  fingerprint: string;
  taskIds: string[];
  failures: Failure[];
  /** Epoch ms. */
  expiresAt: number;
}

export function tokenKey(clusterName: string, token: string): string {
  return `${clusterName}/${token}`;
}

/** A digest of the request without its token: what "the same request" means. */
export function fingerprint(request: Record<string, unknown>): string {
  const rest = { ...request };
  delete rest.clientToken;
  return createHash('sha256').update(stableJson(rest)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function checkToken(token: string): void {
  if (token.length < 1 || token.length > MAX_TOKEN_LENGTH) {
    throw new InvalidParameterException(`clientToken must be between 1 and ${MAX_TOKEN_LENGTH} characters.`);
  }
}

/** The earlier call's record for this token, when it is still valid; throws when the request differs. */
export async function earlierCall(reader: Reader, key: string, print: string, now: number): Promise<TokenRecord | undefined> {
  const found = await reader.get<TokenRecord>(CLIENT_TOKENS, key);
  if (!found || found.expiresAt <= now) return undefined;
  if (found.fingerprint !== print) {
    throw new InvalidParameterException('The clientToken was already used with a different request. Use a new clientToken for a new request.');
  }
  return found;
}

export function rememberCall(tx: Tx, key: string, record: TokenRecord): Promise<void> {
  return tx.put(CLIENT_TOKENS, key, record);
}
