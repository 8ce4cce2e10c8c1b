// Placement reads the container instances from the Store's in-memory copy (src/state/recordCache.ts).
// Through the public door: a RunTask whose transaction fails reserves nothing; after a restart the
// reservations are read back from the data dir; RunTask calls racing the agents' reports never
// overcommit an instance.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  CreateClusterCommand, DescribeContainerInstancesCommand, DescribeTasksCommand, ECSClient, RegisterTaskDefinitionCommand, RunTaskCommand,
} from '@aws-sdk/client-ecs';
import type { Tx } from '../../src/state/store.js';
import { registerInstance, ScriptedAgent } from '../helpers/scriptedAgent.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const CLUSTER = 'cache';

async function setUp(server: TestServer, instances: number, memory: number) {
  const ecs = new ECSClient(server.clientConfig);
  await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
  await ecs.send(new RegisterTaskDefinitionCommand({ family: 'app', containerDefinitions: [{ name: 'web', image: 'nginx', memory: 64 }] }));
  const arns: string[] = [];
  for (let i = 0; i < instances; i++) arns.push(await registerInstance(ecs, { cluster: CLUSTER, memory }));
  return { ecs, arns };
}

function connect(server: TestServer, arn: string, autoRun = false) {
  return ScriptedAgent.connect({ endpoint: server.url, credentials: server.clientConfig.credentials, cluster: CLUSTER, containerInstanceArn: arn, autoRun });
}

async function remainingMemory(ecs: ECSClient, arns: string[]): Promise<number[]> {
  const out = await ecs.send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: arns }));
  return arns.map((arn) => out.containerInstances?.find((c) => c.containerInstanceArn === arn)?.remainingResources
    ?.find((r) => r.name === 'MEMORY')?.integerValue ?? NaN);
}

const runOne = async (ecs: ECSClient, count: number) => ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'app', count }));

describe('placement over the in-memory instances', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('a RunTask whose transaction fails reserves nothing', async () => {
    const server = await startTestServer();
    const agents: ScriptedAgent[] = [];
    try {
      const { ecs, arns } = await setUp(server, 1, 256);
      agents.push(await connect(server, arns[0] ?? ''));
      const store = server.services.store;
      const transaction = store.transaction.bind(store);
      store.transaction = <T>(fn: (tx: Tx) => Promise<T>) => transaction(async (tx) => {
        await fn(tx);
        throw new Error('injected failure after the writes');
      });
      await assert.rejects(runOne(ecs, 4));
      store.transaction = transaction;
      assert.deepEqual(await remainingMemory(ecs, arns), [256]);
      const full = await runOne(ecs, 4);
      assert.equal(full.tasks?.length, 4, 'the failed call left the whole instance free');
      const over = await runOne(ecs, 1);
      assert.deepEqual(over.failures?.map((f) => f.reason), ['RESOURCE:MEMORY']);
    } finally {
      for (const a of agents) await a.close();
      await server.stop();
    }
  });

  it('after a restart the reservations come back from the data dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wharf-cache-restart-'));
    dirs.push(dataDir);
    const first = await startTestServer({ dataDir });
    let arns: string[];
    try {
      const setup = await setUp(first, 1, 256);
      arns = setup.arns;
      const agent = await connect(first, arns[0] ?? '');
      assert.equal((await runOne(setup.ecs, 3)).tasks?.length, 3);
      await agent.close();
    } finally {
      await first.stop();
    }
    const second = await startTestServer({ dataDir });
    try {
      const ecs = new ECSClient(second.clientConfig);
      const agent = await connect(second, arns[0] ?? '');
      await agent.latestTasks();
      assert.deepEqual(await remainingMemory(ecs, arns), [64]);
      assert.equal((await runOne(ecs, 1)).tasks?.length, 1);
      assert.deepEqual((await runOne(ecs, 1)).failures?.map((f) => f.reason), ['RESOURCE:MEMORY']);
      await agent.close();
    } finally {
      await second.stop();
    }
  });

  it('RunTask calls racing the agents\' reports never overcommit', async () => {
    const server = await startTestServer();
    const agents: ScriptedAgent[] = [];
    try {
      const { ecs, arns } = await setUp(server, 3, 320);
      for (const arn of arns) agents.push(await connect(server, arn, true));
      const answers = await Promise.all(Array.from({ length: 30 }, () => runOne(ecs, 2)));
      const placed = answers.flatMap((a) => a.tasks ?? []);
      assert.equal(placed.length, 15, 'five 64 MiB tasks fit on each 320 MiB instance, no more');
      const perInstance = new Map<string, number>();
      for (const t of placed) perInstance.set(t.containerInstanceArn ?? '', (perInstance.get(t.containerInstanceArn ?? '') ?? 0) + 1);
      assert.deepEqual([...perInstance.values()], [5, 5, 5]);
      assert.deepEqual(await remainingMemory(ecs, arns), [0, 0, 0]);
      const deadline = Date.now() + 5000;
      for (;;) {
        const out = await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: placed.map((t) => t.taskArn ?? '') }));
        if ((out.tasks ?? []).every((t) => t.lastStatus === 'RUNNING')) break;
        assert.ok(Date.now() < deadline, 'the agents\' reports arrived');
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.deepEqual(await remainingMemory(ecs, arns), [0, 0, 0]);
      assert.deepEqual((await runOne(ecs, 1)).failures?.map((f) => f.reason), ['RESOURCE:MEMORY', 'RESOURCE:MEMORY', 'RESOURCE:MEMORY']);
    } finally {
      for (const a of agents) await a.close();
      await server.stop();
    }
  });
});
