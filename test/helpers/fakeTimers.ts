// Timers a test drives by hand: nothing fires until `advance(ms)` moves the fake clock past it.
// `clock` reads the same fake time, so code given both sees one consistent now.
import type { Clock } from '../../src/util/clock.js';
import type { Timer, Timers } from '../../src/util/timers.js';

interface Pending {
  at: number;
  every?: number;
  fn: () => void;
  cancelled: boolean;
}

export interface ManualTimers extends Timers {
  clock: Clock;
  /** Moves time forward by `ms`, firing each timer that falls due, in time order. */
  advance(ms: number): void;
  /** How many timers are waiting to fire. */
  pending(): number;
}

export function manualTimers(start = Date.parse('2026-01-01T00:00:00Z')): ManualTimers {
  let now = start;
  const queue: Pending[] = [];
  const add = (p: Pending): Timer => {
    queue.push(p);
    return { cancel: () => { p.cancelled = true; } };
  };
  return {
    clock: () => new Date(now),
    every: (ms, fn) => add({ at: now + ms, every: ms, fn, cancelled: false }),
    after: (ms, fn) => add({ at: now + ms, fn, cancelled: false }),
    pending: () => queue.filter((p) => !p.cancelled).length,
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const live = queue.filter((p) => !p.cancelled && p.at <= until).sort((a, b) => a.at - b.at);
        const next = live[0];
        if (!next) break;
        now = next.at;
        if (next.every) next.at += next.every;
        else next.cancelled = true;
        next.fn();
      }
      now = until;
      for (let i = queue.length - 1; i >= 0; i--) if (queue[i]?.cancelled) queue.splice(i, 1);
    },
  };
}

/** Timers that never fire: background jobs a test runs by hand (`runOnce()`). */
export const idleTimers: Timers = {
  every: () => ({ cancel: () => undefined }),
  after: () => ({ cancel: () => undefined }),
};
