// Glob matching for actions, resources, StringLike and ArnLike: `*` is any run of characters
// (crossing `/` and `:` alike), `?` is exactly one. Patterns are compiled once into the text
// between the stars, so a match is a few indexOf calls rather than a regular expression built per
// request; text that came from `${*}`, `${?}` or a policy variable's value is literal.

export type GlobToken = { t: 'text'; s: string } | { t: 'star' } | { t: 'one' };

interface Segment {
  text: string;
  /** Positions that are `?` (single-character wildcards); undefined when there are none. */
  one: readonly boolean[] | undefined;
}

export interface Glob {
  /** The pattern is exactly `*`. */
  all: boolean;
  /** The text between stars; one entry and no stars means an exact (or `?`-only) match. */
  segments: readonly Segment[];
  stars: number;
}

/** Splits a plain pattern into tokens: every `*` and `?` in it is a wildcard. */
export function wildcardTokens(pattern: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  let text = '';
  for (const ch of pattern) {
    if (ch === '*' || ch === '?') {
      if (text) tokens.push({ t: 'text', s: text });
      text = '';
      tokens.push(ch === '*' ? { t: 'star' } : { t: 'one' });
    } else text += ch;
  }
  if (text) tokens.push({ t: 'text', s: text });
  return tokens;
}

export interface GlobOptions {
  /** Actions and the IgnoreCase operators compare case-insensitively: fold both sides to lower case. */
  foldCase: boolean;
}

export function compileGlob(tokens: readonly GlobToken[], options: GlobOptions): Glob {
  const segments: Segment[] = [];
  let text = '';
  let one: boolean[] = [];
  let hasOne = false;
  let stars = 0;
  const close = (): void => {
    segments.push({ text, one: hasOne ? one : undefined });
    text = '';
    one = [];
    hasOne = false;
  };
  for (const token of tokens) {
    if (token.t === 'star') {
      close();
      stars++;
    } else if (token.t === 'one') {
      text += '?';
      one.push(true);
      hasOne = true;
    } else {
      const s = options.foldCase ? token.s.toLowerCase() : token.s;
      text += s;
      for (let i = 0; i < s.length; i++) one.push(false);
    }
  }
  close();
  const all = stars > 0 && segments.every((s) => s.text === '');
  return { all, segments, stars };
}

export function globFromString(pattern: string, options: GlobOptions): Glob {
  return compileGlob(wildcardTokens(pattern), options);
}

function matchesAt(seg: Segment, subject: string, at: number): boolean {
  if (seg.one === undefined) return subject.startsWith(seg.text, at);
  if (at + seg.text.length > subject.length) return false;
  for (let i = 0; i < seg.text.length; i++) {
    if (!seg.one[i] && subject.charCodeAt(at + i) !== seg.text.charCodeAt(i)) return false;
  }
  return true;
}

/** The leftmost position at or after `from` where `seg` matches and ends by `limit`, or -1. */
function find(seg: Segment, subject: string, from: number, limit: number): number {
  const last = limit - seg.text.length;
  if (seg.one === undefined) {
    const at = subject.indexOf(seg.text, from);
    return at !== -1 && at <= last ? at : -1;
  }
  for (let at = from; at <= last; at++) if (matchesAt(seg, subject, at)) return at;
  return -1;
}

/**
 * Leftmost matching of each star-delimited segment is enough: the stars between them absorb
 * anything, so a later, further match can never succeed where the leftmost one fails.
 */
export function matchGlob(glob: Glob, subject: string): boolean {
  if (glob.all) return true;
  const segs = glob.segments;
  const first = segs[0] as Segment;
  if (glob.stars === 0) return subject.length === first.text.length && matchesAt(first, subject, 0);
  const lastSeg = segs[segs.length - 1] as Segment;
  const tailAt = subject.length - lastSeg.text.length;
  if (tailAt < first.text.length) return false;
  if (!matchesAt(first, subject, 0) || !matchesAt(lastSeg, subject, tailAt)) return false;
  let pos = first.text.length;
  for (let i = 1; i < segs.length - 1; i++) {
    const seg = segs[i] as Segment;
    if (seg.text === '') continue;
    const at = find(seg, subject, pos, tailAt);
    if (at === -1) return false;
    pos = at + seg.text.length;
  }
  return true;
}
