// `kill -9` the agent: `wharf agent` runs as a real child process against a real server; SIGKILL
// while tasks run, start it again: the same containers still run (same ids, never restarted), the
// tasks stay RUNNING, the instance comes back under the same ARN with agentConnected. A container
// removed while the agent is down is reported STOPPED; a StopTask made while it is down is carried
// out when it returns.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateClusterCommand, DeregisterContainerInstanceCommand, DescribeContainerInstancesCommand, DescribeTasksCommand, ECSClient,
  ListContainerInstancesCommand, ListTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand, StopTaskCommand, type Task,
} from '@aws-sdk/client-ecs';
import { removeLabelled, dockerInspect } from '../agent/helpers.js';
import { ensureBuilt } from '../cli/build.js';
import type { Wharf } from '../cli/process.js';
import { run } from '../helpers/docker.js';
import { ensureBusyboxImage } from '../helpers/images.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { registeredArn, spawnAgent } from './agentProcess.js';
import { eventually } from './helpers.js';

const CLUSTER = 'restart';
const LOOP = 'trap "exit 0" TERM; while true; do sleep 1; done';

describe('the agent killed with SIGKILL and started again', { timeout: 300_000 }, () => {
  let server: TestServer;
  let ecs: ECSClient;
  let dataDir: string;
  let agent: Wharf | undefined;
  let instanceArn = '';
  /** Instances registered after a deregistration (cleaned up as well). */
  const laterArns: string[] = [];
  /** The data dir a restarted server was given (its stop() leaves a given dir in place). */
  let ownDataDir: string | undefined;

  const startAgentProcess = async (): Promise<string> => {
    agent = spawnAgent(server, CLUSTER, dataDir);
    return registeredArn(agent);
  };
  const killAgent = async () => {
    assert.ok(agent);
    assert.equal(await agent.stop('SIGKILL'), 'SIGKILL');
    agent = undefined;
  };
  const instance = async () => {
    const out = await ecs.send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: [instanceArn] }));
    const ci = out.containerInstances?.[0];
    assert.ok(ci, 'the container instance is described');
    return ci;
  };
  const connected = (want: boolean) => eventually(`agentConnected ${want}`, async () => ((await instance()).agentConnected === want ? true : undefined), 60_000);
  const tasks = async (arns: string[]): Promise<Task[]> => (await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: arns }))).tasks ?? [];
  const taskWhere = (arn: string, ok: (t: Task) => boolean, what: string) => eventually(`${arn} ${what}`, async () => {
    const t = (await tasks([arn]))[0];
    return t && ok(t) ? t : undefined;
  }, 90_000);

  before(async () => {
    ensureBusyboxImage();
    await ensureBuilt();
    server = await startTestServer({ lostAgentGraceMs: 600_000 });
    ecs = new ECSClient(server.clientConfig);
    dataDir = mkdtempSync(join(tmpdir(), 'wharf-e2e-restart-'));
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    await ecs.send(new RegisterTaskDefinitionCommand({
      family: 'loop',
      containerDefinitions: [{ name: 'app', image: ensureBusyboxImage(), memory: 16, command: ['sh', '-c', LOOP] }],
    }));
  });
  after(async () => {
    if (agent) await agent.stop('SIGTERM');
    if (instanceArn) removeLabelled(instanceArn);
    for (const arn of laterArns) removeLabelled(arn);
    ecs?.destroy();
    await server?.stop();
    if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the containers and the tasks through kill -9, and comes back under the same ARN', async () => {
    instanceArn = await startAgentProcess();
    assert.equal((await instance()).agentConnected, true, 'connected once `wharf agent` says it runs');
    const started = await ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'loop', count: 3 }));
    assert.deepEqual(started.failures, []);
    const arns = (started.tasks ?? []).map((t) => t.taskArn ?? '');
    assert.equal(arns.length, 3);
    for (const arn of arns) await taskWhere(arn, (t) => t.lastStatus === 'RUNNING', 'RUNNING');
    const before = new Map((await tasks(arns)).map((t) => {
      const id = t.containers?.[0]?.runtimeId ?? '';
      return [t.taskArn ?? '', { id, startedAt: dockerInspect(id).State.StartedAt }];
    }));

    await killAgent();
    await connected(false);
    for (const t of await tasks(arns)) assert.equal(t.lastStatus, 'RUNNING', 'the server keeps the tasks while the agent is away');
    for (const { id } of before.values()) assert.equal(dockerInspect(id).State.Running, true);

    assert.equal(await startAgentProcess(), instanceArn, 're-registered under the same ARN');
    await connected(true);
    const listed = await ecs.send(new ListContainerInstancesCommand({ cluster: CLUSTER }));
    assert.deepEqual(listed.containerInstanceArns, [instanceArn]);
    for (const t of await tasks(arns)) {
      assert.equal(t.lastStatus, 'RUNNING');
      const was = before.get(t.taskArn ?? '');
      assert.equal(t.containers?.[0]?.runtimeId, was?.id);
      const inspected = dockerInspect(was?.id ?? '');
      assert.equal(inspected.State.Running, true);
      assert.equal(inspected.State.StartedAt, was?.startedAt, 'the container was not restarted');
      assert.equal(inspected.RestartCount, 0);
    }
    const ci = await instance();
    assert.equal(ci.runningTasksCount, 3);
    assert.equal(ci.status, 'ACTIVE');
  });

  it('reports STOPPED a container removed while the agent was down, and carries out a StopTask made meanwhile', async () => {
    const running = (await ecs.send(new ListTasksCommand({ cluster: CLUSTER, desiredStatus: 'RUNNING' }))).taskArns ?? [];
    assert.equal(running.length, 3);
    const [vanishing, stopping, staying] = running as [string, string, string];
    const [gone] = await tasks([vanishing]);
    const goneId = gone?.containers?.[0]?.runtimeId ?? '';

    await killAgent();
    await connected(false);
    const rm = await run('docker', ['rm', '-f', goneId]);
    assert.equal(rm.code, 0, rm.stderr);
    await ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: stopping, reason: 'while the agent was away' }));
    const refused = await ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'loop' }));
    assert.deepEqual(refused.tasks, []);
    assert.deepEqual(refused.failures, [{ arn: instanceArn, reason: 'AGENT' }]);

    assert.equal(await startAgentProcess(), instanceArn);
    await connected(true);
    const vanished = await taskWhere(vanishing, (t) => t.lastStatus === 'STOPPED', 'STOPPED');
    assert.equal(vanished.containers?.[0]?.lastStatus, 'STOPPED');
    assert.match(vanished.containers?.[0]?.reason ?? '', /removed/);
    assert.ok(vanished.stoppedReason, 'the task says why it stopped');
    assert.equal(vanished.stopCode, 'EssentialContainerExited');

    const stopped = await taskWhere(stopping, (t) => t.lastStatus === 'STOPPED', 'STOPPED');
    assert.equal(stopped.stopCode, 'UserInitiated');
    assert.equal(stopped.stoppedReason, 'while the agent was away');
    assert.equal(stopped.containers?.[0]?.exitCode, 0);

    const [kept] = await tasks([staying]);
    assert.equal(kept?.lastStatus, 'RUNNING');
    assert.equal(dockerInspect(kept?.containers?.[0]?.runtimeId ?? '').State.Running, true);
    const ci = await eventually('one running task left', async () => {
      const c = await instance();
      return c.runningTasksCount === 1 ? c : undefined;
    });
    assert.equal(ci.agentConnected, true);
  });

  it('carries on through a server restart: the agent reconnects and the task can still be stopped', async () => {
    const [arn] = (await ecs.send(new ListTasksCommand({ cluster: CLUSTER, desiredStatus: 'RUNNING' }))).taskArns ?? [];
    assert.ok(arn);
    const id = (await tasks([arn]))[0]?.containers?.[0]?.runtimeId ?? '';
    const port = Number(new URL(server.url).port);
    await server.close();
    server = await startTestServer({ port, dataDir: server.dataDir, lostAgentGraceMs: 600_000 });
    ownDataDir = server.dataDir;
    await connected(true);
    const [kept] = await tasks([arn]);
    assert.equal(kept?.lastStatus, 'RUNNING');
    assert.equal(kept?.containers?.[0]?.runtimeId, id);
    await ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: arn, reason: 'after the server restart' }));
    const stopped = await taskWhere(arn, (t) => t.lastStatus === 'STOPPED', 'STOPPED');
    assert.equal(stopped.stopCode, 'UserInitiated');
    assert.equal(stopped.containers?.[0]?.exitCode, 0);
  });

  it('exits when its instance is force-deregistered; started again, registers anew and leaves the old containers running, orphaned', async () => {
    const started = await ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'loop' }));
    const arn = started.tasks?.[0]?.taskArn ?? '';
    const running = await taskWhere(arn, (t) => t.lastStatus === 'RUNNING', 'RUNNING');
    const id = running.containers?.[0]?.runtimeId ?? '';
    assert.ok(agent);
    const dying = agent;

    await ecs.send(new DeregisterContainerInstanceCommand({ cluster: CLUSTER, containerInstance: instanceArn, force: true }));
    assert.equal(await dying.exited, 5, 'ECS\'s terminal exit status');
    agent = undefined;
    assert.match(dying.stderr(), /wharf agent: the container instance \S+ is no longer registered/);
    assert.equal(dockerInspect(id).State.Running, true, 'the container keeps running');
    const orphanedTask = await taskWhere(arn, (t) => t.lastStatus === 'STOPPED', 'STOPPED by the deregistration');

    const newArn = await startAgentProcess();
    laterArns.push(newArn);
    assert.notEqual(newArn, instanceArn, 'registered as a new instance');
    const restarted = agent as Wharf | undefined;
    await eventually('the orphaning is logged', async () => (/orphaned/.test(restarted?.stderr() ?? '') ? true : undefined), 10_000);
    await new Promise((r) => setTimeout(r, 1500));
    const [after] = await tasks([arn]);
    assert.equal(after?.stoppedReason, orphanedTask.stoppedReason, 'not reported again as vanished');
    assert.equal(after?.containerInstanceArn, instanceArn);
    assert.equal(dockerInspect(id).State.Running, true, 'the orphaned container still runs');
    const fresh = (await ecs.send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: [newArn] }))).containerInstances?.[0];
    assert.equal(fresh?.runningTasksCount, 0);
    assert.equal(fresh?.agentConnected, true);
  });
});
