import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  NO_CONTAINER_INSTANCES,
  place,
  PlacementInputError,
  QueryError,
  seededRandom,
  type ContainerInstanceView,
  type PlacementFailure,
  type PlacementRequest,
  type Placement,
} from '../../src/placement/index.js';
import { ARN, ids, instance } from './fixtures.js';

const GROUP = 'service:web';
const task = { cpu: 256, memory: 512, group: GROUP, family: 'web' };

function run(instances: ContainerInstanceView[], request: Partial<PlacementRequest>): { placements: readonly Placement[]; placed: string[]; failures: string[] } {
  const result = place({ instances }, { count: 1, ...task, ...request }, { random: seededRandom(9) });
  if (result.kind !== 'placed') throw new Error(result.message);
  return { placements: result.placements, placed: ids(result.placements), failures: result.failures.map(short) };
}

function short(f: PlacementFailure): string {
  assert.ok(f.arn.startsWith(ARN), 'failures name the container instance ARN');
  return `${f.arn.slice(ARN.length)} ${f.reason}`;
}

describe('placement constraints', () => {
  it('distinctInstance puts each task of the group on a different instance', () => {
    const instances = [instance('a', { groups: [GROUP] }), instance('b', { groups: ['service:other'] }), instance('c')];
    const { placed, failures } = run(instances, { count: 3, placementConstraints: [{ type: 'distinctInstance' }] });
    assert.deepEqual([...placed].sort(), ['b', 'c'], 'a already runs a task of the group; other groups do not count');
    assert.deepEqual(failures, ['a DistinctInstance', 'b DistinctInstance', 'c DistinctInstance']);
  });

  it('memberOf selects the instances the expression matches', () => {
    const instances = [
      instance('t2', { attributes: [{ name: 'ecs.instance-type', value: 't2.small' }] }),
      instance('m5', { attributes: [{ name: 'ecs.instance-type', value: 'm5.large' }] }),
      instance('t2b', { attributes: [{ name: 'ecs.instance-type', value: 't2.medium' }] }),
    ];
    const constraint = { type: 'memberOf' as const, expression: 'attribute:ecs.instance-type =~ t2.*' };
    const { placed, failures } = run(instances, { count: 4, placementConstraints: [constraint], placementStrategy: [{ type: 'spread', field: 'instanceId' }] });
    assert.deepEqual([...placed].sort(), ['t2', 't2', 't2b', 't2b']);
    assert.deepEqual(failures, []);

    const none = run(instances, { placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type == g2.2xlarge' }] });
    assert.deepEqual(none.placed, []);
    assert.deepEqual(none.failures, ['t2 MemberOf', 'm5 MemberOf', 't2b MemberOf']);
  });

  it('memberOf sees the tasks placed earlier in the same call', () => {
    const instances = [instance('a'), instance('b'), instance('busy', { groups: ['service:other'] })];
    const { placed, failures } = run(instances, { count: 3, placementConstraints: [{ type: 'memberOf', expression: 'runningTasksCount == 0' }] });
    assert.deepEqual([...placed].sort(), ['a', 'b']);
    assert.deepEqual(failures, ['a MemberOf', 'b MemberOf', 'busy MemberOf']);

    const affinity = run([instance('db', { groups: ['database'] }), instance('x')], {
      count: 2, placementConstraints: [{ type: 'memberOf', expression: 'task:group == database' }],
    });
    assert.deepEqual(affinity.placed, ['db', 'db']);
  });

  it('all constraints must hold together', () => {
    const instances = [instance('a', { az: 'us-east-1a' }), instance('b', { az: 'us-east-1b' }), instance('c', { az: 'us-east-1b' })];
    const { placed, failures } = run(instances, {
      count: 3,
      placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.availability-zone == us-east-1b' }, { type: 'distinctInstance' }],
    });
    assert.deepEqual([...placed].sort(), ['b', 'c']);
    assert.deepEqual(failures, ['a MemberOf', 'b DistinctInstance', 'c DistinctInstance']);
  });
});

describe('placement failures', () => {
  it('refuses instances whose fixed host ports are taken, and takes the ports it places', () => {
    const instances = [
      instance('used', { usedPorts: { tcp: [8080], udp: [] } }),
      instance('free'),
      instance('udp', { usedPorts: { tcp: [], udp: [53] } }),
    ];
    const tcp = run(instances, { count: 2, ports: { tcp: [8080] } });
    assert.deepEqual(tcp.placed.sort(), ['free', 'udp']);
    assert.deepEqual(tcp.placements[0]?.ports, { tcp: [8080], udp: [] });
    assert.deepEqual(run(instances, { count: 3, ports: { tcp: [8080] } }).failures, ['used RESOURCE:PORTS', 'free RESOURCE:PORTS', 'udp RESOURCE:PORTS']);

    const udp = run(instances, { count: 3, ports: { udp: [53] } });
    assert.deepEqual(udp.placed.sort(), ['free', 'used']);
    assert.deepEqual(udp.failures, ['used RESOURCE:PORTS_UDP', 'free RESOURCE:PORTS_UDP', 'udp RESOURCE:PORTS_UDP']);

    assert.deepEqual(run(instances, { ports: { tcp: [22] } }).failures, ['used RESOURCE:PORTS', 'free RESOURCE:PORTS', 'udp RESOURCE:PORTS'], 'agent-reserved ports count');
    assert.equal(run(instances, {}).placements[0]?.ports, undefined, 'no ports asked, none reported');
  });

  it('names the exhausted resource, CPU before memory before ports', () => {
    const instances = [
      instance('cpu', { remaining: { cpu: 100, memory: 100 } }),
      instance('mem', { remaining: { cpu: 4096, memory: 100 } }),
      instance('port', { usedPorts: { tcp: [80], udp: [] } }),
    ];
    assert.deepEqual(run(instances, { ports: { tcp: [80] } }).failures, ['cpu RESOURCE:CPU', 'mem RESOURCE:MEMORY', 'port RESOURCE:PORTS']);
  });

  it('places what fits and reports why the rest did not', () => {
    const instances = [instance('a', { remaining: { cpu: 2048, memory: 1024 } }), instance('b', { remaining: { cpu: 300, memory: 4096 } })];
    const { placements, failures } = run(instances, { count: 5 });
    assert.deepEqual(placements.map((p) => p.taskIndex), [0, 1, 2]);
    assert.deepEqual(ids(placements).sort(), ['a', 'a', 'b']);
    assert.deepEqual(failures, ['a RESOURCE:MEMORY', 'b RESOURCE:CPU']);
  });

  it('skips DRAINING and other inactive instances silently, and reports disconnected agents as AGENT', () => {
    const instances = [
      instance('draining', { status: 'DRAINING' }),
      instance('gone', { status: 'INACTIVE' }),
      instance('lost', { agentConnected: false }),
      instance('ok', { remaining: { cpu: 256, memory: 512 } }),
    ];
    const { placed, failures } = run(instances, { count: 2 });
    assert.deepEqual(placed, ['ok']);
    assert.deepEqual(failures, ['lost AGENT', 'ok RESOURCE:CPU']);
  });

  it('answers noContainerInstances when the cluster has no ACTIVE instance', () => {
    for (const instances of [[], [instance('draining', { status: 'DRAINING' })]]) {
      const result = place({ instances }, { count: 1, ...task }, { random: seededRandom(1) });
      assert.deepEqual(result, { kind: 'noContainerInstances', message: NO_CONTAINER_INSTANCES });
    }
    assert.equal(NO_CONTAINER_INSTANCES, 'No Container Instances were found in your cluster.');
  });

  it('refuses a request ECS would refuse, with InvalidParameterException', () => {
    const instances = [instance('a')];
    const bad: Partial<PlacementRequest>[] = [
      { count: 0 },
      { count: 11 },
      { count: 1.5 },
      { memory: -1 },
      { ports: { tcp: [70000] } },
      { placementStrategy: [{ type: 'spread', field: 'memory' }] },
      { placementStrategy: [{ type: 'binpack', field: 'instanceId' }] },
      { placementStrategy: [{ type: 'pack' } as never] },
      { placementStrategy: Array.from({ length: 6 }, () => ({ type: 'random' as const })) },
      { placementConstraints: [{ type: 'memberOf', expression: '' }] },
      { placementConstraints: [{ type: 'distinctInstance', expression: 'runningTasksCount == 0' }] },
      { placementConstraints: [{ type: 'sameZone' } as never] },
    ];
    for (const request of bad) {
      assert.throws(() => run(instances, request), (err: unknown) => err instanceof PlacementInputError && err.code === 'InvalidParameterException', JSON.stringify(request));
    }
    assert.throws(() => run(instances, { placementConstraints: [{ type: 'memberOf', expression: 'attribute:a ==' }] }), QueryError);
  });
});
