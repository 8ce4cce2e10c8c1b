// The service controller's timing runs on the injected timers: a launch backoff wakes the service
// when the fake clock reaches it, and a plan that did not commit is retried after the queue's
// backoff, a bounded number of times. Nothing sleeps; a recording applier stands in for applyPlan.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import pino from 'pino';
import type { Applied } from '../../src/control/service/apply.js';
import { startServiceController, type Applier, type ServiceController } from '../../src/control/service/index.js';
import type { Plan } from '../../src/control/service/types.js';
import { putService } from '../../src/api/ecs/service/repo.js';
import type { ServiceRecord } from '../../src/api/ecs/service/model.js';
import { SqliteStore } from '../../src/state/sqlite.js';
import { randomIds } from '../../src/util/clock.js';
import { createChangeFeed } from '../../src/util/changes.js';
import { manualTimers, type ManualTimers } from '../helpers/fakeTimers.js';
import { service } from './service/harness.js';

const HOUR = 3_600_000;

interface Call {
  now: number;
  plan: Plan;
}

/** An applier that records each plan and answers `committed` from `commits` (the last repeated). */
function recordingApplier(commits: boolean[]) {
  const calls: Call[] = [];
  let waiters: { n: number; resolve: () => void }[] = [];
  const apply: Applier = async (_tx, _deps, snap, plan): Promise<Applied> => {
    calls.push({ now: snap.now, plan });
    waiters = waiters.filter((w) => (calls.length >= w.n ? (w.resolve(), false) : true));
    return { committed: commits[Math.min(calls.length - 1, commits.length - 1)] ?? true, tasks: [], targetGroups: [], loadBalancers: [] };
  };
  /** Resolves once `n` plans have been applied. */
  const applied = (n: number) => new Promise<void>((resolve) => (calls.length >= n ? resolve() : waiters.push({ n, resolve })));
  return { apply, calls, applied };
}

describe('service controller timing (manual timers)', () => {
  let controller: ServiceController | undefined;
  let store: SqliteStore | undefined;
  afterEach(async () => {
    await controller?.close();
    await store?.close();
  });

  async function start(record: (t0: number) => ServiceRecord, commits: boolean[]) {
    const timers: ManualTimers = manualTimers();
    const t0 = timers.clock().getTime();
    store = SqliteStore.open(':memory:');
    const s = store;
    await s.transaction((tx) => putService(tx, record(t0)));
    const recorder = recordingApplier(commits);
    controller = startServiceController({
      services: { store: s, clock: timers.clock, ids: randomIds, account: { accountId: '000000000000', region: 'us-east-1' }, changes: createChangeFeed() },
      log: pino({ level: 'silent' }),
      timers,
      // The resync must not be what runs the service here.
      resyncMs: HOUR,
      apply: recorder.apply,
    });
    await recorder.applied(1);
    await controller.drained();
    return { timers, t0, ...recorder };
  }

  it('wakes a throttled service when its launch backoff ends on the fake clock', async () => {
    // Three failures in a row at t0: launches wait 5 s.
    const { timers, t0, calls } = await start((at) => service({ desiredCount: 1, failures: { consecutive: 3, lastAt: at } }), [true]);
    assert.deepEqual(calls[0]?.plan.launches, [], 'throttled: nothing launched');
    assert.equal(calls[0]?.plan.wakeAt, t0 + 5_000);
    timers.advance(4_999);
    await controller?.drained();
    assert.equal(calls.length, 1, 'not woken early');
    timers.advance(1);
    await controller?.drained();
    assert.equal(calls.length, 2, 'woken by the timer');
    assert.equal(calls[1]?.now, t0 + 5_000);
    assert.deepEqual(calls[1]?.plan.launches, [{ deploymentId: 'new', count: 1 }]);
  });

  it("retries a plan that did not commit after the queue's backoff, and gives up after the retry limit", async () => {
    const { timers, t0, calls } = await start(() => service({ desiredCount: 1 }), [false]);
    assert.equal(calls.length, 1);
    timers.advance(49);
    await controller?.drained();
    assert.equal(calls.length, 1, 'not before the 50 ms base delay');
    timers.advance(1);
    await controller?.drained();
    assert.equal(calls.length, 2);
    assert.equal(calls[1]?.now, t0 + 50);
    // The rest of the retries: 100, 200, ... 3200, then the 5 s cap; ten retries in all. Steps of
    // 10 ms (every delay is a multiple) so that each run reads the clock at the moment it fell due.
    for (let i = 0; i < 3_000; i++) {
      timers.advance(10);
      await controller?.drained();
    }
    assert.equal(calls.length, 11, 'the first run and ten retries, then it waits for a signal');
    assert.deepEqual(calls.map((c) => c.now - t0), [0, 50, 150, 350, 750, 1_550, 3_150, 6_350, 11_350, 16_350, 21_350]);
  });
});
