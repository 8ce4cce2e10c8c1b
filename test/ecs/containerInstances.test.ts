import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateClusterCommand, DeleteAttributesCommand, DeleteClusterCommand, DeregisterContainerInstanceCommand,
  DescribeClustersCommand, DescribeContainerInstancesCommand, DescribeTasksCommand, ECSClient, ListAttributesCommand,
  ListContainerInstancesCommand, PutAttributesCommand, RegisterTaskDefinitionCommand, RunTaskCommand,
  UpdateContainerInstancesStateCommand,
} from '@aws-sdk/client-ecs';
import { awsJson } from '../helpers/awsCli.js';
import { expectAwsError } from '../helpers/errors.js';
import { registerInstance, startScriptedAgent } from '../helpers/scriptedAgent.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const CLUSTER = 'fleet';

describe('ECS container instances', () => {
  let server: TestServer;
  let ecs: ECSClient;

  before(async () => {
    server = await startTestServer({ agentSessions: { heartbeatIntervalMs: 200 } });
    ecs = new ECSClient(server.clientConfig);
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'small', containerDefinitions: [{ name: 'a', image: 'x', cpu: 256, memory: 512, portMappings: [{ containerPort: 80, hostPort: 8080 }] }] }));
  });
  after(async () => server.stop());

  it('registers as the ECS agent does and describes in ECS\'s shape', async () => {
    const arn = await registerInstance(ecs, {
      cluster: CLUSTER, instanceId: 'i-0123456789abcdef0', instanceType: 't3.large', cpu: 2048, memory: 3900,
      attributes: [{ name: 'ecs.capability.docker-remote-api.1.44' }, { name: 'stack', value: 'prod' }],
    });
    assert.match(arn, new RegExp(`^arn:aws:ecs:us-east-1:000000000000:container-instance/${CLUSTER}/[0-9a-f]{32}$`));
    const { containerInstances, failures } = await ecs.send(new DescribeContainerInstancesCommand({
      cluster: CLUSTER, containerInstances: [arn, 'ffffffffffffffffffffffffffffffff'], include: ['TAGS'],
    }));
    assert.deepEqual(failures, [{ arn: 'ffffffffffffffffffffffffffffffff', reason: 'MISSING' }]);
    const ci = containerInstances?.[0];
    assert.equal(ci?.ec2InstanceId, 'i-0123456789abcdef0');
    assert.equal(ci?.status, 'ACTIVE');
    assert.equal(ci?.agentConnected, false);
    assert.equal(ci?.runningTasksCount, 0);
    assert.equal(ci?.pendingTasksCount, 0);
    assert.deepEqual(ci?.versionInfo, { agentVersion: '1.0.0', agentHash: 'scripted', dockerVersion: 'DockerVersion: 25.0.0' });
    assert.deepEqual(ci?.registeredResources?.find((r) => r.name === 'CPU'), { name: 'CPU', type: 'INTEGER', doubleValue: 0, longValue: 0, integerValue: 2048 });
    assert.deepEqual(ci?.remainingResources?.find((r) => r.name === 'MEMORY')?.integerValue, 3900);
    assert.deepEqual(ci?.registeredResources?.find((r) => r.name === 'PORTS')?.stringSetValue, ['22', '2375', '2376', '51678', '51679']);
    const attrs = new Map(ci?.attributes?.map((a) => [a.name, a.value]));
    assert.equal(attrs.get('ecs.instance-type'), 't3.large');
    assert.equal(attrs.get('ecs.availability-zone'), 'us-east-1a');
    assert.equal(attrs.get('stack'), 'prod');
    assert.ok(attrs.has('ecs.capability.docker-remote-api.1.44'));
    assert.ok(ci?.registeredAt instanceof Date);
    assert.deepEqual(ci?.attachments, []);
    assert.deepEqual(ci?.tags, []);
    assert.equal(ci?.agentUpdateStatus, undefined);

    const again = await registerInstance(ecs, { cluster: CLUSTER, containerInstanceArn: arn, instanceType: 't3.large', cpu: 4096 });
    assert.equal(again, arn);
    const re = await ecs.send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: [arn] }));
    assert.equal(re.containerInstances?.[0]?.registeredResources?.find((r) => r.name === 'CPU')?.integerValue, 4096);
    assert.ok((re.containerInstances?.[0]?.version ?? 0) > (ci?.version ?? 0));
    assert.equal(new Map(re.containerInstances?.[0]?.attributes?.map((a) => [a.name, a.value])).get('stack'), 'prod');
    await expectAwsError(registerInstance(ecs, { cluster: CLUSTER, containerInstanceArn: arn, instanceType: 'm5.large' }), { name: 'ClientException' });

    const stats = await ecs.send(new DescribeClustersCommand({ clusters: [CLUSTER] }));
    assert.equal(stats.clusters?.[0]?.registeredContainerInstancesCount, 1);
    await expectAwsError(ecs.send(new DeleteClusterCommand({ cluster: CLUSTER })), {
      name: 'ClusterContainsContainerInstancesException', message: 'The Cluster cannot be deleted while Container Instances are active.',
    });
    await ecs.send(new DeregisterContainerInstanceCommand({ cluster: CLUSTER, containerInstance: arn }));
  });

  it('lists with status and the cluster query language filter, and pages', async () => {
    const a = await registerInstance(ecs, { cluster: CLUSTER, instanceType: 't2.small', attributes: [{ name: 'stack', value: 'prod' }] });
    const b = await registerInstance(ecs, { cluster: CLUSTER, instanceType: 'm5.large', attributes: [{ name: 'stack', value: 'dev' }] });
    const list = async (input: { filter?: string; status?: string }) =>
      (await ecs.send(new ListContainerInstancesCommand({ cluster: CLUSTER, ...input } as never))).containerInstanceArns?.sort();
    assert.deepEqual(await list({}), [a, b].sort());
    assert.deepEqual(await list({ filter: 'attribute:ecs.instance-type =~ t2.*' }), [a]);
    assert.deepEqual(await list({ filter: 'attribute:stack == dev or attribute:stack == prod' }), [a, b].sort());
    assert.deepEqual(await list({ filter: 'attribute:stack != prod' }), [b]);
    await expectAwsError(ecs.send(new ListContainerInstancesCommand({ cluster: CLUSTER, filter: 'attribute:stack ==' })), { name: 'InvalidParameterException', message: /Invalid expression/ });

    await ecs.send(new UpdateContainerInstancesStateCommand({ cluster: CLUSTER, containerInstances: [b], status: 'DRAINING' }));
    assert.deepEqual(await list({ status: 'DRAINING' }), [b]);
    assert.deepEqual(await list({ status: 'ACTIVE' }), [a]);
    const page1 = await ecs.send(new ListContainerInstancesCommand({ cluster: CLUSTER, maxResults: 1 }));
    assert.equal(page1.containerInstanceArns?.length, 1);
    const page2 = await ecs.send(new ListContainerInstancesCommand({ cluster: CLUSTER, maxResults: 1, nextToken: page1.nextToken }));
    assert.equal(page2.containerInstanceArns?.length, 1);
    assert.notEqual(page2.containerInstanceArns?.[0], page1.containerInstanceArns?.[0]);
    const upd = await ecs.send(new UpdateContainerInstancesStateCommand({ cluster: CLUSTER, containerInstances: [b, 'ffffffffffffffffffffffffffffffff'], status: 'ACTIVE' }));
    assert.equal(upd.containerInstances?.[0]?.status, 'ACTIVE');
    assert.deepEqual(upd.failures, [{ arn: 'ffffffffffffffffffffffffffffffff', reason: 'MISSING' }]);
    await expectAwsError(ecs.send(new UpdateContainerInstancesStateCommand({ cluster: CLUSTER, containerInstances: [b], status: 'REGISTERING' })), { name: 'InvalidParameterException' });

    const cli = await awsJson<{ containerInstanceArns: string[] }>(server, ['ecs', 'list-container-instances', '--cluster', CLUSTER, '--filter', 'attribute:stack == prod']);
    assert.deepEqual(cli, { containerInstanceArns: [a] });
    for (const arn of [a, b]) await ecs.send(new DeregisterContainerInstanceCommand({ cluster: CLUSTER, containerInstance: arn }));
  });

  it('PutAttributes, ListAttributes, DeleteAttributes with ECS\'s limits and errors', async () => {
    const arn = await registerInstance(ecs, { cluster: CLUSTER });
    const id = arn.split('/').at(-1) ?? '';
    await ecs.send(new PutAttributesCommand({ cluster: CLUSTER, attributes: [{ name: 'color', value: 'blue', targetId: arn }, { name: 'gpu', targetId: id }] }));
    const listed = await ecs.send(new ListAttributesCommand({ cluster: CLUSTER, targetType: 'container-instance', attributeName: 'color' }));
    assert.deepEqual(listed.attributes, [{ name: 'color', value: 'blue', targetType: 'container-instance', targetId: arn }]);
    const byValue = await ecs.send(new ListAttributesCommand({ cluster: CLUSTER, targetType: 'container-instance', attributeName: 'color', attributeValue: 'red' }));
    assert.deepEqual(byValue.attributes, []);
    await expectAwsError(ecs.send(new PutAttributesCommand({ cluster: CLUSTER, attributes: [{ name: 'x', targetId: 'ffffffffffffffffffffffffffffffff' }] })), { name: 'TargetNotFoundException' });
    await expectAwsError(ecs.send(new PutAttributesCommand({ cluster: CLUSTER, attributes: [{ name: 'bad name!', targetId: arn }] })), { name: 'InvalidParameterException' });
    const many = Array.from({ length: 9 }, (_, i) => ({ name: `custom${i}`, value: 'v', targetId: arn }));
    await expectAwsError(ecs.send(new PutAttributesCommand({ cluster: CLUSTER, attributes: many })), { name: 'AttributeLimitExceededException' });
    await ecs.send(new DeleteAttributesCommand({ cluster: CLUSTER, attributes: [{ name: 'color', targetId: arn }] }));
    const gone = await ecs.send(new ListAttributesCommand({ cluster: CLUSTER, targetType: 'container-instance', attributeName: 'color' }));
    assert.deepEqual(gone.attributes, []);
    await ecs.send(new DeregisterContainerInstanceCommand({ cluster: CLUSTER, containerInstance: arn }));
  });

  it('deregistering refuses with running tasks unless forced; forced, the tasks stop and the instance goes INACTIVE', async () => {
    const { arn, agent } = await startScriptedAgent(ecs, server, { cluster: CLUSTER, autoRun: true });
    const run = await ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'small' }));
    const taskArn = run.tasks?.[0]?.taskArn ?? '';
    const described = await ecs.send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: [arn] }));
    const ci = described.containerInstances?.[0];
    assert.equal(ci?.agentConnected, true);
    assert.equal((ci?.runningTasksCount ?? 0) + (ci?.pendingTasksCount ?? 0), 1);
    assert.equal(ci?.remainingResources?.find((r) => r.name === 'CPU')?.integerValue, 2048 - 256);
    assert.ok(ci?.remainingResources?.find((r) => r.name === 'PORTS')?.stringSetValue?.includes('8080'));
    await expectAwsError(ecs.send(new DeregisterContainerInstanceCommand({ cluster: CLUSTER, containerInstance: arn })), {
      name: 'InvalidParameterException', message: 'Found running tasks on the instance.',
    });
    const closed = agent.closed;
    const out = await ecs.send(new DeregisterContainerInstanceCommand({ cluster: CLUSTER, containerInstance: arn, force: true }));
    assert.equal(out.containerInstance?.status, 'INACTIVE');
    const task = (await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: [taskArn] }))).tasks?.[0];
    assert.equal(task?.lastStatus, 'STOPPED');
    assert.equal(task?.desiredStatus, 'STOPPED');
    assert.equal((await closed).code, 4002);
    const listed = await ecs.send(new ListContainerInstancesCommand({ cluster: CLUSTER }));
    assert.ok(!listed.containerInstanceArns?.includes(arn));
    const stats = await ecs.send(new DescribeClustersCommand({ clusters: [CLUSTER] }));
    assert.equal(stats.clusters?.[0]?.registeredContainerInstancesCount, 0);
    assert.equal(stats.clusters?.[0]?.runningTasksCount, 0);
  });
});
