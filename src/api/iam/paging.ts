// IAM's Marker / MaxItems over a listing already in memory: `IsTruncated` and `Marker` when more
// remain. MaxItems defaults to 100, as IAM's does. Pure.
import { InvalidInput } from '../../protocol/errors.js';

export interface Page<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

export function pageOf<T>(all: readonly T[], input: { Marker?: string | undefined; MaxItems?: number | undefined }): Page<T> {
  const start = input.Marker === undefined ? 0 : decode(input.Marker);
  const size = input.MaxItems ?? 100;
  const items = all.slice(start, start + size);
  return start + size < all.length ? { items, IsTruncated: true, Marker: encode(start + size) } : { items, IsTruncated: false };
}

function encode(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset }), 'utf8').toString('base64');
}

function decode(marker: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(marker, 'base64').toString('utf8'));
    if (parsed && typeof parsed === 'object' && 'o' in parsed && Number.isInteger(parsed.o) && Number(parsed.o) >= 0) return Number(parsed.o);
  } catch {
    // answered below
  }
  throw new InvalidInput('Invalid Marker.');
}
