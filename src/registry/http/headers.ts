// Parsing and building the registry's HTTP headers: Range, Content-Range, Content-Length, Link.
// Pure.
import type { ByteRange } from '../storage/blobStore.js';

/** A `Range: bytes=a-b` request against a blob of `size` bytes: the range, 'unsatisfiable', or
 *  undefined when there is no (usable) header and the whole blob is wanted. */
export function parseRangeRequest(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  const m = header?.match(/^bytes=(\d*)-(\d*)$/);
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(size - suffix, 0), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** A chunk's `Content-Range: a-b` (the registry form; `bytes a-b/*` is accepted too). */
export function parseContentRange(header: string | undefined): { start: number; end: number } | 'invalid' | undefined {
  if (header === undefined) return undefined;
  const m = header.trim().match(/^(?:bytes[ =])?(\d+)-(\d+)(?:\/(?:\d+|\*))?$/);
  if (!m) return 'invalid';
  return { start: Number(m[1]), end: Number(m[2]) };
}

export function parseContentLength(header: string | undefined): number | undefined {
  if (header === undefined || !/^\d+$/.test(header)) return undefined;
  return Number(header);
}

/** The `n` and `last` of a listing: n a non-negative integer. */
export function parsePageQuery(params: URLSearchParams): { n?: number; last?: string } | 'invalid' {
  const n = params.get('n');
  const last = params.get('last');
  if (n !== null && !/^\d+$/.test(n)) return 'invalid';
  return { ...(n !== null ? { n: Number(n) } : {}), ...(last !== null ? { last } : {}) };
}

/** The RFC 5988 Link to the next page of a listing. */
export function nextLink(path: string, n: number, last: string): string {
  const q = new URLSearchParams({ n: String(n), last });
  return `<${path}?${q.toString()}>; rel="next"`;
}
