// The scan worker: takes queued scans (registry/scan-queue) one at a time, reads the image's
// layers from the blob store in manifest order, runs the basic scanner, and records the result.
// Level-triggered: it drains whatever the queue holds, on every tick and whenever kicked, so a
// scan queued before a crash is picked up after the restart.
import type { Readable } from 'node:stream';
import { parseManifest, MEDIA_TYPES } from '../manifest.js';
import { MANIFESTS, repoKey } from '../meta/keys.js';
import type { ManifestRecord } from '../meta/records.js';
import { describeScanFailure, scanImage, type ScanImageResult } from '../scan/index.js';
import type { RegistryDeps } from '../service/deps.js';
import { FeedCache, type LoadedFeed } from './feedFile.js';
import { IMAGE_SCANS, SCAN_QUEUE, type ScanQueueRecord, type ScanRecord } from './scanStore.js';
import { realTimers, type Timers } from '../../util/timers.js';

/** ECR scans the per-platform images of a multi-platform image, not the index itself. */
export const INDEX_DESCRIPTION =
  'UnsupportedImageError: The image is a manifest list or image index; scan each of its per-platform images instead.';

const INDEX_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.dockerList, MEDIA_TYPES.ociIndex]);

export interface ScanWorkerOptions {
  deps: RegistryDeps;
  feed: FeedCache;
  /** How often the queue is checked without a kick; default 1 s. */
  pollMs?: number;
  timers?: Timers;
}

type Outcome = Pick<ScanRecord, 'status' | 'description' | 'findings' | 'findingSeverityCounts'> & { feed?: LoadedFeed };

export class ScanWorker {
  private timer: { cancel(): void } | undefined;
  private draining: Promise<number> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly opts: ScanWorkerOptions) {}

  start(): void {
    this.stopped = false;
    this.timer ??= (this.opts.timers ?? realTimers).every(this.opts.pollMs ?? 1000, () => this.kick());
    this.kick();
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    this.stopped = true;
    this.again = false;
    await this.draining;
  }

  /** Asks for the queue to be drained soon (StartImageScan calls this). */
  kick(): void {
    if (this.stopped) return;
    void this.drain().catch((err: unknown) => this.opts.deps.log.warn({ err }, 'scan queue drain failed'));
  }

  /** Runs every queued scan; resolves with how many ran. Calls during a drain join it and rerun it. */
  drain(): Promise<number> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = (async () => {
      let total = 0;
      try {
        do {
          this.again = false;
          total += await this.drainOnce();
        } while (this.again);
      } finally {
        this.draining = undefined;
      }
      return total;
    })();
    return this.draining;
  }

  private async drainOnce(): Promise<number> {
    const queued = await this.opts.deps.store.list<ScanQueueRecord>(SCAN_QUEUE);
    let ran = 0;
    for (const { key, value } of queued) {
      if (this.stopped) break; // the rest stay queued for the next start
      await this.runOne(key, value);
      ran += 1;
    }
    return ran;
  }

  private async runOne(key: string, job: ScanQueueRecord): Promise<void> {
    const { deps } = this.opts;
    const manifest = await deps.store.get<ManifestRecord>(MANIFESTS, repoKey(job.repository, job.digest));
    const outcome: Outcome | undefined = manifest ? await this.scan(manifest) : undefined;
    const completedAt = deps.clock().toISOString();
    await deps.store.transaction(async (tx) => {
      await tx.delete(SCAN_QUEUE, key);
      const current = await tx.get<ScanRecord>(IMAGE_SCANS, key);
      if (!current || current.startedAt !== job.enqueuedAt) return; // superseded or removed meanwhile
      if (!outcome) {
        await tx.delete(IMAGE_SCANS, key); // the image was deleted before its scan ran
        return;
      }
      const { feed, ...result } = outcome;
      const updatedAt = feed?.updatedAt?.toISOString();
      await tx.put<ScanRecord>(IMAGE_SCANS, key, {
        ...current,
        ...result,
        completedAt,
        ...(updatedAt ? { vulnerabilitySourceUpdatedAt: updatedAt } : {}),
      });
    });
    deps.log.info({ repository: job.repository, digest: job.digest, status: outcome?.status ?? 'DROPPED' }, 'image scan finished');
  }

  private async scan(manifest: ManifestRecord): Promise<Outcome> {
    if (INDEX_TYPES.has(manifest.mediaType) || manifest.manifests.length > 0) {
      return { status: 'FAILED', description: INDEX_DESCRIPTION, findings: [], findingSeverityCounts: {} };
    }
    try {
      const feed = await this.opts.feed.current();
      const layers = await this.layerDigests(manifest);
      const result: ScanImageResult = await scanImage({ layers: this.openLayers(layers), feed: feed?.index });
      return {
        status: result.status,
        description: result.description,
        findings: result.findings,
        findingSeverityCounts: result.findingSeverityCounts,
        ...(feed ? { feed } : {}),
      };
    } catch (err) {
      this.opts.deps.log.warn({ err, digest: manifest.digest }, 'image scan failed');
      return { status: 'FAILED', description: describeScanFailure(err), findings: [], findingSeverityCounts: {} };
    }
  }

  /** The image's layer digests, lowest first, from the stored manifest bytes. */
  private async layerDigests(manifest: ManifestRecord): Promise<string[]> {
    const bytes = await readAll(await this.opts.deps.blobs.read(manifest.digest));
    // parseManifest lists an image manifest's blobs as [config, ...layers], foreign layers left out.
    return parseManifest(bytes, manifest.mediaType).blobs.slice(1);
  }

  /** Opens each layer only when the scanner reaches it. */
  private async *openLayers(digests: string[]): AsyncGenerator<Readable> {
    for (const digest of digests) yield await this.opts.deps.blobs.read(digest);
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(parts);
}
