// The registry's background jobs: the lifecycle runner, the scan worker and the garbage
// collector, built together and started and stopped with the server.
import type { RegistryDeps } from '../service/deps.js';
import { FeedCache, feedPath } from './feedFile.js';
import { GarbageCollector } from './gc.js';
import { LifecycleRunner } from './lifecycleRunner.js';
import { ScanWorker } from './scanWorker.js';
import type { Timers } from '../../util/timers.js';

export { feedPath, installFeed, FeedCache } from './feedFile.js';
export { LifecycleRunner, type LifecycleRunReport } from './lifecycleRunner.js';
export { GarbageCollector, GC_GRACE_MS, GC_INTERVAL_MS, type GcReport } from './gc.js';
export { ScanWorker, INDEX_DESCRIPTION } from './scanWorker.js';
export { onImagePushed, scansOnPush, type PushedImage } from './onPush.js';
export { getScanSummary, type ScanSummary } from './scanStore.js';

export interface RegistryJobsOptions {
  /** Lifecycle runs this often; default 60 s. */
  lifecycleIntervalMs?: number;
  /** The scan queue is checked this often (besides kicks); default 1 s. */
  scanPollMs?: number;
  /** Garbage collection runs this often; default 10 min; 0 only on demand (`gc.runOnce()`). */
  gcIntervalMs?: number;
  /** Unreferenced blobs stored or linked more recently than this are kept; default 1 h. */
  gcGraceMs?: number;
  timers?: Timers;
}

export interface RegistryJobs {
  lifecycle: LifecycleRunner;
  scans: ScanWorker;
  gc: GarbageCollector;
  start(): void;
  close(): Promise<void>;
}

export function createRegistryJobs(deps: RegistryDeps, dataDir: string, opts: RegistryJobsOptions = {}): RegistryJobs {
  const timers = opts.timers ? { timers: opts.timers } : {};
  const lifecycle = new LifecycleRunner({ deps: { ...deps, log: deps.log.child({ job: 'lifecycle' }) }, ...timers,
    ...(opts.lifecycleIntervalMs !== undefined ? { intervalMs: opts.lifecycleIntervalMs } : {}) });
  const scans = new ScanWorker({ deps: { ...deps, log: deps.log.child({ job: 'scan' }) }, feed: new FeedCache(feedPath(dataDir)), ...timers,
    ...(opts.scanPollMs !== undefined ? { pollMs: opts.scanPollMs } : {}) });
  const gc = new GarbageCollector({ deps: { ...deps, log: deps.log.child({ job: 'gc' }) }, ...timers,
    ...(opts.gcIntervalMs !== undefined ? { intervalMs: opts.gcIntervalMs } : {}),
    ...(opts.gcGraceMs !== undefined ? { graceMs: opts.gcGraceMs } : {}) });
  return {
    lifecycle,
    scans,
    gc,
    start: () => {
      lifecycle.start();
      scans.start();
      gc.start();
    },
    close: async () => {
      await lifecycle.stop();
      await scans.stop();
      await gc.stop();
    },
  };
}
