// A world for write-side tests: an in-memory Store opened as the server opens its own (container
// instances cached), a hand-driven clock and timers, ids that count, and a seeded random source
// for placement's ties. Everything a launch or an apply needs is injected from here, so the same
// test gives the same tasks on every run and needs no server.
import { CONTAINER_INSTANCES } from '../../src/api/ecs/containerInstance/repo.js';
import type { LaunchDeps } from '../../src/api/ecs/task/launch.js';
import { seededRandom } from '../../src/placement/index.js';
import type { Account, Services } from '../../src/protocol/context.js';
import { openMemoryStore, type MemoryStore } from '../../src/state/memory.js';
import { createChangeFeed } from '../../src/util/changes.js';
import type { Ids } from '../../src/util/clock.js';
import { manualTimers, type ManualTimers } from '../helpers/fakeTimers.js';

export interface WorldOptions {
  /** Epoch ms the clock starts at (default 2026-01-01T00:00:00Z). */
  start?: number;
  /** Seed of the random source placement breaks ties with. */
  seed?: number;
  account?: Account;
}

export interface World {
  store: MemoryStore;
  account: Account;
  /** The clock (`timers.clock`) and timers; `timers.advance(ms)` moves both. */
  timers: ManualTimers;
  ids: Ids;
  random: () => number;
  /** What API handlers and controllers are given (a change feed included). */
  services: Services;
  /** What the serialized launch is given. */
  deps: LaunchDeps;
  /** The clock's time, epoch ms. */
  now(): number;
}

/** Ids that count up: task ids read `000…01`, `000…02` in the order they were made. */
export function countingIds(): Ids {
  let n = 0;
  const next = (chars: number) => (++n).toString(16).padStart(chars, '0').slice(-chars);
  return { uuid: () => `00000000-0000-4000-8000-${next(12)}`, hex: (bytes) => next(bytes * 2) };
}

export function createWorld(options: WorldOptions = {}): World {
  const store = openMemoryStore({ cachedKinds: [CONTAINER_INSTANCES] });
  const account = options.account ?? { accountId: '000000000000', region: 'us-east-1' };
  const timers = manualTimers(options.start);
  const ids = countingIds();
  const random = seededRandom(options.seed ?? 1);
  return {
    store,
    account,
    timers,
    ids,
    random,
    services: { store, clock: timers.clock, ids, account, changes: createChangeFeed() },
    deps: { account, ids, random },
    now: () => timers.clock().getTime(),
  };
}
