// A level-triggered, de-duplicating work queue keyed by string, with per-key backoff (kubernetes'
// rate-limited workqueue, small). Enqueueing a key that is waiting does nothing; enqueueing a key
// that is being handled runs the handler once more afterwards. One handler run per key at a time;
// the handler rereads state, so a run is never about one event.
//
// Failures: a handler that returns 'retry' or throws is run again after its key's backoff,
// base * 2^failures capped at maxDelayMs; success (returning nothing) forgets the failures. After
// maxRetries retries in a row the key is given up (onGiveUp, one log line) and forgotten: the next
// signal or periodic resync brings it back with a fresh count.
//
// Choices where kubernetes leaves room:
// - enqueue() of a key waiting on its backoff timer runs it promptly and cancels the timer: a fresh
//   signal means state changed, and that run decides again (its failure schedules a new backoff).
//   Its failure count is kept (only a success or forget() resets it), so the backoff still grows.
// - addRateLimited() of a key that already has a timer replaces it with the new delay.
// - drained() does not wait for keys parked on a backoff timer, only for keys queued or running:
//   a parked key may wait seconds (and with test timers, forever). Once its timer fires the key is
//   queued again and a later drained() waits for it. close() cancels every backoff timer.
import { realTimers, type Timer, type Timers } from '../util/timers.js';

/** What a handler run asks of the queue: nothing (done) or 'retry' (after the key's backoff). */
export type KeyResult = void | 'retry';
export type KeyHandler = (key: string) => Promise<KeyResult>;

export interface KeyedQueueOptions {
  handler: KeyHandler;
  /** A handler run threw (it is retried with backoff). */
  onError: (key: string, err: unknown) => void;
  /** The key failed maxRetries retries in a row and was dropped until its next signal. */
  onGiveUp?: (key: string, failures: number) => void;
  timers?: Timers;
  /** The first retry's delay (ms); each further failure doubles it. */
  baseDelayMs?: number;
  /** The longest a retry waits (ms). */
  maxDelayMs?: number;
  /** Retries in a row before the key is given up. */
  maxRetries?: number;
}

export const DEFAULT_BASE_DELAY_MS = 50;
export const DEFAULT_MAX_DELAY_MS = 5_000;
export const DEFAULT_MAX_RETRIES = 10;

/** The wait before retry number `failures + 1`: base * 2^failures, at most max. Pure. */
export function backoffDelay(failures: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** failures);
}

export class KeyedQueue {
  private readonly waiting = new Set<string>();
  private readonly running = new Set<string>();
  private readonly again = new Set<string>();
  /** Keys parked until their backoff timer fires. */
  private readonly backingOff = new Map<string, Timer>();
  /** Failures in a row, by key (absent: none). */
  private readonly failures = new Map<string, number>();
  private readonly idle: (() => void)[] = [];
  private readonly timers: Timers;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRetries: number;
  private closed = false;

  constructor(private readonly opts: KeyedQueueOptions) {
    this.timers = opts.timers ?? realTimers;
    this.baseDelayMs = opts.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
    this.maxDelayMs = opts.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    this.maxRetries = opts.maxRetries ?? DEFAULT_MAX_RETRIES;
  }

  /** Runs the handler for `key` soon (promptly, even if it was backing off). */
  enqueue(key: string): void {
    if (this.closed) return;
    this.cancelBackoff(key);
    if (this.running.has(key)) {
      this.again.add(key);
      return;
    }
    if (this.waiting.has(key)) return;
    this.waiting.add(key);
    queueMicrotask(() => void this.run(key));
  }

  /** Enqueues `key` after its next backoff delay, and counts one more failure. */
  addRateLimited(key: string): void {
    if (this.closed) return;
    const failures = this.numRequeues(key);
    this.failures.set(key, failures + 1);
    this.cancelBackoff(key);
    const timer = this.timers.after(backoffDelay(failures, this.baseDelayMs, this.maxDelayMs), () => {
      this.backingOff.delete(key);
      this.enqueue(key);
    });
    this.backingOff.set(key, timer);
  }

  /** Forgets the key's failures: its next retry waits the base delay again. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** How many times in a row the key has been requeued after a failure. */
  numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  private cancelBackoff(key: string): void {
    this.backingOff.get(key)?.cancel();
    this.backingOff.delete(key);
  }

  private async run(key: string): Promise<void> {
    this.waiting.delete(key);
    if (this.closed) return this.settle();
    this.running.add(key);
    let failed = false;
    try {
      failed = (await this.opts.handler(key)) === 'retry';
    } catch (err) {
      failed = true;
      this.opts.onError(key, err);
    } finally {
      this.running.delete(key);
      if (failed) this.retry(key);
      else this.forget(key);
      if (this.again.delete(key)) this.enqueue(key);
      this.settle();
    }
  }

  private retry(key: string): void {
    if (this.closed) return;
    if (this.numRequeues(key) < this.maxRetries) return this.addRateLimited(key);
    this.opts.onGiveUp?.(key, this.numRequeues(key));
    this.forget(key);
  }

  private settle(): void {
    if (this.waiting.size === 0 && this.running.size === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  /** Resolves once nothing is queued or running (tests and shutdown); keys backing off do not count. */
  drained(): Promise<void> {
    if (this.waiting.size === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Stops taking keys and cancels every backoff timer; runs in progress finish (see drained()). */
  close(): void {
    this.closed = true;
    for (const timer of this.backingOff.values()) timer.cancel();
    this.backingOff.clear();
  }
}
