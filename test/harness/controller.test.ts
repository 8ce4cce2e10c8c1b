// The service controller over the harness's world with a recording applier: what it decided and
// what the real applyPlan wrote, asserted without a server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWorld, recordingApplier, seedInstances, seedService, seedTaskDefinition, startController, tasksIn } from './index.js';

describe('harness: the controller with a recording applier', () => {
  it('launches a new service\'s 2 tasks in its first run, and does not launch them again', async () => {
    const world = createWorld();
    await seedInstances(world, { count: 2 });
    const service = await seedService(world, { taskDefinition: await seedTaskDefinition(world), desiredCount: 2 });
    const recorder = recordingApplier();
    const controller = startController(world, { apply: recorder.apply });
    try {
      await recorder.applied(1);
      await controller.drained();
    } finally {
      await controller.close();
    }

    const [first, ...later] = recorder.runs;
    assert.ok(first && 'applied' in first, 'the first run applied its plan');
    assert.deepEqual(first.plan.launches, [{ deploymentId: service.deployments[0]?.id, count: 2 }]);
    assert.equal(first.applied.committed, true);
    assert.deepEqual(first.applied.tasks.map((t) => t.lastStatus), ['PENDING', 'PENDING']);
    assert.deepEqual(later.flatMap((r) => r.plan.launches), [], 'the tasks it launched are counted, not launched twice');
    assert.equal((await tasksIn(world)).length, 2);
  });
});
