// ELB's condition wildcards: `*` matches any run of characters (none included), `?` exactly one;
// everything else literally, the whole value anchored. Pure.

/** A RegExp for an ELB wildcard pattern; `ignoreCase` for host names. */
export function wildcardRegExp(pattern: string, ignoreCase = false): RegExp {
  let source = '^';
  for (const ch of pattern) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`${source}$`, ignoreCase ? 'si' : 's');
}

/** One RegExp matching any of the patterns (ELB ORs a condition's values). */
export function anyWildcard(patterns: readonly string[], ignoreCase = false): RegExp {
  if (patterns.length === 1 && patterns[0] !== undefined) return wildcardRegExp(patterns[0], ignoreCase);
  const sources = patterns.map((p) => wildcardRegExp(p, ignoreCase).source.slice(1, -1));
  return new RegExp(`^(?:${sources.join('|')})$`, ignoreCase ? 'si' : 's');
}
