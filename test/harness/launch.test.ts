// The serialized launch through the harness: placement writes tasks and reservations together,
// and a launch that no longer fits is refused, never overcommitted. No server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWorld, instanceNow, runTask, seedInstance, seedInstances, seedTaskDefinition, startTask, tasksIn } from './index.js';

describe('harness: the serialized launch', () => {
  it('RunTask spread over 3 instances writes 3 PENDING tasks, one on each, and reserves their share', async () => {
    const world = createWorld();
    const instances = await seedInstances(world, { count: 3 });
    const td = await seedTaskDefinition(world);
    const out = await runTask(world, { taskDefinition: td, count: 3, placementStrategy: [{ type: 'spread', field: 'instanceId' }] });

    assert.deepEqual(out.failures, []);
    const tasks = await tasksIn(world);
    assert.deepEqual(tasks.map((t) => `${t.lastStatus}/${t.desiredStatus}`), ['PENDING/RUNNING', 'PENDING/RUNNING', 'PENDING/RUNNING']);
    assert.deepEqual(tasks.map((t) => t.containerInstanceId).sort(), instances.map((ci) => ci.id).sort());
    for (const ci of instances) {
      const placed = Object.values((await instanceNow(world, ci)).placed);
      assert.deepEqual(placed.map((p) => ({ cpu: p.cpu, memory: p.memory, group: p.group })), [{ cpu: 256, memory: 256, group: 'family:web' }]);
    }
  });

  it('two RunTask calls at once that do not both fit: the second gets what is left and failures, never more', async () => {
    const world = createWorld();
    const ci = await seedInstance(world, { cpu: 1024 });
    const td = await seedTaskDefinition(world);
    const [first, second] = await Promise.all([1, 2].map(() => runTask(world, { taskDefinition: td, count: 3 })));

    assert.equal(first?.tasks.length, 3);
    assert.equal(second?.tasks.length, 1);
    assert.deepEqual(second?.failures.map((f) => f.reason), ['RESOURCE:CPU']);
    assert.equal((await tasksIn(world)).length, 4);
    assert.equal(Object.keys((await instanceNow(world, ci)).placed).length, 4, '4 x 256 CPU units: the instance is full');
  });

  it('StartTask on an instance that has no memory left is refused by the re-check and writes nothing', async () => {
    const world = createWorld();
    const ci = await seedInstance(world, { memory: 256 });
    const td = await seedTaskDefinition(world);
    await runTask(world, { taskDefinition: td });
    const out = await startTask(world, { taskDefinition: td, instances: [ci] });

    assert.deepEqual(out, { tasks: [], failures: [{ arn: ci.arn, reason: 'RESOURCE:MEMORY' }] });
    assert.equal((await tasksIn(world)).length, 1);
    assert.equal((await instanceNow(world, ci)).version, ci.version + 1, 'only the first launch wrote the instance');
  });
});
