// Pure: the task loop's decisions (plan, taskStatus, taskHealth).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerRecord, NamedContainer } from '../../src/agent/engine/model.js';
import { plan, taskHealth, taskStatus, type ContainerView, type TaskView } from '../../src/agent/engine/plan.js';

function c(def: NamedContainer, record: Partial<ContainerRecord> = {}, inFlight = false): ContainerView {
  return { def, inFlight, record: { name: def.name, essential: def.essential !== false, known: 'NONE', networkBindings: [], ...record } };
}
const task = (desired: TaskView['desired'], ...containers: ContainerView[]): TaskView => ({ desired, containers });

describe('plan', () => {
  it('moves each container one status forward', () => {
    const p = plan(task('RUNNING', c({ name: 'a' }), c({ name: 'b' }, { known: 'PULLED' }), c({ name: 'd' }, { known: 'CREATED' }), c({ name: 'e' }, {}, true)));
    assert.deepEqual(p.steps, [
      { kind: 'transition', container: 'a', to: 'PULLED' },
      { kind: 'transition', container: 'b', to: 'CREATED' },
      { kind: 'transition', container: 'd', to: 'RUNNING' },
    ]);
  });

  it('waits for dependsOn conditions before RUNNING, not before pulling or creating', () => {
    const app: NamedContainer = { name: 'app', dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }, { containerName: 'db', condition: 'HEALTHY' }] };
    const created = { known: 'CREATED' as const };
    assert.deepEqual(plan(task('RUNNING', c(app, created), c({ name: 'init', essential: false }, { known: 'RUNNING' }), c({ name: 'db' }, { known: 'RUNNING', health: 'UNKNOWN' }))).steps, []);
    const ready = plan(task('RUNNING', c(app, created), c({ name: 'init', essential: false }, { known: 'STOPPED', exitCode: 0 }), c({ name: 'db' }, { known: 'RUNNING', health: 'HEALTHY' })));
    assert.deepEqual(ready.steps, [{ kind: 'transition', container: 'app', to: 'RUNNING' }]);
    const never = plan(task('RUNNING', c(app, created), c({ name: 'init', essential: false }, { known: 'STOPPED', exitCode: 1 }), c({ name: 'db' }, { known: 'RUNNING', health: 'HEALTHY' })));
    assert.equal(never.steps[0]?.kind, 'unresolvable');
    assert.equal(plan(task('RUNNING', c(app), c({ name: 'init' }), c({ name: 'db' }))).steps.length, 3);
  });

  it('creates after volumesFrom sources exist and link targets run', () => {
    const p = plan(task('RUNNING', c({ name: 'web', links: ['db:database'], volumesFrom: [{ sourceContainer: 'data' }] }, { known: 'PULLED' }),
      c({ name: 'db' }, { known: 'CREATED', runtimeId: 'x' }), c({ name: 'data' }, { known: 'CREATED', runtimeId: 'y' })));
    assert.deepEqual(p.steps.map((s) => s.container), ['db', 'data']);
  });

  it('stops the task when an essential container stops or any fails to start', () => {
    assert.deepEqual(plan(task('RUNNING', c({ name: 'a' }, { known: 'STOPPED', exitCode: 0 }), c({ name: 'b' }, { known: 'RUNNING' }))).stopTask,
      { stopCode: 'EssentialContainerExited', reason: 'Essential container in task exited' });
    assert.equal(plan(task('RUNNING', c({ name: 'a', essential: false }, { known: 'STOPPED' }), c({ name: 'b' }, { known: 'RUNNING' }))).stopTask, undefined);
    assert.deepEqual(plan(task('RUNNING', c({ name: 'a' }, { known: 'STOPPED', startFailed: true, reason: 'CannotPullContainerError: x' }))).stopTask,
      { stopCode: 'TaskFailedToStart', reason: 'CannotPullContainerError: x' });
  });

  it('stops dependents before what they depend on, then finishes', () => {
    const app: NamedContainer = { name: 'app', dependsOn: [{ containerName: 'db', condition: 'START' }] };
    assert.deepEqual(plan(task('STOPPED', c(app, { known: 'RUNNING' }), c({ name: 'db' }, { known: 'RUNNING' }))).steps,
      [{ kind: 'transition', container: 'app', to: 'STOPPED' }]);
    assert.deepEqual(plan(task('STOPPED', c(app, { known: 'STOPPED' }), c({ name: 'db' }, { known: 'RUNNING' }))).steps,
      [{ kind: 'transition', container: 'db', to: 'STOPPED' }]);
    const done = plan(task('STOPPED', c(app, { known: 'STOPPED' }), c({ name: 'db' }, { known: 'STOPPED' })));
    assert.equal(done.finished, true);
    assert.equal(plan(task('STOPPED', c(app, { known: 'STOPPED' }), c({ name: 'db' }, { known: 'PULLED' }, true))).finished, false);
  });
});

describe('taskStatus and taskHealth', () => {
  const status = (t: TaskView, previous: Parameters<typeof taskStatus>[0]['previous'], resourcesReleased = false) => taskStatus({ ...t, previous, resourcesReleased });
  it('is PENDING until every essential container runs, then RUNNING, STOPPING, STOPPED; never backwards', () => {
    assert.equal(status(task('RUNNING', c({ name: 'a' }, { known: 'RUNNING' }), c({ name: 'b' }, { known: 'CREATED' })), 'PENDING'), 'PENDING');
    assert.equal(status(task('RUNNING', c({ name: 'a' }, { known: 'RUNNING' }), c({ name: 'b', essential: false }, { known: 'CREATED' })), 'PENDING'), 'RUNNING');
    assert.equal(status(task('RUNNING', c({ name: 'a' }, { known: 'CREATED' })), 'RUNNING'), 'RUNNING');
    assert.equal(status(task('STOPPED', c({ name: 'a' }, { known: 'RUNNING' })), 'RUNNING'), 'STOPPING');
    assert.equal(status(task('STOPPED', c({ name: 'a' }, { known: 'STOPPED' })), 'STOPPING'), 'STOPPING');
    assert.equal(status(task('STOPPED', c({ name: 'a' }, { known: 'STOPPED' })), 'STOPPING', true), 'STOPPED');
  });
  it('is HEALTHY when all essential checked containers are, UNHEALTHY if any is not', () => {
    const hc = { command: ['CMD', 'true'] };
    assert.equal(taskHealth([c({ name: 'a' })]), 'UNKNOWN');
    assert.equal(taskHealth([c({ name: 'a', healthCheck: hc }, { health: 'HEALTHY' }), c({ name: 'b', healthCheck: hc }, { health: 'UNKNOWN' })]), 'UNKNOWN');
    assert.equal(taskHealth([c({ name: 'a', healthCheck: hc }, { health: 'HEALTHY' }), c({ name: 'b', healthCheck: hc, essential: false }, { health: 'UNHEALTHY' })]), 'HEALTHY');
    assert.equal(taskHealth([c({ name: 'a', healthCheck: hc }, { health: 'HEALTHY' }), c({ name: 'b', healthCheck: hc }, { health: 'UNHEALTHY' })]), 'UNHEALTHY');
  });
});
