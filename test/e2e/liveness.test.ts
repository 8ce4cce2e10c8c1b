// A host lost for good, with a real `wharf agent` process on the machine's Docker against a real
// server (grace 2 s): SIGKILL the agent, `docker kill` one of its containers (the host is gone),
// and its tasks turn STOPPED with the lost-host code once the grace is over, its resources freed.
// The agent started again adopts the container still running, is told its task is no longer
// assigned, and stops it; its hello report of RUNNING resurrects nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateClusterCommand, DescribeContainerInstancesCommand, DescribeTasksCommand, ECSClient, RegisterTaskDefinitionCommand,
  RunTaskCommand, type Task,
} from '@aws-sdk/client-ecs';
import { dockerInspect, removeLabelled } from '../agent/helpers.js';
import { ensureBuilt } from '../cli/build.js';
import type { Wharf } from '../cli/process.js';
import { run } from '../helpers/docker.js';
import { ensureBusyboxImage } from '../helpers/images.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { registeredArn, spawnAgent } from './agentProcess.js';
import { eventually } from './helpers.js';

const CLUSTER = 'lost';
const LOOP = 'trap "exit 0" TERM; while true; do sleep 1; done';

describe('a lost host (real agent process, real Docker)', { timeout: 300_000 }, () => {
  let server: TestServer;
  let ecs: ECSClient;
  let dataDir: string;
  let agent: Wharf | undefined;
  let instanceArn = '';

  const startAgentProcess = async (): Promise<string> => {
    agent = spawnAgent(server, CLUSTER, dataDir);
    return registeredArn(agent);
  };
  const instance = async () => {
    const ci = (await ecs.send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: [instanceArn] }))).containerInstances?.[0];
    assert.ok(ci, 'the container instance is described');
    return ci;
  };
  const tasks = async (arns: string[]): Promise<Task[]> => (await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: arns }))).tasks ?? [];
  const taskWhere = (arn: string, ok: (t: Task) => boolean, what: string) => eventually(`${arn} ${what}`, async () => {
    const t = (await tasks([arn]))[0];
    return t && ok(t) ? t : undefined;
  }, 90_000);
  const memory = (ci: Awaited<ReturnType<typeof instance>>, which: 'remainingResources' | 'registeredResources') =>
    ci[which]?.find((r) => r.name === 'MEMORY')?.integerValue;

  before(async () => {
    ensureBusyboxImage();
    await ensureBuilt();
    server = await startTestServer({ lostAgentGraceMs: 2000 });
    ecs = new ECSClient(server.clientConfig);
    dataDir = mkdtempSync(join(tmpdir(), 'wharf-e2e-lost-'));
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    await ecs.send(new RegisterTaskDefinitionCommand({
      family: 'loop', containerDefinitions: [{ name: 'app', image: ensureBusyboxImage(), memory: 16, command: ['sh', '-c', LOOP] }],
    }));
  });
  after(async () => {
    if (agent) await agent.stop('SIGTERM');
    if (instanceArn) removeLabelled(instanceArn);
    ecs?.destroy();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops the tasks of a killed agent after the grace; the agent started again stops what still runs', async () => {
    instanceArn = await startAgentProcess();
    const started = await ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'loop', count: 2 }));
    assert.deepEqual(started.failures, []);
    const [killed, survivor] = (started.tasks ?? []).map((t) => t.taskArn ?? '') as [string, string];
    const ids = new Map<string, string>();
    for (const arn of [killed, survivor]) {
      const t = await taskWhere(arn, (x) => x.lastStatus === 'RUNNING', 'RUNNING');
      ids.set(arn, t.containers?.[0]?.runtimeId ?? '');
    }

    // The host goes: the agent process dies at once, and so does one of its containers.
    assert.ok(agent);
    assert.equal(await agent.stop('SIGKILL'), 'SIGKILL');
    agent = undefined;
    const dockerKill = await run('docker', ['kill', ids.get(killed) ?? '']);
    assert.equal(dockerKill.code, 0, dockerKill.stderr);

    for (const arn of [killed, survivor]) {
      const t = await taskWhere(arn, (x) => x.lastStatus === 'STOPPED', 'STOPPED after the grace');
      assert.equal(t.desiredStatus, 'STOPPED');
      assert.equal(t.stopCode, 'InfrastructureHealth');
      assert.equal(t.stoppedReason, "Task stopped because the container instance's agent was disconnected for more than 2 seconds (host lost)");
      assert.equal(t.containers?.[0]?.lastStatus, 'STOPPED');
    }
    const lost = await instance();
    assert.equal(lost.agentConnected, false);
    assert.equal(lost.runningTasksCount, 0);
    assert.equal(memory(lost, 'remainingResources'), memory(lost, 'registeredResources'));
    assert.equal(dockerInspect(ids.get(survivor) ?? '').State.Running, true, 'nobody told the survivor yet');

    // The agent comes back: it adopts the survivor and says RUNNING in hello; the server keeps the
    // task STOPPED and does not list it, so the agent stops the container.
    assert.equal(await startAgentProcess(), instanceArn);
    await eventually('the survivor container stopped', async () => (dockerInspect(ids.get(survivor) ?? '').State.Running ? undefined : true), 60_000);
    const back = await instance();
    assert.equal(back.agentConnected, true);
    assert.equal(back.runningTasksCount, 0);
    for (const t of await tasks([killed, survivor])) {
      assert.equal(t.lastStatus, 'STOPPED');
      assert.equal(t.stopCode, 'InfrastructureHealth');
    }
    // And it is in service again.
    const again = await ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'loop' }));
    assert.deepEqual(again.failures, []);
    await taskWhere(again.tasks?.[0]?.taskArn ?? '', (x) => x.lastStatus === 'RUNNING', 'RUNNING');
  });
});
