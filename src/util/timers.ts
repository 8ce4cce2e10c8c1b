// The timer background loops (registry jobs, agent sessions, sweeps) tick on, injected so that tests drive them by hand.
export interface Timers {
  /** Calls `fn` every `ms` milliseconds until cancelled; never keeps the process alive. */
  every(ms: number, fn: () => void): { cancel(): void };
}

export const realTimers: Timers = {
  every: (ms, fn) => {
    const handle = setInterval(fn, ms);
    handle.unref();
    return { cancel: () => clearInterval(handle) };
  },
};
