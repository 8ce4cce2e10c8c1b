// The service controller's apply through the harness: one plan launches a new service's tasks,
// and a plan made from a snapshot the service has since moved past is refused. No server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { putService } from '../../src/api/ecs/service/repo.js';
import {
  applyTo, createWorld, planOf, reconcile, seedCluster, seedInstances, seedService, seedTaskDefinition, serviceNow, snapshotOf, tasksIn,
} from './index.js';

describe('harness: the service apply', () => {
  it('a service with desiredCount 2 gets 2 tasks of its deployment, on 2 instances, from one applyPlan', async () => {
    const world = createWorld();
    await seedCluster(world);
    await seedInstances(world, { count: 3 });
    const service = await seedService(world, { taskDefinition: await seedTaskDefinition(world), desiredCount: 2 });
    const run = await reconcile(world, service);

    assert.equal(run.applied.committed, true);
    const deployment = service.deployments[0]?.id;
    assert.deepEqual(run.plan.launches, [{ deploymentId: deployment, count: 2 }]);
    const tasks = await tasksIn(world);
    assert.deepEqual(tasks.map((t) => [t.group, t.startedBy, t.lastStatus]), [['service:web', deployment, 'PENDING'], ['service:web', deployment, 'PENDING']]);
    assert.equal(new Set(tasks.map((t) => t.containerInstanceId)).size, 2, 'spread over instances by default');
    const after = await serviceNow(world, service);
    assert.equal(after.version, service.version + 1);
    assert.match(after.events[0]?.message ?? '', /^\(service web\) has started 2 tasks: /);
  });

  it('a plan from a snapshot the service has changed since is refused: nothing is written', async () => {
    const world = createWorld();
    await seedInstances(world, { count: 2 });
    const service = await seedService(world, { taskDefinition: await seedTaskDefinition(world), desiredCount: 2 });
    const snapshot = await snapshotOf(world, service);
    const plan = planOf(world, snapshot);
    // UpdateService lands between the snapshot and the apply.
    await world.store.transaction((tx) => putService(tx, { ...service, desiredCount: 0, version: service.version + 1 }));
    const applied = await applyTo(world, { snapshot, plan });

    assert.equal(applied.committed, false);
    assert.deepEqual(await tasksIn(world), []);
    const now = await serviceNow(world, service);
    assert.deepEqual([now.desiredCount, now.version, now.events], [0, service.version + 1, []]);
  });
});
