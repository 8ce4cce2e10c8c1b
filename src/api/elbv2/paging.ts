// Marker / PageSize pagination over a listing already in memory (ELB's Describe* calls). Pure.
import { ValidationError } from '../../protocol/errors.js';

export interface Paged<T> {
  page: T[];
  nextMarker?: string;
}

const DEFAULT_PAGE_SIZE = 400;

/** The page of `items` that `marker` (a previous NextMarker) starts. */
export function pageOf<T>(items: readonly T[], marker: string | undefined, pageSize: number | undefined): Paged<T> {
  const start = marker === undefined ? 0 : decodeMarker(marker);
  const size = pageSize ?? DEFAULT_PAGE_SIZE;
  const page = items.slice(start, start + size);
  return start + size < items.length ? { page, nextMarker: encodeMarker(start + size) } : { page };
}

function encodeMarker(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset }), 'utf8').toString('base64');
}

function decodeMarker(marker: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(marker, 'base64').toString('utf8'));
    if (parsed && typeof parsed === 'object' && 'o' in parsed && Number.isInteger(parsed.o) && Number(parsed.o) >= 0) return Number(parsed.o);
  } catch {
    // answered below
  }
  throw new ValidationError(`The marker '${marker}' is not valid`);
}
