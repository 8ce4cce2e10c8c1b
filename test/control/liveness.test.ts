// Lost hosts, through the public door: a real server, SCRIPTED AGENTS (test/helpers/scriptedAgent.ts),
// and the ECS SDK. An agent whose socket closes and does not come back within the grace has its
// tasks STOPPED and its reservations released; one that comes back in time loses nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateClusterCommand, DescribeContainerInstancesCommand, DescribeTasksCommand, ECSClient, RegisterTaskDefinitionCommand,
  RunTaskCommand, type ContainerInstance, type Task,
} from '@aws-sdk/client-ecs';
import { LOST_HOST_STOP_CODE } from '../../src/control/liveness.js';
import { registerInstance, ScriptedAgent, startScriptedAgent } from '../helpers/scriptedAgent.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { eventually } from '../helpers/eventually.js';

const CLUSTER = 'liveness';


async function setUp(server: TestServer): Promise<ECSClient> {
  const ecs = new ECSClient(server.clientConfig);
  await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
  await ecs.send(new RegisterTaskDefinitionCommand({
    family: 'app', containerDefinitions: [{ name: 'web', image: 'nginx', cpu: 128, memory: 64 }],
  }));
  return ecs;
}

function client(server: TestServer, ecs: ECSClient) {
  const describeTask = async (arn: string): Promise<Task | undefined> =>
    (await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: [arn] }))).tasks?.[0];
  const describeInstance = async (arn: string): Promise<ContainerInstance | undefined> =>
    (await ecs.send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: [arn] }))).containerInstances?.[0];
  const resource = (ci: ContainerInstance | undefined, name: string) => ci?.remainingResources?.find((r) => r.name === name)?.integerValue;
  /** An agent that runs what it is given, with one task RUNNING on it. */
  const agentWithTask = async () => {
    const { arn, agent } = await startScriptedAgent(ecs, server, { cluster: CLUSTER, autoRun: true });
    await eventually('agent connected', async () => ((await describeInstance(arn))?.agentConnected ? true : undefined));
    const run = await ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'app' }));
    const taskArn = run.tasks?.[0]?.taskArn ?? '';
    assert.equal(run.tasks?.[0]?.containerInstanceArn, arn);
    await eventually('task RUNNING', async () => ((await describeTask(taskArn))?.lastStatus === 'RUNNING' ? true : undefined));
    return { arn, agent, taskArn };
  };
  const disconnected = (arn: string) => eventually('agent disconnected', async () => ((await describeInstance(arn))?.agentConnected === false ? true : undefined));
  return { describeTask, describeInstance, resource, agentWithTask, disconnected };
}

describe('lost hosts (grace 500 ms, real time)', () => {
  let server: TestServer;
  let ecs: ECSClient;
  let api: ReturnType<typeof client>;

  before(async () => {
    server = await startTestServer({ lostAgentGraceMs: 500, agentSessions: { heartbeatIntervalMs: 100 } });
    ecs = await setUp(server);
    api = client(server, ecs);
  });
  after(async () => server.stop());

  it('stops the tasks of an agent gone for longer than the grace, releases its resources; the agent coming back does not resurrect them', async () => {
    const { arn, agent, taskArn } = await api.agentWithTask();
    const busy = await api.describeInstance(arn);
    assert.equal(api.resource(busy, 'MEMORY'), 4096 - 64);
    assert.equal(busy?.runningTasksCount, 1);

    await agent.close(); // the host dies: its socket closes and it never says another word
    const stopped = await eventually('task STOPPED', async () => {
      const t = await api.describeTask(taskArn);
      return t?.lastStatus === 'STOPPED' ? t : undefined;
    });
    assert.equal(stopped.desiredStatus, 'STOPPED');
    assert.equal(stopped.stopCode, LOST_HOST_STOP_CODE);
    assert.equal(stopped.stopCode, 'InfrastructureHealth');
    assert.equal(stopped.stoppedReason, "Task stopped because the container instance's agent was disconnected for more than 0.5 seconds (host lost)");
    assert.ok(stopped.stoppedAt && stopped.stoppingAt && stopped.executionStoppedAt);
    assert.deepEqual(stopped.containers?.map((c) => c.lastStatus), ['STOPPED']);
    const freed = await api.describeInstance(arn);
    assert.equal(freed?.agentConnected, false);
    assert.equal(freed?.status, 'ACTIVE');
    assert.equal(freed?.runningTasksCount, 0);
    assert.equal(freed?.pendingTasksCount, 0);
    assert.equal(api.resource(freed, 'CPU'), 2048);
    assert.equal(api.resource(freed, 'MEMORY'), 4096);

    // The agent comes back (re-registers, reconnects) and reports the task RUNNING in hello: the
    // server keeps it STOPPED and no longer lists it.
    assert.equal(await registerInstance(ecs, { cluster: CLUSTER, containerInstanceArn: arn }), arn);
    const back = await ScriptedAgent.connect({
      endpoint: server.url, credentials: server.clientConfig.credentials, cluster: CLUSTER, containerInstanceArn: arn,
      helloTasks: [{ taskArn, status: 'RUNNING', containers: [{ name: 'web', status: 'RUNNING', networkBindings: [] }] }],
    });
    assert.deepEqual((await back.latestTasks()).tasks, []);
    await back.report({ taskArn, status: 'RUNNING', containers: [{ name: 'web', status: 'RUNNING', networkBindings: [] }] });
    const after = await api.describeTask(taskArn);
    assert.equal(after?.lastStatus, 'STOPPED');
    assert.equal(after?.stopCode, 'InfrastructureHealth');
    const ci = await api.describeInstance(arn);
    assert.equal(ci?.agentConnected, true);
    assert.equal(api.resource(ci, 'MEMORY'), 4096);
    // Back in service: new tasks are placed on it again.
    const run = await ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'app' }));
    assert.equal(run.failures?.length ?? 0, 0);
    assert.equal(run.tasks?.[0]?.containerInstanceArn, arn);
    await back.close();
  });
});

describe('lost hosts (grace 60 s, a clock the test moves ahead)', () => {
  let server: TestServer;
  let ecs: ECSClient;
  let api: ReturnType<typeof client>;
  /** How far the server's clock runs ahead of real time (SigV4 allows 15 minutes). */
  let ahead = 0;

  before(async () => {
    // Heartbeats every minute: a connected agent is not timed out by the clock's jumps.
    server = await startTestServer({ lostAgentGraceMs: 60_000, agentSessions: { heartbeatIntervalMs: 60_000 }, clock: () => new Date(Date.now() + ahead) });
    ecs = await setUp(server);
    api = client(server, ecs);
  });
  after(async () => server.stop());

  it('an agent that reconnects within the grace loses nothing, however long after that', async () => {
    const { arn, agent, taskArn } = await api.agentWithTask();
    const status = async () => {
      await server.liveness.check();
      return (await api.describeTask(taskArn))?.lastStatus;
    };
    await agent.close();
    await api.disconnected(arn);
    ahead += 30_000;
    assert.equal(await status(), 'RUNNING', 'within the grace');
    const back = await ScriptedAgent.connect({
      endpoint: server.url, credentials: server.clientConfig.credentials, cluster: CLUSTER, containerInstanceArn: arn,
      helloTasks: [{ taskArn, status: 'RUNNING', containers: [{ name: 'web', status: 'RUNNING', networkBindings: [] }] }],
    });
    assert.deepEqual((await back.latestTasks()).tasks.map((t) => t.taskArn), [taskArn]);
    ahead += 45_000;
    assert.equal(await status(), 'RUNNING', 'connected again');
    const t = await api.describeTask(taskArn);
    assert.equal(t?.desiredStatus, 'RUNNING');
    assert.equal((await api.describeInstance(arn))?.runningTasksCount, 1);

    // A second disconnect counts from its own start, not from the first one.
    await back.close();
    await api.disconnected(arn);
    ahead += 40_000;
    assert.equal(await status(), 'RUNNING');
    ahead += 30_000;
    assert.equal(await status(), 'STOPPED');
    assert.equal((await api.describeTask(taskArn))?.stopCode, 'InfrastructureHealth');
    assert.match((await api.describeTask(taskArn))?.stoppedReason ?? '', /more than 60 seconds \(host lost\)/);
    assert.equal(await server.liveness.check(), 0, 'handled once');
  });
});
