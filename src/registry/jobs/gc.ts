// Garbage collection while the registry keeps serving. Every `gcIntervalMs` (10 min) one pass:
//  1. plan from a read snapshot (../gc/plan.ts): blobs no manifest references whose BLOBS row and
//     LINKS rows are all older than the grace window (1 h);
//  2. one transaction re-reads the rows, re-plans for just those digests and deletes their LINKS
//     and BLOBS rows (what changed since the snapshot is seen here: transactions are serialized);
//  3. for each, under the digest's lock (service/blobLocks.ts): unless a BLOBS row exists again,
//     delete the file;
//  4. blob files with no row at all, older than the grace window, go the same way (step 3).
//
// Races, and why each is closed:
//  (a) An upload completing a digest GC is collecting. Uploads.finish renames the file into place
//      and writes BLOBS/LINKS under the digest's lock, and GC deletes a file only under that lock
//      after checking that no BLOBS row exists. So either the upload's rows are committed first
//      (GC sees the row and keeps the file; if GC's transaction ran before the upload's, the upload
//      re-created the rows after it) or GC deletes first and the upload's rename puts a new file.
//      Rows never point at a deleted file. The same holds for a manifest put, whose own bytes are
//      stored (putBytes, a no-op when present) and recorded under the same lock.
//  (b) A mount racing GC. mountBlob checks its source row (BLOBS, or the `from` repository's
//      link) and writes the link in one transaction, stamping linkedAt now even if the link existed.
//      Before GC's transaction: the link is young and GC's re-check keeps the blob. After it: the
//      source row is gone, the mount answers "nothing to mount" and the client uploads.
//  (c) A manifest put racing GC. putManifest requires a LINKS row for each blob in its transaction;
//      GC's transaction re-checks references and deletes the links atomically. The put either
//      commits first (GC sees the reference and keeps the blob) or finds no link and answers
//      MANIFEST_BLOB_UNKNOWN. Layers uploaded or mounted within the grace window are never
//      collected, so a push that takes less than the grace window cannot hit this.
//  A GET that passed its link check just before GC's transaction may find the file gone (the
//  blob was unreferenced and old). A client that skips an upload because HEAD found an old,
//  unreferenced blob can get MANIFEST_BLOB_UNKNOWN if GC collects it in between; a retry uploads.
import { BLOBS, LINKS, MANIFESTS } from '../meta/keys.js';
import type { BlobRecord, LinkRecord, ManifestRecord } from '../meta/records.js';
import { planCollection, planOrphans, type GcRules, type GcSnapshot } from '../gc/plan.js';
import type { RegistryDeps } from '../service/deps.js';
import type { Reader } from '../../state/store.js';
import { realTimers, type Timers } from '../../util/timers.js';

export const GC_INTERVAL_MS = 10 * 60_000;
export const GC_GRACE_MS = 60 * 60_000;

export interface GarbageCollectorOptions {
  deps: RegistryDeps;
  /** Time between passes; default 10 min. 0: never on a timer (runOnce still works). */
  intervalMs?: number;
  /** How long an unreferenced blob is kept after it was stored or last linked; default 1 h. */
  graceMs?: number;
  timers?: Timers;
}

export interface GcReport {
  /** Blobs the metadata knows plus blob files without any row. */
  examined: number;
  /** Blob files deleted (including orphans). */
  removed: number;
  /** Of those, files that had no row. */
  orphans: number;
  /** Content bytes of the deleted files. */
  bytesFreed: number;
  /** The digests whose files were deleted. */
  digests: string[];
}

async function snapshotOf(reader: Reader): Promise<GcSnapshot> {
  return {
    blobs: await reader.list<BlobRecord>(BLOBS),
    links: await reader.list<LinkRecord>(LINKS),
    manifests: await reader.list<ManifestRecord>(MANIFESTS),
  };
}

export class GarbageCollector {
  private timer: { cancel(): void } | undefined;
  private running: Promise<GcReport> | undefined;

  constructor(private readonly opts: GarbageCollectorOptions) {}

  get graceMs(): number {
    return this.opts.graceMs ?? GC_GRACE_MS;
  }

  start(): void {
    const interval = this.opts.intervalMs ?? GC_INTERVAL_MS;
    if (interval <= 0) return;
    this.timer ??= (this.opts.timers ?? realTimers).every(interval, () => {
      this.runOnce().catch((err: unknown) => this.opts.deps.log.warn({ err }, 'garbage collection failed'));
    });
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One pass. A call while a pass runs waits for that pass instead. */
  runOnce(): Promise<GcReport> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<GcReport> {
    const { deps } = this.opts;
    const rules: GcRules = { now: deps.clock(), graceMs: this.graceMs, busy: (d) => deps.blobLocks.held(d) };
    const report: GcReport = { examined: 0, removed: 0, orphans: 0, bytesFreed: 0, digests: [] };

    const plan = planCollection(await snapshotOf(deps.store), rules);
    report.examined = plan.examined;
    const unlinked = plan.collect.length > 0 ? await this.unlink(plan.collect.map((c) => c.digest), rules) : [];
    for (const digest of unlinked) await this.removeFile(digest, report);

    const files = await deps.blobs.listBlobs();
    const snapshot = await snapshotOf(deps.store);
    const orphans = planOrphans(files, snapshot, rules);
    const rows = new Set(snapshot.blobs.map((b) => b.key));
    report.examined += files.filter((f) => !rows.has(f.digest)).length;
    for (const digest of orphans) {
      if (await this.removeFile(digest, report)) report.orphans += 1;
    }
    if (report.removed > 0) {
      deps.log.info({ removed: report.removed, orphans: report.orphans, bytesFreed: report.bytesFreed }, 'garbage collected blobs');
    }
    return report;
  }

  /** Step 2: re-plans inside one transaction and deletes the rows; returns the digests unlinked. */
  private unlink(digests: string[], rules: GcRules): Promise<string[]> {
    const only = new Set(digests);
    return this.opts.deps.store.transaction(async (tx) => {
      const confirmed = planCollection(await snapshotOf(tx), rules, only).collect;
      for (const c of confirmed) {
        for (const key of c.links) await tx.delete(LINKS, key);
        if (c.hasBlobRow) await tx.delete(BLOBS, c.digest);
      }
      return confirmed.map((c) => c.digest);
    });
  }

  /** Step 3: deletes the file unless a row was committed for it again; true when deleted. */
  private removeFile(digest: string, report: GcReport): Promise<boolean> {
    const { deps } = this.opts;
    return deps.blobLocks.run(digest, async () => {
      if (await deps.store.get<BlobRecord>(BLOBS, digest)) return false;
      const size = await deps.blobs.stat(digest);
      if (size === undefined || !(await deps.blobs.delete(digest))) return false;
      report.removed += 1;
      report.bytesFreed += size;
      report.digests.push(digest);
      return true;
    });
  }
}
