// The server's side of the agent session, driven by a SCRIPTED AGENT (test/helpers/scriptedAgent.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateClusterCommand, DescribeContainerInstancesCommand, DescribeTasksCommand, ECSClient, RegisterTaskDefinitionCommand,
  RunTaskCommand, StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { expectRefusal, registerInstance, ScriptedAgent, signedUpgrade } from '../helpers/scriptedAgent.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { eventually } from '../helpers/eventually.js';

const CLUSTER = 'sessions';
const PERIOD = 100;


describe('agent sessions (server side)', () => {
  let server: TestServer;
  let ecs: ECSClient;
  const connect = (arn: string, opts: Partial<Parameters<typeof ScriptedAgent.connect>[0]> = {}) =>
    ScriptedAgent.connect({ endpoint: server.url, credentials: server.clientConfig.credentials, cluster: CLUSTER, containerInstanceArn: arn, ...opts });
  const connected = async (arn: string) =>
    (await ecs.send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: [arn] }))).containerInstances?.[0]?.agentConnected;
  const describeTask = async (arn: string) => (await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: [arn] }))).tasks?.[0];

  before(async () => {
    server = await startTestServer({ agentSessions: { heartbeatIntervalMs: PERIOD } });
    ecs = new ECSClient(server.clientConfig);
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    await ecs.send(new RegisterTaskDefinitionCommand({
      family: 'app', containerDefinitions: [{ name: 'web', image: 'nginx', memory: 64, portMappings: [{ containerPort: 80 }] }],
    }));
  });
  after(async () => server.stop());

  it('refuses a bad signature, a missing one, an unknown cluster or instance, with AWS JSON errors', async () => {
    const arn = await registerInstance(ecs, { cluster: CLUSTER });
    const query = { cluster: CLUSTER, containerInstance: arn };
    const bad = await signedUpgrade(server.url, { accessKeyId: server.clientConfig.credentials.accessKeyId, secretAccessKey: 'wrong' }, query);
    const refusedBad = await expectRefusal(bad.url, bad.headers);
    assert.equal(refusedBad.status, 403);
    assert.equal(refusedBad.body.__type, 'InvalidSignatureException');
    const unsigned = await expectRefusal(bad.url, {});
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.body.__type, 'MissingAuthenticationTokenException');
    const unknownKey = await signedUpgrade(server.url, { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' }, query);
    assert.equal((await expectRefusal(unknownKey.url, unknownKey.headers)).body.__type, 'UnrecognizedClientException');
    const noInstance = await signedUpgrade(server.url, server.clientConfig.credentials, { cluster: CLUSTER, containerInstance: 'ffffffffffffffffffffffffffffffff' });
    const refusedInstance = await expectRefusal(noInstance.url, noInstance.headers);
    assert.equal(refusedInstance.status, 400);
    assert.equal(refusedInstance.body.__type, 'InvalidParameterException');
    const noCluster = await signedUpgrade(server.url, server.clientConfig.credentials, { cluster: 'nope', containerInstance: arn });
    const refusedCluster = await expectRefusal(noCluster.url, noCluster.headers);
    assert.equal(refusedCluster.status, 400);
    assert.equal(refusedCluster.body.__type, 'ClusterNotFoundException');
  });

  it('welcome, then agentConnected while heartbeats arrive; three missed periods close the session', async () => {
    const arn = await registerInstance(ecs, { cluster: CLUSTER });
    const agent = await connect(arn);
    const welcome = agent.received[0];
    assert.equal(welcome?.type, 'welcome');
    assert.ok(welcome?.type === 'welcome' && welcome.heartbeatIntervalMs === PERIOD && welcome.protocolVersion === 1);
    const first = await agent.latestTasks();
    assert.deepEqual(first.tasks, []);
    assert.equal(await eventually('agent connected', async () => ((await connected(arn)) ? true : undefined)), true);
    await new Promise((r) => setTimeout(r, PERIOD * 5));
    assert.equal(await connected(arn), true, 'heartbeats keep the agent connected');
    agent.stopHeartbeats();
    const closed = await agent.closed;
    assert.equal(closed.code, 4000);
    assert.equal(await eventually('agent disconnected', async () => ((await connected(arn)) === false ? false : undefined)), false);
    const again = await connect(arn);
    await eventually('agent connected again', async () => ((await connected(arn)) ? true : undefined));
    await again.close();
    assert.equal(await eventually('agent disconnected', async () => ((await connected(arn)) === false ? false : undefined)), false);
  });

  it('sends the assignment after hello and on every change; re-sends until acknowledged', async () => {
    const arn = await registerInstance(ecs, { cluster: CLUSTER });
    const agent = await connect(arn, { ackTasks: false });
    const initial = await agent.latestTasks();
    const resent = await agent.next((m) => m.type === 'tasks' && m.id === initial.id, 2000, agent.received.indexOf(initial) + 1);
    assert.equal(resent.type, 'tasks');
    agent.send({ type: 'ack', id: initial.id });
    const run = await ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'app', overrides: { containerOverrides: [{ name: 'web', command: ['run'] }] } }));
    const taskArn = run.tasks?.[0]?.taskArn ?? '';
    const assigned = await agent.next((m) => m.type === 'tasks' && m.tasks.length === 1);
    assert.ok(assigned.type === 'tasks');
    const spec = assigned.tasks[0];
    assert.equal(spec?.taskArn, taskArn);
    assert.equal(spec?.desiredStatus, 'RUNNING');
    assert.equal(spec?.clusterArn, `arn:aws:ecs:us-east-1:000000000000:cluster/${CLUSTER}`);
    assert.equal(spec?.group, 'family:app');
    assert.deepEqual((spec?.taskDefinition.containerDefinitions as { command: string[] }[])[0]?.command, ['run']);
    agent.send({ type: 'ack', id: assigned.id });
    const count = agent.received.filter((m) => m.type === 'tasks').length;
    await new Promise((r) => setTimeout(r, PERIOD * 3));
    assert.equal(agent.received.filter((m) => m.type === 'tasks').length, count, 'no re-send after the ack, no storm');

    await ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: taskArn, reason: 'enough' }));
    const stopping = await agent.next((m) => m.type === 'tasks' && m.tasks[0]?.desiredStatus === 'STOPPED', 2000, count);
    assert.ok(stopping.type === 'tasks');
    assert.equal(stopping.tasks[0]?.stoppedReason, 'enough');
    assert.equal(stopping.tasks[0]?.stopCode, 'UserInitiated');
    agent.send({ type: 'ack', id: stopping.id });
    await agent.report({ taskArn, status: 'STOPPED', containers: [{ name: 'web', status: 'STOPPED', exitCode: 0, networkBindings: [] }] });
    assert.equal((await describeTask(taskArn))?.lastStatus, 'STOPPED');
    await agent.close();
  });

  it('applies reports forward-only: statuses never go back, timestamps are set once', async () => {
    const arn = await registerInstance(ecs, { cluster: CLUSTER });
    const agent = await connect(arn);
    await agent.latestTasks();
    const run = await ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'app' }));
    const taskArn = run.tasks?.[0]?.taskArn ?? '';
    const binding = { bindIP: '127.0.0.1', containerPort: 80, hostPort: 32768, protocol: 'tcp' as const };
    await agent.report({ taskArn, status: 'PENDING', pullStartedAt: 1_700_000_000_000, containers: [{ name: 'web', status: 'PULLED', networkBindings: [] }] });
    await agent.report({
      taskArn, status: 'RUNNING', startedAt: 1_700_000_001_000, pullStoppedAt: 1_700_000_000_500, healthStatus: 'HEALTHY',
      containers: [{ name: 'web', status: 'RUNNING', runtimeId: 'abc', imageDigest: 'sha256:1', networkBindings: [binding], healthStatus: 'HEALTHY' }],
    });
    await agent.report({ taskArn, status: 'PENDING', startedAt: 1_800_000_000_000, containers: [{ name: 'web', status: 'CREATED', networkBindings: [] }] });
    const t = await describeTask(taskArn);
    assert.equal(t?.lastStatus, 'RUNNING');
    assert.equal(t?.startedAt?.getTime(), 1_700_000_001_000);
    assert.equal(t?.pullStartedAt?.getTime(), 1_700_000_000_000);
    assert.equal(t?.healthStatus, 'HEALTHY');
    assert.equal(t?.containers?.[0]?.lastStatus, 'RUNNING');
    assert.equal(t?.containers?.[0]?.runtimeId, 'abc');
    assert.equal(t?.containers?.[0]?.imageDigest, 'sha256:1');
    assert.deepEqual(t?.containers?.[0]?.networkBindings, [binding]);
    const ci = (await ecs.send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: [arn] }))).containerInstances?.[0];
    assert.equal(ci?.runningTasksCount, 1);
    assert.equal(ci?.pendingTasksCount, 0);
    // The agent stops the task on its own: while it is STOPPING, ECS already wants it STOPPED.
    await agent.report({
      taskArn, status: 'STOPPING', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited',
      containers: [{ name: 'web', status: 'RUNNING', networkBindings: [] }],
    });
    const stopping = await describeTask(taskArn);
    assert.equal(stopping?.lastStatus, 'STOPPING');
    assert.equal(stopping?.desiredStatus, 'STOPPED');
    assert.equal(stopping?.stopCode, 'EssentialContainerExited');
    assert.ok(stopping?.stoppingAt);
    await agent.report({
      taskArn, status: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited',
      containers: [{ name: 'web', status: 'STOPPED', exitCode: 137, reason: 'killed', networkBindings: [] }],
    });
    await agent.report({ taskArn, status: 'RUNNING', containers: [{ name: 'web', status: 'RUNNING', networkBindings: [] }] });
    const stopped = await describeTask(taskArn);
    assert.equal(stopped?.lastStatus, 'STOPPED');
    assert.equal(stopped?.desiredStatus, 'STOPPED');
    assert.equal(stopped?.stopCode, 'EssentialContainerExited');
    assert.equal(stopped?.containers?.[0]?.exitCode, 137);
    assert.equal(stopped?.containers?.[0]?.reason, 'killed');
    const freed = (await ecs.send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: [arn] }))).containerInstances?.[0];
    assert.equal(freed?.runningTasksCount, 0);
    assert.equal(freed?.remainingResources?.find((r) => r.name === 'MEMORY')?.integerValue, 4096);
    await agent.close();
  });

  it('resynchronises on reconnect from hello; a newer session replaces the older', async () => {
    const arn = await registerInstance(ecs, { cluster: CLUSTER });
    const first = await connect(arn);
    await first.latestTasks();
    const run = await ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'app', count: 2 }));
    const [a, b] = (run.tasks ?? []).map((t) => t.taskArn ?? '');
    await first.next((m) => m.type === 'tasks' && m.tasks.length === 2);
    const second = await connect(arn, {
      helloTasks: [
        { taskArn: a ?? '', status: 'RUNNING', containers: [{ name: 'web', status: 'RUNNING', networkBindings: [] }] },
        { taskArn: b ?? '', status: 'STOPPED', stoppedReason: 'container vanished while the agent was down', containers: [{ name: 'web', status: 'STOPPED', networkBindings: [] }] },
      ],
    });
    assert.equal((await first.closed).code, 4001);
    const resync = await second.latestTasks();
    assert.deepEqual(resync.tasks.map((t) => t.taskArn), [a]);
    assert.equal((await describeTask(a ?? ''))?.lastStatus, 'RUNNING');
    const vanished = await describeTask(b ?? '');
    assert.equal(vanished?.lastStatus, 'STOPPED');
    assert.equal(vanished?.stoppedReason, 'container vanished while the agent was down');
    assert.equal(await connected(arn), true);
    await second.close();
  });
});
