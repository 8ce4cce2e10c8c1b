// A job that runs on a timer, one run at a time: asking for a run while one is going answers that
// run; close() stops the timer and waits for the run in progress.
import type { Timers } from './timers.js';

export interface PeriodicJob<T> {
  /** Runs now, or joins the run in progress; resolves with its result. */
  run(): Promise<T>;
  close(): Promise<void>;
}

export function periodicJob<T>(opts: { every: number; timers: Timers; run: () => Promise<T>; onError: (err: unknown) => void }): PeriodicJob<T> {
  let running: Promise<T> | undefined;
  const run = (): Promise<T> => {
    running ??= opts.run().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = opts.timers.every(opts.every, () => {
    run().catch(opts.onError);
  });
  return {
    run,
    close: async () => {
      timer.cancel();
      await running?.catch(() => undefined);
    },
  };
}
