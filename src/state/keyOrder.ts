// Key order and key ranges as SQLite answers them, for Stores that keep keys themselves (the
// in-memory Store). SQLite compares TEXT bytewise (its BINARY collation over UTF-8), which is
// code point order; JavaScript's `<` compares UTF-16 units, which puts a character above U+FFFF
// (a surrogate pair) before U+E000..U+FFFF. `compareKeys` corrects that one difference.
import type { ListOptions } from './store.js';

/** A UTF-16 unit moved so that unit order becomes code point order (surrogates above U+FFFF). */
function rank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/** Negative, zero or positive as `a` sorts before, with or after `b` bytewise in UTF-8. */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}

/** The first index of the ascending `keys` whose key is >= `key` (or > `key` when `strict`). */
export function lowerBound(keys: readonly string[], key: string, strict = false): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareKeys(keys[mid] as string, key);
    if (c < 0 || (strict && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The keys of the ascending `keys` that a listing selects, in its order. The same range as the
 * SQLite Store's query: a prefix is `key >= prefix AND key < prefix || U+10FFFF` (an empty prefix
 * is none), `after` is exclusive in the listing's direction, a negative limit is no limit.
 */
export function selectKeys(keys: readonly string[], options: ListOptions = {}): string[] {
  const limit = options.limit ?? -1;
  // SQLite refuses a LIMIT that is not an integer ("datatype mismatch"); so does this.
  if (!Number.isInteger(limit)) throw new RangeError(`The listing limit must be an integer, not ${limit}.`);
  let lo = 0;
  let hi = keys.length;
  if (options.prefix) {
    lo = lowerBound(keys, options.prefix);
    hi = lowerBound(keys, `${options.prefix}\u{10FFFF}`);
  }
  if (options.after !== undefined) {
    if (options.reverse) hi = Math.min(hi, lowerBound(keys, options.after));
    else lo = Math.max(lo, lowerBound(keys, options.after, true));
  }
  const count = Math.max(0, hi - lo);
  const take = limit < 0 ? count : Math.min(limit, count);
  return options.reverse ? keys.slice(hi - take, hi).reverse() : keys.slice(lo, lo + take);
}
