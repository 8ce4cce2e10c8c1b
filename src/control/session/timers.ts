// The shared timer (src/util/timers.ts), re-exported where the sessions have always found it.
export { realTimers, type Timers } from '../../util/timers.js';
