// ArnEquals / ArnLike (AWS documents the two as the same test) and their negations: each of the
// six colon-separated parts of the ARN is matched on its own, with `*` and `?`, case-sensitively,
// so a wildcard in the service part cannot swallow the region. The resource part keeps any
// further colons.
import { compileGlob, matchGlob, type Glob, type GlobToken } from '../wildcard.js';
import { asText, type Family } from './family.js';

export function arnParts(arn: string): string[] | undefined {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < 5; i++) {
    const colon = arn.indexOf(':', from);
    if (colon === -1) return undefined;
    parts.push(arn.slice(from, colon));
    from = colon + 1;
  }
  parts.push(arn.slice(from));
  return parts;
}

/** Splits tokens at their first five literal colons; undefined when there are fewer. */
function tokenParts(tokens: readonly GlobToken[]): GlobToken[][] | undefined {
  const parts: GlobToken[][] = [[]];
  for (const token of tokens) {
    if (token.t !== 'text') {
      parts[parts.length - 1]?.push(token);
      continue;
    }
    let rest = token.s;
    while (parts.length < 6) {
      const colon = rest.indexOf(':');
      if (colon === -1) break;
      if (colon > 0) parts[parts.length - 1]?.push({ t: 'text', s: rest.slice(0, colon) });
      parts.push([]);
      rest = rest.slice(colon + 1);
    }
    if (rest) parts[parts.length - 1]?.push({ t: 'text', s: rest });
  }
  return parts.length === 6 ? parts : undefined;
}

export const arnLike: Family = {
  variables: true,
  wildcards: true,
  compile(values) {
    const patterns = values
      .map(tokenParts)
      .filter((p): p is GlobToken[][] => p !== undefined)
      .map((parts) => parts.map((p) => compileGlob(p, { foldCase: false })));
    return (v) => {
      const parts = arnParts(asText(v));
      if (!parts) return false;
      return patterns.some((globs: Glob[]) => globs.every((g, i) => matchGlob(g, parts[i] ?? '')));
    };
  },
};
