// Agent reports applied in batches: taskState messages that queue up in a session are applied in
// one transaction and each is acknowledged only after that transaction commits. Driven by a
// SCRIPTED AGENT (test/helpers/scriptedAgent.ts) against the real server, in process, so that the
// Store's COMMIT seam can be made to fail.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateClusterCommand, DescribeContainerInstancesCommand, DescribeTasksCommand, ECSClient, RegisterTaskDefinitionCommand, StartTaskCommand,
} from '@aws-sdk/client-ecs';
import type { TaskState } from '../../src/protocol/ecs/messages.js';
import { sameJson } from '../../src/api/ecs/task/report.js';
import { applyReports } from '../../src/control/session/records.js';
import { registerInstance, ScriptedAgent } from '../helpers/scriptedAgent.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const CLUSTER = 'batches';

const state = (taskArn: string, status: 'PENDING' | 'RUNNING'): TaskState => ({
  taskArn,
  status,
  containers: [{ name: 'web', status: status === 'RUNNING' ? 'RUNNING' : 'CREATED', runtimeId: 'rt-web', networkBindings: [] }],
});

describe('batched agent reports', () => {
  let server: TestServer;
  let ecs: ECSClient;
  const describeTask = async (arn: string) => (await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: [arn] }))).tasks?.[0];
  const describeInstance = async (arn: string) =>
    (await ecs.send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: [arn] }))).containerInstances?.[0];

  /** A connected agent and one task assigned to it, still PENDING. */
  async function agentWithTask(): Promise<{ agent: ScriptedAgent; instanceArn: string; taskArn: string }> {
    const instanceArn = await registerInstance(ecs, { cluster: CLUSTER });
    const agent = await ScriptedAgent.connect({ endpoint: server.url, credentials: server.clientConfig.credentials, cluster: CLUSTER, containerInstanceArn: instanceArn });
    await agent.latestTasks();
    const run = await ecs.send(new StartTaskCommand({ cluster: CLUSTER, taskDefinition: 'app', containerInstances: [instanceArn] }));
    const taskArn = run.tasks?.[0]?.taskArn ?? '';
    await agent.next((m) => m.type === 'tasks' && m.tasks.some((t) => t.taskArn === taskArn));
    return { agent, instanceArn, taskArn };
  }

  before(async () => {
    server = await startTestServer();
    ecs = new ECSClient(server.clientConfig);
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'app', containerDefinitions: [{ name: 'web', image: 'nginx', memory: 64 }] }));
  });
  after(async () => server.stop());

  it('applies reports that arrive together in one transaction, acking each after it commits', async () => {
    const { agent, instanceArn, taskArn } = await agentWithTask();
    const before = await describeTask(taskArn);
    const instanceBefore = await describeInstance(instanceArn);
    const store = server.services.store as unknown as { transaction: (...args: unknown[]) => Promise<unknown> };
    const transaction = store.transaction;
    let transactions = 0;
    store.transaction = (...args: unknown[]) => {
      transactions++;
      return transaction.apply(server.services.store, args);
    };
    try {
      const acks = [agent.next((m) => m.type === 'ack' && m.id === 'p1'), agent.next((m) => m.type === 'ack' && m.id === 'r1')];
      agent.send({ type: 'taskState', id: 'p1', task: state(taskArn, 'PENDING') });
      agent.send({ type: 'taskState', id: 'r1', task: state(taskArn, 'RUNNING') });
      await Promise.all(acks);
      assert.equal(transactions, 1, 'both reports in one transaction');
    } finally {
      store.transaction = transaction;
    }
    const after = await describeTask(taskArn);
    assert.equal(after?.lastStatus, 'RUNNING');
    assert.equal(after?.containers?.[0]?.runtimeId, 'rt-web');
    assert.equal(after?.version, (before?.version ?? 0) + 1, 'the task is written once');
    const instanceAfter = await describeInstance(instanceArn);
    assert.equal(instanceAfter?.version, (instanceBefore?.version ?? 0) + 1, 'the instance is written once');
    assert.equal(instanceAfter?.runningTasksCount, 1);
    await agent.close();
  });

  it('a batch whose COMMIT fails acks nothing and leaves no trace; the agent resend applies it', async () => {
    const { agent, taskArn } = await agentWithTask();
    const before = await describeTask(taskArn);
    const seam = server.services.store as unknown as { commit(): void };
    const commit = seam.commit;
    let failed = 0;
    seam.commit = () => {
      failed++;
      throw new Error('disk full');
    };
    const from = agent.received.length;
    try {
      agent.send({ type: 'taskState', id: 'p2', task: state(taskArn, 'PENDING') });
      agent.send({ type: 'taskState', id: 'r2', task: state(taskArn, 'RUNNING') });
      const deadline = Date.now() + 3000;
      while (failed === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.ok(failed > 0, 'the batch reached COMMIT');
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      seam.commit = commit;
    }
    const acked = agent.received.slice(from).filter((m) => m.type === 'ack').map((m) => (m.type === 'ack' ? m.id : ''));
    assert.deepEqual(acked, [], 'nothing acked');
    const untouched = await describeTask(taskArn);
    assert.equal(untouched?.lastStatus, 'PENDING');
    assert.equal(untouched?.version, before?.version);
    assert.equal(untouched?.containers?.[0]?.runtimeId, undefined);
    // The agent re-sends what was not acknowledged.
    const acks = [agent.next((m) => m.type === 'ack' && m.id === 'p2'), agent.next((m) => m.type === 'ack' && m.id === 'r2')];
    agent.send({ type: 'taskState', id: 'p2', task: state(taskArn, 'PENDING') });
    agent.send({ type: 'taskState', id: 'r2', task: state(taskArn, 'RUNNING') });
    await Promise.all(acks);
    const applied = await describeTask(taskArn);
    assert.equal(applied?.lastStatus, 'RUNNING');
    assert.equal(applied?.containers?.[0]?.runtimeId, 'rt-web');
    await agent.close();
  });

  it('applyReports folds every report of a task into one write, in order, forward-only', async () => {
    const { agent, instanceArn, taskArn } = await agentWithTask();
    await agent.close();
    const before = await describeTask(taskArn);
    const instanceId = instanceArn.split('/').at(-1) ?? '';
    const changed = await applyReports(server.services, { clusterName: CLUSTER, instanceId }, [
      state(taskArn, 'PENDING'), state(taskArn, 'RUNNING'), state(taskArn, 'PENDING'),
    ]);
    assert.equal(changed.length, 1);
    assert.equal(changed[0]?.lastStatus, 'RUNNING');
    assert.equal(changed[0]?.version, (before?.version ?? 0) + 1);
    const again = await applyReports(server.services, { clusterName: CLUSTER, instanceId }, [state(taskArn, 'RUNNING')]);
    assert.deepEqual(again, [], 'a repeated report changes nothing');
    assert.equal((await describeTask(taskArn))?.lastStatus, 'RUNNING');
  });
});

describe('sameJson (the no-change check of applyReport)', () => {
  it('reads as JSON.stringify equality, ignoring key order and keys holding undefined', () => {
    const cases: [unknown, unknown][] = [
      [{ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 }],
      [{ a: 1, u: undefined }, { a: 1 }],
      [{ a: 1 }, { a: 1, u: undefined }],
      [{ a: [1, 2] }, { a: [1, 2, 3] }],
      [{ a: { b: null } }, { a: { b: 0 } }],
      [{ a: '1' }, { a: 1 }],
      [{ a: 1 }, { a: 1, b: 2 }],
      [[], {}],
    ];
    const canonical = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => (p < q ? -1 : 1))) : x));
    for (const [a, b] of cases) assert.equal(sameJson(a, b), canonical(a) === canonical(b), `${canonical(a)} vs ${canonical(b)}`);
  });
});
