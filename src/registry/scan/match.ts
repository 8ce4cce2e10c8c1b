// Which OSV records affect which installed package. Pure.
// An `affected[]` entry applies when its ecosystem names the package's distribution (bare, or with
// the image's release: `Debian:12`, `Alpine:v3.19`), its name is the package's binary or source
// name, and the version is listed in `versions` or lies in an ECOSYSTEM range, evaluated as the
// OSV spec's pseudocode does with the distribution's own version ordering.
import type { OsvAffected, OsvEvent, OsvFeed, OsvRange, OsvRecord } from './osv.js';
import type { Ecosystem, InstalledPackage, OsRelease } from './types.js';
import { comparators, type Comparator } from './version/index.js';

export interface Match {
  record: OsvRecord;
  affected: OsvAffected;
  pkg: InstalledPackage;
}

/** The OS `ID` each ecosystem's records are meant for. */
const DISTRO_ID: Record<Ecosystem, string> = { Debian: 'debian', Alpine: 'alpine' };

/** Record entries indexed by `ecosystem\0name` so a scan does not walk the whole feed per package. */
export class FeedIndex {
  private readonly byName = new Map<string, { record: OsvRecord; affected: OsvAffected }[]>();

  constructor(feed: OsvFeed) {
    for (const record of feed.records) {
      if (record.withdrawn !== undefined) continue;
      for (const affected of record.affected) {
        if (!affected.package) continue;
        const base = affected.package.ecosystem.split(':')[0] ?? '';
        const key = `${base}\0${affected.package.name}`;
        const list = this.byName.get(key) ?? [];
        list.push({ record, affected });
        this.byName.set(key, list);
      }
    }
  }

  candidates(ecosystem: Ecosystem, name: string): { record: OsvRecord; affected: OsvAffected }[] {
    return this.byName.get(`${ecosystem}\0${name}`) ?? [];
  }
}

/** Every (record, package) pair where the record affects the package, at most once per pair. */
export function matchPackages(index: FeedIndex, packages: InstalledPackage[], os: OsRelease | undefined): Match[] {
  const matches: Match[] = [];
  for (const pkg of packages) {
    const seen = new Set<string>();
    const compare = comparators[pkg.ecosystem];
    const names: [string, string][] = [[pkg.name, pkg.version]];
    if (pkg.source) names.push([pkg.source, pkg.sourceVersion ?? pkg.version]);
    else if (pkg.sourceVersion) names.push([pkg.name, pkg.sourceVersion]);
    for (const [name, version] of names) {
      for (const { record, affected } of index.candidates(pkg.ecosystem, name)) {
        if (seen.has(record.id)) continue;
        if (!ecosystemApplies(affected.package?.ecosystem ?? '', pkg.ecosystem, os)) continue;
        if (!isAffected(affected, version, compare)) continue;
        seen.add(record.id);
        matches.push({ record, affected, pkg });
      }
    }
  }
  return matches;
}

/** `Debian` applies to any Debian image, `Debian:12` only to Debian 12 (or bookworm). */
export function ecosystemApplies(osvEcosystem: string, ecosystem: Ecosystem, os: OsRelease | undefined): boolean {
  const colon = osvEcosystem.indexOf(':');
  const base = colon < 0 ? osvEcosystem : osvEcosystem.slice(0, colon);
  if (base !== ecosystem) return false;
  if (os && os.id !== DISTRO_ID[ecosystem]) return false; // e.g. Ubuntu's dpkg packages
  if (colon < 0) return true;
  const release = osvEcosystem.slice(colon + 1);
  if (!os) return false;
  if (ecosystem === 'Alpine') {
    const [major, minor] = os.versionId.split('.');
    return major !== undefined && minor !== undefined && release === `v${major}.${minor}`;
  }
  return release === os.versionId || (os.codename !== '' && release === os.codename);
}

export function isAffected(affected: OsvAffected, version: string, compare: Comparator): boolean {
  if (affected.versions.includes(version)) return true;
  return affected.ranges.some((r) => r.type === 'ECOSYSTEM' && inRange(r, version, compare));
}

/** The OSV evaluation algorithm for one range (schema "Evaluation" section). */
export function inRange(range: OsvRange, version: string, compare: Comparator): boolean {
  const cmp = (a: string, b: string): number => {
    if (a === b) return 0;
    if (a === '0') return -1; // introduced "0": before every version
    if (b === '0') return 1;
    return compare(a, b);
  };
  const limits = range.events.flatMap((e) => ('limit' in e ? [e.limit] : []));
  if (limits.length > 0 && !limits.some((l) => l === '*' || cmp(version, l) < 0)) return false;
  const events = [...range.events].filter((e) => !('limit' in e)).sort((a, b) => cmp(at(a), at(b)));
  let vulnerable = false;
  for (const e of events) {
    if ('introduced' in e && cmp(version, e.introduced) >= 0) vulnerable = true;
    else if ('fixed' in e && cmp(version, e.fixed) >= 0) vulnerable = false;
    else if ('last_affected' in e && cmp(version, e.last_affected) > 0) vulnerable = false;
  }
  return vulnerable;
}

function at(e: OsvEvent): string {
  if ('introduced' in e) return e.introduced;
  if ('fixed' in e) return e.fixed;
  if ('last_affected' in e) return e.last_affected;
  return e.limit;
}
