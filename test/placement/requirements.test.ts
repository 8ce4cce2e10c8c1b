// What a request requires of an instance besides resources and constraints: the task
// definition's requiresAttributes (ATTRIBUTE) and the launch type (EC2 on `i-`, EXTERNAL on `mi-`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  indexSnapshot, instanceLaunchType, NO_CONTAINER_INSTANCES, place, PlacementInputError, seededRandom,
  type ContainerInstanceView, type PlacementRequest,
} from '../../src/placement/index.js';
import { ARN, ids, instance } from './fixtures.js';

const task = { cpu: 256, memory: 512, group: 'family:web', family: 'web' };
const HEALTH = { name: 'ecs.capability.container-health-check' };
const API_119 = { name: 'com.amazonaws.ecs.capability.docker-remote-api.1.19' };

function run(instances: ContainerInstanceView[], request: Partial<PlacementRequest>) {
  const result = place({ instances }, { count: 1, ...task, ...request }, { random: seededRandom(3) });
  if (result.kind !== 'placed') return result;
  return { placed: ids(result.placements), failures: result.failures.map((f) => `${f.arn.slice(ARN.length)} ${f.reason}`) };
}

const withAttributes = (id: string, attributes: ContainerInstanceView['attributes'], over: Partial<ContainerInstanceView> = {}) =>
  instance(id, { attributes: [{ name: 'ecs.os-type', value: 'linux' }, ...attributes], ...over });

describe('requiresAttributes', () => {
  it('places only on instances with every required attribute; the others fail with ATTRIBUTE', () => {
    const instances = [
      withAttributes('both', [HEALTH, API_119]),
      withAttributes('health', [HEALTH]),
      withAttributes('none', []),
    ];
    const out = run(instances, { count: 3, requiresAttributes: [API_119, HEALTH] });
    assert.deepEqual(out, { placed: ['both', 'both', 'both'], failures: [] });
    const crowded = run(instances.map((i) => ({ ...i, remaining: { cpu: 256, memory: 512 } })), { count: 2, requiresAttributes: [API_119, HEALTH] });
    assert.deepEqual(crowded, { placed: ['both'], failures: ['both RESOURCE:CPU', 'health ATTRIBUTE', 'none ATTRIBUTE'] });
  });

  it('matches the value when the requirement has one', () => {
    const instances = [withAttributes('prod', [{ name: 'stack', value: 'prod' }]), withAttributes('dev', [{ name: 'stack', value: 'dev' }])];
    assert.deepEqual(run(instances, { count: 2, requiresAttributes: [{ name: 'stack', value: 'prod' }] }), { placed: ['prod', 'prod'], failures: [] });
    assert.deepEqual(run(instances, { requiresAttributes: [{ name: 'stack', value: 'test' }] }), { placed: [], failures: ['prod ATTRIBUTE', 'dev ATTRIBUTE'] });
  });

  it('reports AGENT before ATTRIBUTE before MemberOf, and asks nothing when nothing is required', () => {
    const instances = [
      withAttributes('lost', [], { agentConnected: false }),
      withAttributes('bare', []),
      withAttributes('able', [HEALTH], { attributes: [HEALTH, { name: 'ecs.instance-type', value: 'm5.large' }] }),
    ];
    const out = run(instances, { requiresAttributes: [HEALTH], placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type == t2.small' }] });
    assert.deepEqual(out, { placed: [], failures: ['lost AGENT', 'bare ATTRIBUTE', 'able MemberOf'] });
    assert.equal((run(instances, { requiresAttributes: [] }) as { placed: string[] }).placed.length, 1);
  });

  it('gives the same answers from a shared index, whatever the order of the requirements', () => {
    const index = indexSnapshot({ instances: [withAttributes('a', [HEALTH]), withAttributes('b', [HEALTH, API_119])] });
    for (const requiresAttributes of [[HEALTH, API_119], [API_119, HEALTH]]) {
      const result = place(index, { count: 2, ...task, requiresAttributes }, { random: seededRandom(1) });
      assert.deepEqual(result.kind === 'placed' && [ids(result.placements), result.failures], [['b', 'b'], []]);
    }
    const looser = place(index, { count: 2, ...task, requiresAttributes: [HEALTH] }, { random: seededRandom(1) });
    assert.deepEqual(looser.kind === 'placed' && looser.failures, []);
    const failing = place(index, { count: 1, ...task, requiresAttributes: [API_119, { name: 'ecs.capability.efsAuth' }] }, { random: seededRandom(1) });
    assert.deepEqual(failing.kind === 'placed' && failing.failures.map((f) => f.reason), ['ATTRIBUTE', 'ATTRIBUTE']);
    assert.throws(() => place(index, { count: 1, ...task, requiresAttributes: [{ name: '' }] }, { random: seededRandom(1) }), PlacementInputError);
  });
});

describe('launch types', () => {
  const fleet = [instance('ec2', { ec2InstanceId: 'i-0123456789abcdef0' }), instance('anywhere', { ec2InstanceId: 'mi-0123456789abcdef0' })];

  it('tells EXTERNAL (mi-) instances from EC2 ones', () => {
    assert.equal(instanceLaunchType({ ec2InstanceId: 'mi-0123456789abcdef0' }), 'EXTERNAL');
    assert.equal(instanceLaunchType({ ec2InstanceId: 'i-0123456789abcdef0' }), 'EC2');
    assert.equal(instanceLaunchType({}), 'EC2');
    assert.equal(instanceLaunchType({ ec2InstanceId: 'i-0123456789abcdef0', attributes: [{ name: 'ecs.capability.external' }] }), 'EXTERNAL');
  });

  it('places EC2 tasks only on EC2 instances and EXTERNAL tasks only on external ones, silently skipping the rest', () => {
    assert.deepEqual(run(fleet, { count: 3, launchType: 'EC2' }), { placed: ['ec2', 'ec2', 'ec2'], failures: [] });
    assert.deepEqual(run(fleet, { count: 3, launchType: 'EXTERNAL' }), { placed: ['anywhere', 'anywhere', 'anywhere'], failures: [] });
    const full = run(fleet.map((i) => ({ ...i, remaining: { cpu: 0, memory: 0 } })), { launchType: 'EXTERNAL' });
    assert.deepEqual(full, { placed: [], failures: ['anywhere RESOURCE:CPU'] }, 'the EC2 instance is not reported');
    assert.equal((run(fleet, { count: 4 }) as { placed: string[] }).placed.length, 4, 'no launch type: every instance');
  });

  it('answers noContainerInstances when no ACTIVE instance has the launch type', () => {
    assert.deepEqual(run([fleet[0] as ContainerInstanceView], { launchType: 'EXTERNAL' }), { kind: 'noContainerInstances', message: NO_CONTAINER_INSTANCES });
    assert.deepEqual(run([fleet[1] as ContainerInstanceView], { launchType: 'EC2' }), { kind: 'noContainerInstances', message: NO_CONTAINER_INSTANCES });
    assert.deepEqual(run([{ ...(fleet[1] as ContainerInstanceView), status: 'DRAINING' }, fleet[0] as ContainerInstanceView], { launchType: 'EXTERNAL' }), { kind: 'noContainerInstances', message: NO_CONTAINER_INSTANCES });
  });
});
