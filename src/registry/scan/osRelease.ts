// os-release(5): shell-style `KEY=value` lines, values optionally quoted.
import type { OsRelease } from './types.js';

export function parseOsRelease(text: string): OsRelease | undefined {
  const vars = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!m?.[1] || m[2] === undefined) continue;
    vars.set(m[1], unquote(m[2]));
  }
  const id = vars.get('ID');
  if (!id) return undefined;
  return { id: id.toLowerCase(), versionId: vars.get('VERSION_ID') ?? '', codename: vars.get('VERSION_CODENAME') ?? '' };
}

function unquote(value: string): string {
  const v = value.trim();
  const q = v[0];
  if ((q === '"' || q === "'") && v.length >= 2 && v.endsWith(q)) {
    const inner = v.slice(1, -1);
    return q === '"' ? inner.replace(/\\(["\\$`])/g, '$1') : inner;
  }
  return v;
}
