// The service planner on plain data: what it launches, retires and stops, and how deployments end.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planService } from '../../../src/control/service/plan.js';
import type { ServiceRecord } from '../../../src/api/ecs/service/model.js';
import type { TaskRecord } from '../../../src/api/ecs/task/model.js';
import { deployment, instance, NOW, plan, service, snapshot, task, TG } from './harness.js';

const snapshotWith = (svc: ServiceRecord, tasks: TaskRecord[]) => snapshot({ service: svc, tasks });

const rolling = () => service({ deployments: [deployment('new'), deployment('old', { status: 'ACTIVE', rolloutState: 'COMPLETED' })] });
const withLb = (over = {}) => ({ loadBalancers: [{ targetGroupArn: TG, containerName: 'web', containerPort: 80 }], ...over });

test('a new service launches its desired count', () => {
  const p = plan({});
  assert.deepEqual(p.launches, [{ deploymentId: 'new', count: 3 }]);
  assert.equal(p.stops.length, 0);
});

test('three ready tasks: the deployment completes and the service reports a steady state once', () => {
  const p = plan({ tasks: [task('1'), task('2'), task('3')] });
  assert.equal(p.launches.length, 0);
  assert.equal(p.service.deployments[0]?.rolloutState, 'COMPLETED');
  assert.equal(p.service.runningCount, 3);
  assert.ok(p.service.events.some((e) => e.message === '(service web) has reached a steady state.'));
  const again = plan({ service: p.service, tasks: [task('1'), task('2'), task('3')] });
  assert.equal(again.service, p.service, 'nothing changes the second time');
});

test('rolling update within 200/100: new tasks start beside the old ones, none of which stop yet', () => {
  const old = ['1', '2', '3'].map((id) => task(id, { deployment: 'old' }));
  const p = plan({ service: rolling(), tasks: old });
  assert.deepEqual(p.launches, [{ deploymentId: 'new', count: 3 }]);
  assert.equal(p.stops.length, 0);
});

test('maximumPercent caps the new tasks; minimumHealthyPercent 50 lets old ones go first', () => {
  const svc = rolling();
  svc.deploymentConfiguration = { ...svc.deploymentConfiguration, maximumPercent: 100, minimumHealthyPercent: 50 };
  const old = ['1', '2', '3', '4'].map((id) => task(id, { deployment: 'old' }));
  const p = plan({ service: { ...svc, desiredCount: 4 }, tasks: old });
  assert.deepEqual(p.launches, []);
  assert.equal(p.stops.length, 2, 'two of four may stop while two stay ready');
});

test('old tasks are deregistered (draining) once the new ones pass their load balancer checks, and stopped only after draining', () => {
  const svc = { ...rolling(), ...withLb() };
  const regs: Record<string, { targetGroupArn: string; id: string; port: number }[]> = {};
  const tasks = [];
  for (const [i, dep] of [[1, 'old'], [2, 'old'], [3, 'old'], [4, 'new'], [5, 'new'], [6, 'new']] as const) {
    regs[String(i)] = [{ targetGroupArn: TG, id: 'i-a', port: 32000 + i }];
    tasks.push(task(String(i), { deployment: dep, hostPort: 32000 + i }));
  }
  const targets = Object.fromEntries(tasks.map((t, i) => [`i-a ${32001 + i}`, { health: 'healthy' as const }]));
  const p = plan({ service: { ...svc, registered: regs }, tasks, targets });
  assert.equal(p.stops.length, 0, 'nothing stops before draining');
  assert.deepEqual(p.deregister.map((t) => t.port).sort(), [32001, 32002, 32003]);
  assert.deepEqual(Object.keys(p.service.retiring).sort(), ['1', '2', '3']);
  const messages = p.service.events.map((e) => e.message);
  assert.ok(messages.includes('(service web) has begun draining connections on 3 tasks.'), messages.join('\n'));
  assert.ok(messages.includes(`(service web) deregistered 3 targets in (target-group ${TG})`));
  // The data plane drained and removed the old targets: now they stop.
  const drainedTargets = Object.fromEntries(tasks.slice(3).map((t, i) => [`i-a ${32004 + i}`, { health: 'healthy' as const }]));
  const next = plan({ service: p.service, tasks, targets: drainedTargets });
  assert.deepEqual(next.stops.map((s) => s.taskId).sort(), ['1', '2', '3']);
  assert.ok(next.service.events.some((e) => /^\(service web\) has stopped 3 running tasks: \(task \d\) \(task \d\) \(task \d\)\.$/.test(e.message)));
});

test('a new task is not ready until its target is healthy: old tasks stay', () => {
  const svc = { ...rolling(), ...withLb(), registered: { 4: [{ targetGroupArn: TG, id: 'i-a', port: 32004 }] } };
  const tasks = [task('1', { deployment: 'old' }), task('2', { deployment: 'old' }), task('3', { deployment: 'old' }), task('4', { hostPort: 32004 })];
  const p = plan({ service: svc, tasks, targets: { 'i-a 32004': { health: 'initial' } } });
  assert.equal(p.deregister.length, 0);
  assert.equal(Object.keys(p.service.retiring).length, 0);
});

test('a running task with a known host port is registered in the target group', () => {
  const p = plan({ service: service(withLb()), tasks: [task('1', { hostPort: 32768 })] });
  assert.deepEqual(p.register, [{ targetGroupArn: TG, id: 'i-a', port: 32768 }]);
});

test('the circuit breaker fails the deployment after three failed tasks and rolls back to the completed one', () => {
  let svc = rolling();
  const old = ['1', '2', '3'].map((id) => task(id, { deployment: 'old' }));
  svc = { ...svc, tracked: { f1: 'new', f2: 'new', f3: 'new' } };
  const failed = ['f1', 'f2', 'f3'].map((id) => task(id, { status: 'STOPPED', stopCode: 'EssentialContainerExited' }));
  const p = plan({ service: svc, tasks: [...old, ...failed] });
  // The old tasks are all still ready, so the rollback completes at once and the failed deployment goes.
  assert.deepEqual(p.service.deployments.map((d) => [d.id, d.status, d.rolloutState]), [['old', 'PRIMARY', 'COMPLETED']]);
  assert.equal(p.service.taskDefinitionArn, 'td:old');
  const messages = p.service.events.map((e) => e.message);
  assert.ok(messages.includes('(service web) (deployment new) deployment failed: tasks failed to start.'));
  assert.ok(messages.includes('(service web) (deployment new) rolling back to (deployment old).'));
  assert.equal(p.stops.length, 0, 'the old tasks keep serving');
});

test('while a rollback is still in progress the failed deployment stays listed as FAILED', () => {
  const svc = { ...rolling(), tracked: { f1: 'new', f2: 'new', f3: 'new' } };
  const old = [task('1', { deployment: 'old' }), task('2', { deployment: 'old' })];
  const failed = ['f1', 'f2', 'f3'].map((id) => task(id, { status: 'STOPPED', stopCode: 'EssentialContainerExited' }));
  const p = plan({ service: svc, tasks: [...old, ...failed] });
  assert.deepEqual(p.service.deployments.map((d) => [d.id, d.rolloutState]), [['old', 'IN_PROGRESS'], ['new', 'FAILED']]);
  assert.deepEqual(p.launches, [{ deploymentId: 'old', count: 1 }]);
});

test('repeated failures throttle launches and ask to be woken later', () => {
  const svc = service({ failures: { consecutive: 4, lastAt: NOW - 1000 } });
  const p = plan({ service: svc });
  assert.deepEqual(p.launches, []);
  assert.ok(p.wakeAt !== undefined && p.wakeAt > NOW);
});

test('a task on a draining instance is replaced elsewhere first, then retired', () => {
  const instances = [instance('a', { status: 'DRAINING' }), instance('b')];
  const tasks = [task('1', { on: 'a' }), task('2', { on: 'b' }), task('3', { on: 'b' })];
  const p = plan({ tasks, instances });
  assert.deepEqual(p.launches, [{ deploymentId: 'new', count: 1 }]);
  assert.equal(p.stops.length, 0, 'min healthy 100%: task 1 stays until its replacement is ready');
});

test('DAEMON: one task per active instance, and none on a draining one', () => {
  const svc = service({ schedulingStrategy: 'DAEMON', deploymentConfiguration: { ...service().deploymentConfiguration, maximumPercent: 100, minimumHealthyPercent: 0 } });
  const p = plan({ service: svc, instances: [instance('a'), instance('b'), instance('c', { status: 'DRAINING' })], tasks: [task('3', { on: 'c' })] });
  assert.deepEqual(p.launches.map((l) => l.instanceId).sort(), ['a', 'b']);
  assert.deepEqual(p.stops.map((s) => s.taskId), ['3']);
  assert.equal(p.service.desiredCount, 2);
});

test('a deleted (DRAINING) service stops everything and becomes INACTIVE when nothing is left', () => {
  const svc = service({ status: 'DRAINING', desiredCount: 0 });
  const p = plan({ service: svc, tasks: [task('1')] });
  assert.deepEqual(p.stops.map((s) => s.taskId), ['1']);
  const done = plan({ service: p.service, tasks: [task('1', { status: 'STOPPED', stopCode: 'ServiceSchedulerInitiated' })] });
  assert.equal(done.service.status, 'INACTIVE');
});

test('blue/green (the CODE_DEPLOY controller): the new set starts in the alternate group at weight 0, takes all traffic once ready, then the old set goes', () => {
  const GREEN = `${TG}-green`;
  const lbs = [{ targetGroupArn: TG, containerName: 'web', containerPort: 80, advancedConfiguration: { alternateTargetGroupArn: GREEN, productionListenerRule: 'rule' } }];
  let svc = service({ desiredCount: 1, loadBalancers: lbs, deploymentController: { type: 'CODE_DEPLOY' }, deployments: [deployment('new', { desiredCount: 1 }), deployment('old', { status: 'ACTIVE', rolloutState: 'COMPLETED', targetGroupArns: [TG] })] });
  svc = { ...svc, registered: { o: [{ targetGroupArn: TG, id: 'i-a', port: 31000 }] } };
  const oldTask = task('o', { deployment: 'old', hostPort: 31000 });
  const first = plan({ service: svc, tasks: [oldTask], targets: { 'i-a 31000': { health: 'healthy' } } });
  assert.deepEqual(first.service.deployments[0]?.targetGroupArns, [GREEN]);
  assert.deepEqual(first.shifts, [{ rule: 'rule', weights: [{ targetGroupArn: TG, weight: 100 }, { targetGroupArn: GREEN, weight: 0 }] }]);
  assert.deepEqual(first.launches, [{ deploymentId: 'new', count: 1 }]);
  assert.equal(first.deregister.length, 0, 'the old set keeps serving');
  // The green task is registered in the green group and healthy there: all traffic moves at once.
  const greenTask = task('g', { hostPort: 32000 });
  const ready = { ...first.service, registered: { ...first.service.registered, g: [{ targetGroupArn: GREEN, id: 'i-a', port: 32000 }] } };
  const second = planService({ ...snapshotWith(ready, [oldTask, greenTask]), targets: new Map([
    [`${TG} i-a 31000`, { state: 'registered', health: { state: 'healthy' } }],
    [`${GREEN} i-a 32000`, { state: 'registered', health: { state: 'healthy' } }],
  ]) }, { newId: () => 'x' });
  assert.deepEqual(second.shifts, [{ rule: 'rule', weights: [{ targetGroupArn: TG, weight: 0 }, { targetGroupArn: GREEN, weight: 100 }] }]);
  assert.equal(second.service.deployments[0]?.stage, 'PRODUCTION_TRAFFIC_SHIFT');
});

test('tasks failing their load balancer checks on a host whose agent is gone are replaced without counting as failures', () => {
  const svc = service({ ...withLb(), desiredCount: 4, registered: Object.fromEntries(['1', '2', '3', '4'].map((id, i) => [id, [{ targetGroupArn: TG, id: 'i-a', port: 33000 + i }]])) });
  const tasks = ['1', '2', '3', '4'].map((id, i) => task(id, { hostPort: 33000 + i }));
  const targets = Object.fromEntries(tasks.map((_, i) => [`i-a ${33000 + i}`, { health: 'unhealthy' as const }]));
  const p = plan({ service: svc, tasks, targets, instances: [instance('a', { agentConnected: false }), instance('b')] });
  assert.equal(p.stops.length, 4);
  assert.equal(p.service.failures.consecutive, 0);
  assert.deepEqual(p.launches, [{ deploymentId: 'new', count: 4 }]);
});

test('DAEMON honours memberOf constraints: only matching instances get a task', () => {
  const svc = service({
    schedulingStrategy: 'DAEMON', placementConstraints: [{ type: 'memberOf', expression: 'attribute:role == edge' }],
    deploymentConfiguration: { ...service().deploymentConfiguration, maximumPercent: 100, minimumHealthyPercent: 0 },
  });
  const p = plan({ service: svc, instances: [instance('a', { attributes: [{ name: 'role', value: 'edge' }] }), instance('b')] });
  assert.deepEqual(p.launches.map((l) => l.instanceId), ['a']);
  assert.equal(p.service.desiredCount, 1);
});
