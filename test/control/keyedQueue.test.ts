// KeyedQueue's per-key backoff, driven by a fake clock: nothing here sleeps; each retry happens
// when `advance` moves the manual timers past its delay.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay, KeyedQueue, type KeyedQueueOptions, type KeyResult } from '../../src/control/keyedQueue.js';
import { manualTimers } from '../helpers/fakeTimers.js';

/** A queue over `results` (one per run, the last repeated; an Error is thrown), recording run times. */
function setup(results: (KeyResult | Error)[], opts: Partial<KeyedQueueOptions> = {}) {
  const timers = manualTimers();
  const t0 = timers.clock().getTime();
  const runs: number[] = [];
  const errors: unknown[] = [];
  const gaveUp: [string, number][] = [];
  const queue = new KeyedQueue({
    handler: async () => {
      const r = results[Math.min(runs.length, results.length - 1)];
      runs.push(timers.clock().getTime() - t0);
      if (r instanceof Error) throw r;
      return r;
    },
    onError: (_key, err) => errors.push(err),
    onGiveUp: (key, failures) => gaveUp.push([key, failures]),
    timers,
    baseDelayMs: 10,
    maxDelayMs: 80,
    maxRetries: 10,
    ...opts,
  });
  /** Moves the clock one millisecond at a time, letting each run that falls due finish. */
  const advance = async (ms: number) => {
    for (let i = 0; i < ms; i++) {
      timers.advance(1);
      await queue.drained();
    }
  };
  return { timers, queue, runs, errors, gaveUp, advance };
}

describe('KeyedQueue backoff', () => {
  it('computes base * 2^failures, capped', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, 10, 80)), [10, 20, 40, 80, 80, 80]);
    assert.equal(backoffDelay(5000, 10, 80), 80, 'a huge count stays at the cap');
  });

  it("re-runs a 'retry' after a delay that doubles and is capped", async () => {
    const q = setup(['retry']);
    q.queue.enqueue('k');
    await q.queue.drained();
    assert.deepEqual(q.runs, [0]);
    assert.equal(q.queue.numRequeues('k'), 1);
    await q.advance(9);
    assert.deepEqual(q.runs, [0], 'not before the base delay');
    await q.advance(1);
    assert.deepEqual(q.runs, [0, 10]);
    await q.advance(300);
    // Gaps 10, 20, 40, 80, then the cap.
    assert.deepEqual(q.runs, [0, 10, 30, 70, 150, 230, 310]);
    assert.equal(q.queue.numRequeues('k'), 7);
  });

  it('gives up after maxRetries retries with one call, forgets, and the next signal brings the key back', async () => {
    const q = setup(['retry'], { maxRetries: 3 });
    q.queue.enqueue('k');
    await q.queue.drained();
    await q.advance(1000);
    assert.deepEqual(q.runs, [0, 10, 30, 70], 'the first run and three retries');
    assert.deepEqual(q.gaveUp, [['k', 3]]);
    assert.equal(q.queue.numRequeues('k'), 0);
    assert.equal(q.timers.pending(), 0, 'no timer left for the key');
    q.queue.enqueue('k');
    await q.queue.drained();
    assert.equal(q.runs.length, 5);
    assert.equal(q.queue.numRequeues('k'), 1, 'a fresh count');
  });

  it('forgets the failures on success and on forget()', async () => {
    const q = setup(['retry', 'retry', undefined]);
    q.queue.enqueue('k');
    await q.queue.drained();
    await q.advance(100);
    assert.deepEqual(q.runs, [0, 10, 30]);
    assert.equal(q.queue.numRequeues('k'), 0, 'success forgot the two failures');
    assert.equal(q.timers.pending(), 0);

    q.queue.addRateLimited('x');
    q.queue.addRateLimited('x');
    q.queue.addRateLimited('x');
    assert.equal(q.queue.numRequeues('x'), 3);
    q.queue.forget('x');
    assert.equal(q.queue.numRequeues('x'), 0);
  });

  it('retries a handler that throws, after the backoff, and reports the error', async () => {
    const boom = new Error('boom');
    const q = setup([boom, undefined]);
    q.queue.enqueue('k');
    await q.queue.drained();
    assert.deepEqual(q.errors, [boom]);
    await q.advance(9);
    assert.equal(q.runs.length, 1);
    await q.advance(1);
    assert.deepEqual(q.runs, [0, 10]);
    assert.equal(q.queue.numRequeues('k'), 0);
  });

  it('runs a backing-off key at once on a fresh enqueue, keeping its count', async () => {
    const q = setup(['retry', 'retry', undefined]);
    q.queue.enqueue('k');
    await q.queue.drained();
    await q.advance(3);
    q.queue.enqueue('k');
    await q.queue.drained();
    assert.deepEqual(q.runs, [0, 3], 'not at 10');
    assert.equal(q.queue.numRequeues('k'), 2, 'the second failure counts: the next wait is 20');
    await q.advance(19);
    assert.equal(q.runs.length, 2);
    await q.advance(1);
    assert.deepEqual(q.runs, [0, 3, 23]);
    assert.equal(q.timers.pending(), 0, 'the cancelled timer does not fire later');
  });

  it('drained() does not wait for a key backing off; close() cancels its timer', async () => {
    const q = setup(['retry']);
    q.queue.enqueue('k');
    await q.queue.drained();
    assert.equal(q.timers.pending(), 1);
    q.queue.close();
    assert.equal(q.timers.pending(), 0);
    await q.advance(100);
    assert.deepEqual(q.runs, [0]);
    q.queue.enqueue('k');
    await q.queue.drained();
    assert.deepEqual(q.runs, [0], 'a closed queue takes no keys');
  });

  it('a key signalled while it runs runs once more at once, whatever the result', async () => {
    const timers = manualTimers();
    let runs = 0;
    const queue: KeyedQueue = new KeyedQueue({
      handler: async () => {
        runs++;
        if (runs === 1) queue.enqueue('k');
        return runs === 1 ? 'retry' : undefined;
      },
      onError: () => undefined,
      timers,
    });
    queue.enqueue('k');
    await queue.drained();
    assert.equal(runs, 2);
    assert.equal(timers.pending(), 0, 'the prompt run replaced the backoff');
    assert.equal(queue.numRequeues('k'), 0);
  });
});
