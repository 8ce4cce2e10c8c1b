// dpkg's database: `var/lib/dpkg/status` (and distroless's one-file-per-package `status.d/`), in
// deb822 form: paragraphs of `Field: value` lines separated by blank lines, continuation lines
// indented. Only packages whose Status is `install ok installed` are installed.
import type { InstalledPackage } from './types.js';

const INSTALLED = 'install ok installed';

export interface DpkgParseOptions {
  /** distroless's `status.d/` files carry no Status field: treat its absence as installed. */
  statusOptional?: boolean;
}

export function parseDpkgStatus(text: string, options: DpkgParseOptions = {}): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const fields of paragraphs(text)) {
    const name = fields.get('package');
    const version = fields.get('version');
    if (!name || !version) continue;
    const status = fields.get('status');
    if (status === undefined ? !options.statusOptional : status.split(/\s+/).join(' ') !== INSTALLED) continue;
    const pkg: InstalledPackage = { name, version, ecosystem: 'Debian' };
    const source = parseSource(fields.get('source'));
    if (source && (source.name !== name || (source.version && source.version !== version))) {
      pkg.source = source.name;
      if (source.version && source.version !== version) pkg.sourceVersion = source.version;
    }
    packages.push(pkg);
  }
  return packages;
}

/** `Source: openssl (3.0.11-1~deb12u2)` → name and version; the version is there only when it differs. */
export function parseSource(value: string | undefined): { name: string; version?: string } | undefined {
  if (!value) return undefined;
  const m = /^(\S+)(?:\s*\(([^)]+)\))?/.exec(value.trim());
  if (!m?.[1]) return undefined;
  return m[2] ? { name: m[1], version: m[2].trim() } : { name: m[1] };
}

/** deb822 paragraphs as maps of lower-cased field name to the (first line of the) value. */
export function* paragraphs(text: string): Generator<Map<string, string>> {
  let fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      if (fields.size > 0) yield fields;
      fields = new Map();
      continue;
    }
    if (line.startsWith(' ') || line.startsWith('\t') || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  if (fields.size > 0) yield fields;
}
