import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  indexSnapshot,
  place,
  seededRandom,
  type ContainerInstanceView,
  type PlacementRequest,
  type PlaceResult,
} from '../../src/placement/index.js';
import { ids, instance } from './fixtures.js';

const GROUP = 'service:web';
const task = { cpu: 256, memory: 512, group: GROUP, family: 'web' };

function run(instances: ContainerInstanceView[], request: Partial<PlacementRequest>, seed = 1): { placed: string[]; result: PlaceResult } {
  const result = place({ instances }, { count: 1, ...task, ...request }, { random: seededRandom(seed) });
  assert.equal(result.kind, 'placed');
  return { placed: result.kind === 'placed' ? ids(result.placements) : [], result };
}

function tally(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

describe('placement strategies', () => {
  it('spread instanceId evens out the group across instances, counting tasks placed in the same call', () => {
    const instances = [
      instance('a', { groups: [GROUP, GROUP] }),
      instance('b', { groups: [GROUP, 'service:other', 'service:other'] }),
      instance('c', { groups: ['service:other', 'service:other', 'service:other'] }),
    ];
    const { placed } = run(instances, { count: 3, placementStrategy: [{ type: 'spread', field: 'instanceId' }] });
    assert.deepEqual(tally(placed), { c: 2, b: 1 }, 'ends at two tasks of the group on each instance');
    assert.equal(placed[0], 'c', 'the instance with fewest group tasks goes first; other groups do not count');

    const fresh = ['p', 'q', 'r', 's'].map((id) => instance(id));
    const even = run(fresh, { count: 8, placementStrategy: [{ type: 'spread', field: 'host' }] }).placed;
    assert.deepEqual(tally(even), { p: 2, q: 2, r: 2, s: 2 });
  });

  it('spread attribute:ecs.availability-zone evens out the group across zones', () => {
    const instances = [
      instance('a1', { az: 'us-east-1a', groups: [GROUP] }),
      instance('a2', { az: 'us-east-1a', groups: [GROUP] }),
      instance('b1', { az: 'us-east-1b' }),
      instance('b2', { az: 'us-east-1b', groups: ['service:other'] }),
      instance('c1', { az: 'us-east-1c' }),
      instance('c2', { az: 'us-east-1c' }),
    ];
    const zoneOf = (id: string): string => id[0] as string;
    const { placed } = run(instances, { count: 4, placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }] });
    assert.deepEqual(tally(placed.map(zoneOf)), { b: 2, c: 2 }, 'zone a already holds two');
    assert.notEqual(zoneOf(placed[0] as string), zoneOf(placed[1] as string), 'alternates zones');

    const nine = run(instances, { count: 10, placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }] }).placed;
    assert.deepEqual(tally(nine.map(zoneOf)), { a: 2, b: 4, c: 4 }, '4 + 4 + (2 + 2): every zone ends with four');
  });

  it('spread on an attribute some instances lack treats them as one more bucket', () => {
    const instances = [instance('x', { az: 'us-east-1a', groups: [GROUP] }), instance('none', { attributes: [] })];
    assert.deepEqual(run(instances, { placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }] }).placed, ['none']);
  });

  it('binpack memory fills the fullest instance that fits first', () => {
    const instances = [
      instance('roomy', { remaining: { cpu: 2048, memory: 3000 } }),
      instance('half', { remaining: { cpu: 2048, memory: 1024 } }),
      instance('tight', { remaining: { cpu: 2048, memory: 511 } }),
      instance('exact', { remaining: { cpu: 2048, memory: 512 } }),
    ];
    const { placed } = run(instances, { count: 4, placementStrategy: [{ type: 'binpack', field: 'memory' }] });
    assert.deepEqual(placed, ['exact', 'half', 'half', 'roomy']);
  });

  it('binpack cpu fills the instance with least CPU left first', () => {
    const instances = [
      instance('idle', { remaining: { cpu: 4096, memory: 8192 } }),
      instance('busy', { remaining: { cpu: 600, memory: 8192 } }),
      instance('full', { remaining: { cpu: 100, memory: 8192 } }),
    ];
    assert.deepEqual(run(instances, { count: 4, placementStrategy: [{ type: 'binpack', field: 'CPU' }] }).placed, ['busy', 'busy', 'idle', 'idle']);
  });

  it('random picks with the injected source, reproducibly', () => {
    const instances = ['a', 'b', 'c', 'd', 'e'].map((id) => instance(id));
    const first = place({ instances }, { count: 1, ...task }, { random: () => 0 });
    const last = place({ instances }, { count: 1, ...task }, { random: () => 0.9999 });
    assert.deepEqual(first.kind === 'placed' && ids(first.placements), ['a']);
    assert.deepEqual(last.kind === 'placed' && ids(last.placements), ['e']);

    const strategy = { count: 10, placementStrategy: [{ type: 'random' as const }] };
    assert.deepEqual(run(instances, strategy, 42).placed, run(instances, strategy, 42).placed, 'same seed, same answer');
    const seen = new Set<string>();
    for (let seed = 0; seed < 20; seed++) for (const id of run(instances, strategy, seed).placed) seen.add(id);
    assert.equal(seen.size, 5, 'every instance gets picked by some seed');
  });

  it('random skips instances that cannot take the task', () => {
    const instances = [instance('full', { remaining: { cpu: 0, memory: 0 } }), instance('ok')];
    const r = place({ instances }, { count: 1, ...task }, { random: () => 0 });
    assert.deepEqual(r.kind === 'placed' && ids(r.placements), ['ok']);
  });

  it('chains strategies as tie-breakers: spread by zone, then binpack memory within it', () => {
    const instances = [
      instance('a-big', { az: 'us-east-1a', remaining: { cpu: 2048, memory: 3000 } }),
      instance('a-small', { az: 'us-east-1a', remaining: { cpu: 2048, memory: 1000 } }),
      instance('b-mid', { az: 'us-east-1b', remaining: { cpu: 2048, memory: 2000 } }),
      instance('b-small', { az: 'us-east-1b', remaining: { cpu: 2048, memory: 600 } }),
    ];
    const strategy: PlacementRequest['placementStrategy'] = [
      { type: 'spread', field: 'attribute:ecs.availability-zone' },
      { type: 'binpack', field: 'memory' },
    ];
    // Zones tie, so the fullest instance overall; then the other zone's fullest; and so on.
    assert.deepEqual(run(instances, { count: 4, placementStrategy: strategy }).placed, ['b-small', 'a-small', 'b-mid', 'a-big']);
  });

  it('chains spread by zone then spread by instance', () => {
    const instances = [
      instance('a1', { az: 'us-east-1a' }),
      instance('a2', { az: 'us-east-1a' }),
      instance('b1', { az: 'us-east-1b' }),
    ];
    const strategy: PlacementRequest['placementStrategy'] = [
      { type: 'spread', field: 'attribute:ecs.availability-zone' },
      { type: 'spread', field: 'instanceId' },
    ];
    const { placed } = run(instances, { count: 4, placementStrategy: strategy });
    assert.deepEqual(tally(placed), { a1: 1, a2: 1, b1: 2 });
  });

  it('reuses a snapshot index with the same answers, and never changes the snapshot', () => {
    const instances = [instance('a', { groups: [GROUP] }), instance('b'), instance('c', { az: 'us-east-1b' })];
    const before = JSON.stringify(instances);
    const request: PlacementRequest = {
      count: 5, ...task,
      placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'binpack', field: 'memory' }],
      placementConstraints: [{ type: 'memberOf', expression: 'runningTasksCount < 3' }],
    };
    const index = indexSnapshot({ instances });
    const fromSnapshot = place({ instances }, request, { random: seededRandom(3) });
    const fromIndex = place(index, request, { random: seededRandom(3) });
    const again = place(index, request, { random: seededRandom(3) });
    assert.deepEqual(fromIndex, fromSnapshot);
    assert.deepEqual(again, fromSnapshot);
    assert.equal(JSON.stringify(instances), before);
  });
});
