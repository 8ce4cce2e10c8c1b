// The timers background loops and deadlines (registry jobs, agent sessions, sweeps, the service
// controller's wake-ups, the engine's waits) run on, injected so that tests drive them by hand.
export interface Timer {
  cancel(): void;
}

export interface Timers {
  /** Calls `fn` every `ms` milliseconds until cancelled. */
  every(ms: number, fn: () => void): Timer;
  /** Calls `fn` once, `ms` milliseconds from now, unless cancelled first. */
  after(ms: number, fn: () => void): Timer;
}

function nodeTimers(keepAlive: boolean): Timers {
  const hold = <T extends NodeJS.Timeout>(handle: T): T => (keepAlive ? handle : handle.unref());
  return {
    every: (ms, fn) => {
      const handle = hold(setInterval(fn, ms));
      return { cancel: () => clearInterval(handle) };
    },
    after: (ms, fn) => {
      const handle = hold(setTimeout(fn, ms));
      return { cancel: () => clearTimeout(handle) };
    },
  };
}

/** Node's timers, never keeping the process alive: background loops of a process that has other work. */
export const realTimers: Timers = nodeTimers(false);

/** Node's timers that hold the process open: for a wait that may be all a process has pending
 *  (the agent's reconnect to an unreachable server must not let `wharf agent` exit). */
export const holdingTimers: Timers = nodeTimers(true);

/** A promise that resolves after `ms` on `timers` (a sleep a fake clock can end). */
export function delay(timers: Timers, ms: number): Promise<void> {
  return new Promise((resolve) => timers.after(ms, resolve));
}
