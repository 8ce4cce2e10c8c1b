import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateClusterCommand, DescribeClustersCommand, DescribeTasksCommand, ECSClient, ListTasksCommand,
  RegisterTaskDefinitionCommand, RunTaskCommand, StartTaskCommand, StopTaskCommand, DeleteClusterCommand,
  DeregisterTaskDefinitionCommand, TagResourceCommand, ListTagsForResourceCommand,
} from '@aws-sdk/client-ecs';
import { expectAwsError } from '../helpers/errors.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { registerInstance, startScriptedAgent, type ScriptedAgent } from '../helpers/scriptedAgent.js';
import { awsJson } from '../helpers/awsCli.js';
import { eventually } from '../helpers/eventually.js';

const CLUSTER = 'tasks';


describe('ECS tasks', () => {
  let server: TestServer;
  let ecs: ECSClient;
  let agent: ScriptedAgent;
  let instanceArn: string;

  before(async () => {
    server = await startTestServer({ agentSessions: { heartbeatIntervalMs: 200 } });
    ecs = new ECSClient(server.clientConfig);
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    await ecs.send(new RegisterTaskDefinitionCommand({
      family: 'web',
      containerDefinitions: [
        { name: 'app', image: 'nginx', memory: 256, cpu: 128, portMappings: [{ containerPort: 80, hostPort: 8080 }], environment: [{ name: 'A', value: '1' }] },
        { name: 'side', image: 'busybox', memoryReservation: 64, essential: false },
      ],
      tags: [{ key: 'team', value: 'web' }],
    }));
    await ecs.send(new RegisterTaskDefinitionCommand({
      family: 'vpc', networkMode: 'awsvpc', cpu: '256', memory: '512',
      containerDefinitions: [{ name: 'app', image: 'nginx' }],
    }));
    ({ arn: instanceArn, agent } = await startScriptedAgent(ecs, server, { cluster: CLUSTER, cpu: 1024, memory: 2048, autoRun: true }));
  });
  after(async () => {
    await agent.close();
    await server.stop();
  });

  it('RunTask answers the whole Task shape, and the agent\'s reports move it to RUNNING', async () => {
    const run = await ecs.send(new RunTaskCommand({
      cluster: CLUSTER, taskDefinition: 'web', startedBy: 'tester', tags: [{ key: 'k', value: 'v' }], propagateTags: 'TASK_DEFINITION',
      overrides: { containerOverrides: [{ name: 'app', command: ['echo', 'hi'], environment: [{ name: 'B', value: '2' }] }] },
    }));
    assert.deepEqual(run.failures, []);
    const task = run.tasks?.[0];
    assert.ok(task?.taskArn);
    assert.ok(task.taskArn.startsWith(`arn:aws:ecs:us-east-1:000000000000:task/${CLUSTER}/`));
    assert.match(task.taskArn, /\/[0-9a-f]{32}$/);
    assert.equal(task.containerInstanceArn, instanceArn);
    assert.equal(task.lastStatus, 'PENDING');
    assert.equal(task.desiredStatus, 'RUNNING');
    assert.equal(task.group, 'family:web');
    assert.equal(task.launchType, 'EC2');
    assert.equal(task.cpu, '128');
    assert.equal(task.memory, '320');
    assert.equal(task.startedBy, 'tester');
    assert.equal(task.availabilityZone, 'us-east-1a');
    assert.deepEqual(task.tags, [{ key: 'team', value: 'web' }, { key: 'k', value: 'v' }]);
    assert.deepEqual(task.overrides?.containerOverrides, [
      { name: 'app', command: ['echo', 'hi'], environment: [{ name: 'B', value: '2' }] }, { name: 'side' },
    ]);
    assert.equal(task.containers?.length, 2);
    assert.deepEqual(task.containers?.map((c) => [c.name, c.image, c.lastStatus, c.cpu, c.memory, c.memoryReservation]), [
      ['app', 'nginx', 'PENDING', '128', '256', undefined], ['side', 'busybox', 'PENDING', '0', undefined, '64'],
    ]);
    assert.ok(task.createdAt instanceof Date);

    const running = await eventually('the task RUNNING', async () => {
      const d = await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: [task.taskArn ?? ''] }));
      return d.tasks?.[0]?.lastStatus === 'RUNNING' ? d.tasks[0] : undefined;
    });
    assert.ok(running.startedAt instanceof Date);
    assert.equal(running.connectivity, 'CONNECTED');
    assert.equal(running.containers?.[0]?.runtimeId, 'docker-app');
    assert.equal(running.tags, undefined);
    assert.ok((running.version ?? 0) > (task.version ?? 0));

    const tagged = await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: [task.taskArn ?? '', 'nope'], include: ['TAGS'] }));
    assert.equal(tagged.tasks?.[0]?.tags?.length, 2);
    assert.deepEqual(tagged.failures, [{ arn: 'nope', reason: 'MISSING' }]);

    const stats = await ecs.send(new DescribeClustersCommand({ clusters: [CLUSTER] }));
    assert.equal(stats.clusters?.[0]?.registeredContainerInstancesCount, 1);
    assert.equal(stats.clusters?.[0]?.runningTasksCount, 1);
    await expectAwsError(ecs.send(new DeleteClusterCommand({ cluster: CLUSTER })), { name: 'ClusterContainsContainerInstancesException' });

    const stopped = await ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: task.taskArn, reason: 'done' }));
    assert.equal(stopped.task?.desiredStatus, 'STOPPED');
    assert.equal(stopped.task?.stopCode, 'UserInitiated');
    assert.equal(stopped.task?.stoppedReason, 'done');
    assert.ok(stopped.task?.stoppingAt instanceof Date);
    const again = await ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: task.taskArn, reason: 'other' }));
    assert.equal(again.task?.stoppedReason, 'done');

    const final = await eventually('the task STOPPED', async () => {
      const d = await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: [task.taskArn ?? ''] }));
      return d.tasks?.[0]?.lastStatus === 'STOPPED' ? d.tasks[0] : undefined;
    });
    assert.equal(final.stopCode, 'UserInitiated');
    assert.ok(final.stoppedAt instanceof Date);
    assert.equal(final.containers?.[0]?.exitCode, 0);
    const listed = await ecs.send(new ListTasksCommand({ cluster: CLUSTER, desiredStatus: 'STOPPED' }));
    assert.ok(listed.taskArns?.includes(task.taskArn ?? ''));
    const after = await ecs.send(new DescribeClustersCommand({ clusters: [CLUSTER] }));
    assert.equal(after.clusters?.[0]?.runningTasksCount, 0);
  });

  it('the agent gets the task definition with overrides applied', async () => {
    const from = agent.received.length;
    const run = await ecs.send(new RunTaskCommand({
      cluster: CLUSTER, taskDefinition: 'web:1',
      overrides: { cpu: '512', memory: '1024', taskRoleArn: 'arn:aws:iam::000000000000:role/r', containerOverrides: [{ name: 'app', command: ['sh'], environment: [{ name: 'A', value: 'x' }, { name: 'C', value: '3' }], memory: 300 }] },
    }));
    const arn = run.tasks?.[0]?.taskArn ?? '';
    assert.equal(run.tasks?.[0]?.cpu, '512');
    assert.equal(run.tasks?.[0]?.memory, '1024');
    const msg = await agent.next((m) => m.type === 'tasks' && m.tasks.some((t) => t.taskArn === arn), 5000, from);
    assert.ok(msg.type === 'tasks');
    const spec = msg.tasks.find((t) => t.taskArn === arn);
    const td = spec?.taskDefinition as { cpu: string; memory: string; taskRoleArn: string; containerDefinitions: { name: string; command?: string[]; environment: unknown[]; memory?: number }[] };
    assert.equal(td.cpu, '512');
    assert.equal(td.memory, '1024');
    assert.equal(td.taskRoleArn, 'arn:aws:iam::000000000000:role/r');
    assert.deepEqual(td.containerDefinitions[0]?.command, ['sh']);
    assert.deepEqual(td.containerDefinitions[0]?.environment, [{ name: 'A', value: 'x' }, { name: 'C', value: '3' }]);
    assert.equal(td.containerDefinitions[0]?.memory, 300);
    assert.equal(spec?.desiredStatus, 'RUNNING');
    assert.equal(spec?.family, 'web');
    await ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: arn }));
  });

  it('checks RunTask\'s parameters with ECS\'s messages', async () => {
    await expectAwsError(ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'missing' })), { name: 'InvalidParameterException', message: 'TaskDefinition not found.' });
    await expectAwsError(ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'web', count: 11 })), { name: 'InvalidParameterException', message: 'count must be between 1 and 10.' });
    await expectAwsError(ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'web', launchType: 'FARGATE' })), { name: 'InvalidParameterException', message: /FARGATE launch type is not available/ });
    await expectAwsError(ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'vpc', launchType: 'EXTERNAL' })), { name: 'InvalidParameterException', message: 'Task definition does not support launch_type EXTERNAL.' });
    await expectAwsError(ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'web', overrides: { containerOverrides: [{ name: 'ghost' }] } })), {
      name: 'InvalidParameterException', message: 'Override for container named ghost is not a container in the TaskDefinition.',
    });
    await expectAwsError(ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'web', placementStrategy: [{ type: 'binpack', field: 'disk' }] })), { name: 'InvalidParameterException', message: /binpack/ });
    await expectAwsError(ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'web', placementConstraints: [{ type: 'memberOf', expression: 'attribute:x ==' }] })), { name: 'InvalidParameterException', message: /Invalid expression/ });
    await expectAwsError(ecs.send(new RunTaskCommand({ cluster: 'nope', taskDefinition: 'web' })), { name: 'ClusterNotFoundException' });
    await ecs.send(new CreateClusterCommand({ clusterName: 'empty' }));
    await expectAwsError(ecs.send(new RunTaskCommand({ cluster: 'empty', taskDefinition: 'web' })), { name: 'InvalidParameterException', message: 'No Container Instances were found in your cluster.' });
    await expectAwsError(ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: [] })), { name: 'InvalidParameterException', message: 'Tasks cannot be empty.' });
    await expectAwsError(ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: 'ffffffffffffffffffffffffffffffff' })), { name: 'InvalidParameterException', message: 'The referenced task was not found.' });
  });

  it('clientToken: the same request with the same token starts nothing new', async () => {
    const input = { cluster: CLUSTER, taskDefinition: 'web', clientToken: 'token-1', count: 1 };
    const first = await ecs.send(new RunTaskCommand(input));
    const second = await ecs.send(new RunTaskCommand(input));
    assert.equal(second.tasks?.[0]?.taskArn, first.tasks?.[0]?.taskArn);
    await expectAwsError(ecs.send(new RunTaskCommand({ ...input, startedBy: 'other' })), { name: 'InvalidParameterException', message: /clientToken/ });
    await ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: first.tasks?.[0]?.taskArn }));
  });

  it('StartTask places on the named instances; an unknown one is MISSING; awsvpc tasks get an ENI attachment', async () => {
    const started = await ecs.send(new StartTaskCommand({
      cluster: CLUSTER, taskDefinition: 'vpc', containerInstances: [instanceArn, 'ffffffffffffffffffffffffffffffff'],
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
    }));
    assert.equal(started.tasks?.length, 1);
    assert.deepEqual(started.failures, [{ arn: 'ffffffffffffffffffffffffffffffff', reason: 'MISSING' }]);
    const arn = started.tasks?.[0]?.taskArn ?? '';
    const attachment = started.tasks?.[0]?.attachments?.[0];
    assert.equal(attachment?.type, 'ElasticNetworkInterface');
    assert.equal(attachment?.status, 'PRECREATED');
    await agent.report({ taskArn: arn, status: 'RUNNING', containers: [{ name: 'app', status: 'RUNNING', networkBindings: [] }], privateIPv4Address: '172.30.0.2' });
    const d = await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: [arn] }));
    const t = d.tasks?.[0];
    assert.equal(t?.attachments?.[0]?.status, 'ATTACHED');
    assert.deepEqual(t?.attachments?.[0]?.details?.find((x) => x.name === 'privateIPv4Address'), { name: 'privateIPv4Address', value: '172.30.0.2' });
    assert.equal(t?.containers?.[0]?.networkInterfaces?.[0]?.privateIpv4Address, '172.30.0.2');
    const listed = await ecs.send(new ListTasksCommand({ cluster: CLUSTER, family: 'vpc' }));
    assert.deepEqual(listed.taskArns, [arn]);
    const byInstance = await ecs.send(new ListTasksCommand({ cluster: CLUSTER, containerInstance: instanceArn, startedBy: 'nobody' }));
    assert.deepEqual(byInstance.taskArns, []);
    await ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: arn }));
  });

  it('tasks are taggable resources', async () => {
    const run = await ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'web' }));
    const arn = run.tasks?.[0]?.taskArn ?? '';
    await ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'a', value: 'b' }] }));
    const { tags } = await ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    assert.deepEqual(tags, [{ key: 'a', value: 'b' }]);
    await ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: arn }));
  });

  it('an INACTIVE task definition runs no new tasks', async () => {
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'old', containerDefinitions: [{ name: 'a', image: 'x', memory: 8 }] }));
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'old:1' }));
    await expectAwsError(ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'old:1' })), { name: 'InvalidParameterException', message: 'TaskDefinition is inactive' });
  });

  it('the AWS CLI reads describe-tasks', async () => {
    const run = await ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'web' }));
    const arn = run.tasks?.[0]?.taskArn ?? '';
    const out = await awsJson<{ tasks: Record<string, unknown>[]; failures: unknown[] }>(server, ['ecs', 'describe-tasks', '--cluster', CLUSTER, '--tasks', arn]);
    assert.equal(out.tasks.length, 1);
    assert.equal(out.tasks[0]?.taskArn, arn);
    assert.equal(typeof out.tasks[0]?.createdAt, 'string');
    assert.ok(Array.isArray(out.tasks[0]?.containers));
    assert.deepEqual(out.failures, []);
    await ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: arn }));
    void registerInstance;
  });
});

describe('STOPPED task retention', () => {
  it('keeps STOPPED tasks describable for the retention, then the sweep removes them', async () => {
    const server = await startTestServer({ agentSessions: { heartbeatIntervalMs: 200 }, taskSweep: { retentionMs: 300, intervalMs: 3_600_000 } });
    const ecs = new ECSClient(server.clientConfig);
    try {
      await ecs.send(new CreateClusterCommand({ clusterName: 'sweep' }));
      await ecs.send(new RegisterTaskDefinitionCommand({ family: 'one', containerDefinitions: [{ name: 'a', image: 'x', memory: 16 }] }));
      const { agent } = await startScriptedAgent(ecs, server, { cluster: 'sweep', autoRun: true });
      const arn = (await ecs.send(new RunTaskCommand({ cluster: 'sweep', taskDefinition: 'one' }))).tasks?.[0]?.taskArn ?? '';
      await ecs.send(new StopTaskCommand({ cluster: 'sweep', task: arn }));
      await eventually('the task STOPPED', async () => ((await ecs.send(new DescribeTasksCommand({ cluster: 'sweep', tasks: [arn] }))).tasks?.[0]?.lastStatus === 'STOPPED' ? true : undefined));
      assert.equal(await server.sweeper.sweep(), 0);
      assert.equal((await ecs.send(new DescribeTasksCommand({ cluster: 'sweep', tasks: [arn] }))).tasks?.length, 1);
      await new Promise((r) => setTimeout(r, 350));
      assert.ok((await server.sweeper.sweep()) >= 1);
      const gone = await ecs.send(new DescribeTasksCommand({ cluster: 'sweep', tasks: [arn] }));
      assert.deepEqual(gone.failures, [{ arn, reason: 'MISSING' }]);
      await agent.close();
    } finally {
      await server.stop();
    }
  });
});
