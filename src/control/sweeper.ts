// Housekeeping on a timer: STOPPED tasks and INACTIVE container instances past their retention,
// and expired RunTask client tokens, are removed (api/ecs/task/sweep.ts does the work).
import type { Logger } from 'pino';
import { DEFAULT_RETENTION_MS, sweepExpired } from '../api/ecs/task/sweep.js';
import type { Services } from '../protocol/context.js';
import { periodicJob } from '../util/periodic.js';
import { realTimers, type Timers } from '../util/timers.js';

export interface SweeperOptions {
  services: Services;
  log: Logger;
  /** How long STOPPED tasks stay describable (default one hour, as in ECS). */
  retentionMs?: number;
  /** How often to sweep (default a minute). */
  intervalMs?: number;
  timers?: Timers;
}

export interface Sweeper {
  /** Sweeps now; resolves with how many records went. */
  sweep(): Promise<number>;
  close(): Promise<void>;
}

export function startSweeper(opts: SweeperOptions): Sweeper {
  const retentionMs = opts.retentionMs ?? DEFAULT_RETENTION_MS;
  const job = periodicJob({
    every: opts.intervalMs ?? 60_000,
    timers: opts.timers ?? realTimers,
    run: () => sweepExpired(opts.services.store, { now: opts.services.clock().getTime(), retentionMs }),
    onError: (err) => opts.log.error({ err }, 'task sweep failed'),
  });
  return { sweep: job.run, close: job.close };
}
