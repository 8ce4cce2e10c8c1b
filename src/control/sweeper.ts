// Housekeeping on a timer: STOPPED tasks and INACTIVE container instances past their retention,
// and expired RunTask client tokens, are removed (api/ecs/task/sweep.ts does the work).
import type { Logger } from 'pino';
import { DEFAULT_RETENTION_MS, sweepExpired } from '../api/ecs/task/sweep.js';
import type { Services } from '../protocol/context.js';
import { realTimers, type Timers } from './session/timers.js';

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
  let running: Promise<number> | undefined;
  const sweep = (): Promise<number> => {
    running ??= sweepExpired(opts.services.store, { now: opts.services.clock().getTime(), retentionMs })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = (opts.timers ?? realTimers).every(opts.intervalMs ?? 60_000, () => {
    sweep().catch((err: unknown) => opts.log.error({ err }, 'task sweep failed'));
  });
  return {
    sweep,
    close: async () => {
      timer.cancel();
      await running?.catch(() => undefined);
    },
  };
}
