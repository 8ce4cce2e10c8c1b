// Garbage collection decisions, pure: from a snapshot of the registry's rows and the time, which
// blobs nothing needs any more. The collector (../jobs/gc.ts) reads the snapshot, applies the plan
// and deletes the files; nothing here touches storage.
//
// A blob is live when any manifest in any repository references it (as a config or layer, as a
// child of an index, or by being that manifest), or when its BLOBS row or any LINKS row for it is
// younger than the grace window (a push in progress: layers uploaded, manifest not yet put; or a
// blob just mounted or pushed again), or when `busy` says a commit of it is under way.
import type { BlobRecord, LinkRecord, ManifestRecord } from '../meta/records.js';
import { lastPart } from '../meta/keys.js';

export interface Row<T> {
  key: string;
  value: T;
}

/** The rows GC decides from: BLOBS (keyed by digest), LINKS and MANIFESTS (keyed `<repo>|<digest>`). */
export interface GcSnapshot {
  blobs: Row<BlobRecord>[];
  links: Row<LinkRecord>[];
  manifests: Row<ManifestRecord>[];
}

export interface GcRules {
  now: Date;
  graceMs: number;
  /** Digests being committed right now; never collected. */
  busy?: (digest: string) => boolean;
}

/** A blob to collect: its BLOBS row (if any) and LINKS rows go, then its file. */
export interface Collectable {
  digest: string;
  /** Size from the BLOBS row (or a link), for the report. */
  size: number;
  /** The LINKS keys to delete. */
  links: string[];
  hasBlobRow: boolean;
}

export interface GcPlan {
  /** Distinct digests the metadata knows (BLOBS rows and linked digests). */
  examined: number;
  collect: Collectable[];
}

/** Every digest some manifest needs: its own, its blobs, its child manifests. */
export function referencedDigests(manifests: Row<ManifestRecord>[]): Set<string> {
  const live = new Set<string>();
  for (const { key, value } of manifests) {
    live.add(lastPart(key));
    live.add(value.digest);
    value.blobs.forEach((d) => live.add(d));
    value.manifests.forEach((d) => live.add(d));
  }
  return live;
}

/** Whether an ISO time is within the grace window before `now` (or unreadable: kept to be safe). */
export function isYoung(iso: string, rules: Pick<GcRules, 'now' | 'graceMs'>): boolean {
  const at = Date.parse(iso);
  return !(at <= rules.now.getTime() - rules.graceMs);
}

/** What to collect; with `only`, just those digests (the re-check inside GC's transaction). */
export function planCollection(snapshot: GcSnapshot, rules: GcRules, only?: ReadonlySet<string>): GcPlan {
  const referenced = referencedDigests(snapshot.manifests);
  const byDigest = new Map<string, { size: number; young: boolean; links: string[]; hasBlobRow: boolean }>();
  const entry = (digest: string, size: number) => {
    let e = byDigest.get(digest);
    if (!e) byDigest.set(digest, (e = { size, young: false, links: [], hasBlobRow: false }));
    return e;
  };
  for (const { key, value } of snapshot.blobs) {
    const e = entry(key, value.size);
    e.hasBlobRow = true;
    e.size = value.size;
    e.young ||= isYoung(value.createdAt, rules);
  }
  for (const { key, value } of snapshot.links) {
    const e = entry(lastPart(key), value.size);
    e.links.push(key);
    e.young ||= isYoung(value.linkedAt, rules);
  }
  const collect: Collectable[] = [];
  for (const [digest, e] of byDigest) {
    if (only && !only.has(digest)) continue;
    if (e.young || referenced.has(digest) || rules.busy?.(digest)) continue;
    collect.push({ digest, size: e.size, links: e.links, hasBlobRow: e.hasBlobRow });
  }
  return { examined: byDigest.size, collect };
}

/**
 * Blob files with no row at all (a crash between the rename into place and the metadata commit,
 * or a manifest put refused after its bytes were stored), last written before the grace window.
 */
export function planOrphans(
  files: { digest: string; modifiedAt: Date }[],
  snapshot: GcSnapshot,
  rules: GcRules,
): string[] {
  const known = referencedDigests(snapshot.manifests);
  snapshot.blobs.forEach((b) => known.add(b.key));
  snapshot.links.forEach((l) => known.add(lastPart(l.key)));
  return files
    .filter((f) => !known.has(f.digest) && !isYoung(f.modifiedAt.toISOString(), rules) && !rules.busy?.(f.digest))
    .map((f) => f.digest);
}
