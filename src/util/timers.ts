// The timers background loops and deadlines (registry jobs, agent sessions, sweeps, the service
// controller's wake-ups, the engine's waits) run on, injected so that tests drive them by hand.
export interface Timer {
  cancel(): void;
}

export interface Timers {
  /** Calls `fn` every `ms` milliseconds until cancelled; never keeps the process alive. */
  every(ms: number, fn: () => void): Timer;
  /** Calls `fn` once, `ms` milliseconds from now, unless cancelled first; never keeps the process alive. */
  after(ms: number, fn: () => void): Timer;
}

export const realTimers: Timers = {
  every: (ms, fn) => {
    const handle = setInterval(fn, ms);
    handle.unref();
    return { cancel: () => clearInterval(handle) };
  },
  after: (ms, fn) => {
    const handle = setTimeout(fn, ms);
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};

/** A promise that resolves after `ms` on `timers` (a sleep a fake clock can end). */
export function delay(timers: Timers, ms: number): Promise<void> {
  return new Promise((resolve) => timers.after(ms, resolve));
}
