// apk's database, `lib/apk/db/installed`: one block per package separated by blank lines, each
// line a one-letter key, a colon and a value (P name, V version, o origin, ...).
import type { InstalledPackage } from './types.js';

export function parseApkInstalled(text: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  let fields = new Map<string, string>();
  const flush = () => {
    const name = fields.get('P');
    const version = fields.get('V');
    if (name && version) {
      const pkg: InstalledPackage = { name, version, ecosystem: 'Alpine' };
      const origin = fields.get('o');
      if (origin && origin !== name) pkg.source = origin;
      packages.push(pkg);
    }
    fields = new Map();
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      flush();
      continue;
    }
    // Only the first occurrence of a key counts: F:/R: repeat, P/V/o do not.
    if (line[1] === ':' && line[0] !== undefined && !fields.has(line[0])) fields.set(line[0], line.slice(2).trim());
  }
  flush();
  return packages;
}
