// Alpine version ordering, as apk-tools 2 implements it (src/version.c): a version is
// `1.2.3[letter][_suffix[N]]...[-rN]`, read as a sequence of typed tokens. Suffixes order
// _alpha < _beta < _pre < _rc < (none) < _cvs < _svn < _git < _hg < _p; a `.0…` component with
// leading zeros compares as a string would (1.01 < 1.1); `-rN` is the package revision.

const enum Token {
  Invalid = -1,
  DigitOrZero = 0,
  Digit = 1,
  Letter = 2,
  Suffix = 3,
  SuffixNo = 4,
  RevisionNo = 5,
  End = 6,
}

const PRE_SUFFIXES = ['alpha', 'beta', 'pre', 'rc'];
const POST_SUFFIXES = ['cvs', 'svn', 'git', 'hg', 'p'];

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isLower = (c: string | undefined): boolean => c !== undefined && c >= 'a' && c <= 'z';

/** A cursor over one version string, with the type of the token it is about to read. */
class Reader {
  pos = 0;
  type: Token = Token.Digit;
  constructor(private readonly s: string) {}

  private get left(): number {
    return this.s.length - this.pos;
  }

  /** Decides the type of the next token from the separator at the cursor (apk's next_token). */
  private nextToken(): void {
    let n: Token = Token.Invalid;
    const c = this.s[this.pos];
    if (this.left === 0) n = Token.End;
    else if ((this.type === Token.Digit || this.type === Token.DigitOrZero) && isLower(c)) n = Token.Letter;
    else if (this.type === Token.Letter && isDigit(c)) n = Token.Digit;
    else if (this.type === Token.Suffix && isDigit(c)) n = Token.SuffixNo;
    else {
      if (c === '.') n = Token.DigitOrZero;
      else if (c === '_') n = Token.Suffix;
      else if (c === '-' && this.s[this.pos + 1] === 'r') {
        n = Token.RevisionNo;
        this.pos++;
      }
      this.pos++;
    }
    if (n < this.type) {
      const allowed =
        (n === Token.DigitOrZero && this.type === Token.Digit) ||
        (n === Token.Suffix && this.type === Token.SuffixNo) ||
        (n === Token.Digit && this.type === Token.Letter);
      if (!allowed) n = Token.Invalid;
    }
    this.type = n;
  }

  /** Reads the value of the token of the current type and advances (apk's get_token). */
  getToken(): number {
    if (this.left <= 0) {
      this.type = Token.End;
      return 0;
    }
    let v = 0;
    let i = 0;
    let nt: Token = Token.Invalid;
    const s = this.s;
    const p = this.pos;
    const type = this.type;
    if (type === Token.DigitOrZero && s[p] === '0') {
      while (i < this.left && s[p + i] === '0') i++;
      // apk-tools 2 always continues with a digit token here, which makes `1.0_rc1` sort
      // after `1.0`; only do so when digits follow, so a pre-release suffix stays lower.
      if (isDigit(s[p + i])) nt = Token.Digit;
      v = -i;
    } else switch (type) {
      case Token.DigitOrZero:
      case Token.Digit:
      case Token.SuffixNo:
      case Token.RevisionNo:
        while (i < this.left && isDigit(s[p + i])) v = v * 10 + (s.charCodeAt(p + i++) - 48);
        break;
      case Token.Letter:
        v = s.charCodeAt(p);
        i = 1;
        break;
      case Token.Suffix: {
        const rest = s.slice(p);
        const pre = PRE_SUFFIXES.findIndex((x) => rest.startsWith(x));
        const post = pre >= 0 ? -1 : POST_SUFFIXES.findIndex((x) => rest.startsWith(x));
        if (pre >= 0) {
          v = pre - PRE_SUFFIXES.length;
          i = (PRE_SUFFIXES[pre] ?? '').length;
        } else if (post >= 0) {
          v = post;
          i = (POST_SUFFIXES[post] ?? '').length;
        } else {
          this.type = Token.Invalid;
          return -1;
        }
        break;
      }
      default:
        this.type = Token.Invalid;
        return -1;
    }
    this.pos += i;
    if (this.left === 0) this.type = Token.End;
    else if (nt !== Token.Invalid) this.type = nt;
    else this.nextToken();
    return v;
  }
}

/** Negative when a sorts before b, 0 when equal, positive when after. */
export function compareAlpine(a: string, b: string): number {
  const ra = new Reader(a.trim());
  const rb = new Reader(b.trim());
  let av = 0;
  let bv = 0;
  while (ra.type === rb.type && ra.type !== Token.End && ra.type !== Token.Invalid && av === bv) {
    av = ra.getToken();
    bv = rb.getToken();
  }
  if (av !== bv) return av < bv ? -1 : 1;
  if (ra.type === rb.type) return 0;
  // Equal so far: the longer version is greater, unless what follows is a pre-release suffix.
  const at = ra.type;
  const bt = rb.type;
  if (at === Token.Suffix && ra.getToken() < 0) return -1;
  if (bt === Token.Suffix && rb.getToken() < 0) return 1;
  return at > bt ? -1 : 1;
}

/** apk's own validity rule, e.g. for checking a feed: the whole string parses to its end. */
export function isValidAlpineVersion(version: string): boolean {
  const r = new Reader(version.trim());
  if (version.trim() === '') return false;
  while (r.type !== Token.End && r.type !== Token.Invalid) r.getToken();
  return r.type === Token.End;
}
