// Debian version ordering, as dpkg implements it (lib/dpkg/version.c, Debian Policy 5.6.12):
// `[epoch:]upstream[-revision]`; epochs compare as numbers, then upstream and revision each with
// verrevcmp: runs of non-digits compare character by character where `~` sorts before anything
// (even the end of the string), letters before non-letters; runs of digits compare as numbers.

export interface DebianVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

export function parseDebianVersion(version: string): DebianVersion {
  const v = version.trim();
  let epoch = 0;
  let rest = v;
  const colon = v.indexOf(':');
  if (colon > 0 && /^\d+$/.test(v.slice(0, colon))) {
    epoch = Number(v.slice(0, colon));
    rest = v.slice(colon + 1);
  }
  const hyphen = rest.lastIndexOf('-');
  return hyphen >= 0
    ? { epoch, upstream: rest.slice(0, hyphen), revision: rest.slice(hyphen + 1) }
    : { epoch, upstream: rest, revision: '' };
}

/** Negative when a sorts before b, 0 when equal, positive when after. */
export function compareDebian(a: string, b: string): number {
  const va = parseDebianVersion(a);
  const vb = parseDebianVersion(b);
  if (va.epoch !== vb.epoch) return va.epoch < vb.epoch ? -1 : 1;
  return sign(verrevcmp(va.upstream, vb.upstream)) || sign(verrevcmp(va.revision, vb.revision));
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

/** dpkg's order(): the weight of one character of a non-digit run; `undefined` is end of string. */
function order(c: string | undefined): number {
  if (c === undefined || isDigit(c)) return 0;
  if (isAlpha(c)) return c.charCodeAt(0);
  if (c === '~') return -1;
  return c.charCodeAt(0) + 256;
}

function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const ac = order(a[i]);
      const bc = order(b[j]);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (isDigit(a[i]) && isDigit(b[j])) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a[i])) return 1;
    if (isDigit(b[j])) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}
