// Placement through RunTask on three instances with scripted agents (see test/helpers/scriptedAgent.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateClusterCommand, DescribeContainerInstancesCommand, DescribeTaskDefinitionCommand, ECSClient, RegisterTaskDefinitionCommand, RunTaskCommand,
  StartTaskCommand, UpdateContainerInstancesStateCommand, type Task,
} from '@aws-sdk/client-ecs';
import { expectAwsError } from '../helpers/errors.js';
import { startScriptedAgent, type ScriptedAgent } from '../helpers/scriptedAgent.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('placement through RunTask', () => {
  let server: TestServer;
  let ecs: ECSClient;
  const agents: ScriptedAgent[] = [];

  /** A cluster of three instances (1024 CPU, 2048 MiB each) in zones a, b, b with stack attributes. */
  async function fleet(name: string): Promise<string[]> {
    await ecs.send(new CreateClusterCommand({ clusterName: name }));
    const arns = [];
    for (const [i, zone] of ['us-east-1a', 'us-east-1b', 'us-east-1b'].entries()) {
      const { arn, agent } = await startScriptedAgent(ecs, server, {
        cluster: name, cpu: 1024, memory: 2048, availabilityZone: zone, instanceType: i === 0 ? 't2.small' : 'm5.large',
        attributes: [{ name: 'stack', value: i === 2 ? 'dev' : 'prod' }],
      });
      agents.push(agent);
      arns.push(arn);
    }
    return arns;
  }

  const hosts = (tasks: Task[] | undefined) => (tasks ?? []).map((t) => t.containerInstanceArn ?? '');
  const countBy = (list: string[]) => list.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());

  before(async () => {
    server = await startTestServer({ agentSessions: { heartbeatIntervalMs: 500 } });
    ecs = new ECSClient(server.clientConfig);
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'unit', containerDefinitions: [{ name: 'a', image: 'x', cpu: 100, memory: 200 }] }));
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'big', containerDefinitions: [{ name: 'a', image: 'x', cpu: 600, memory: 300 }] }));
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'fat', containerDefinitions: [{ name: 'a', image: 'x', cpu: 10, memory: 1500 }] }));
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'port', containerDefinitions: [{ name: 'a', image: 'x', memory: 10, portMappings: [{ containerPort: 80, hostPort: 8080 }] }] }));
  });
  after(async () => {
    await Promise.all(agents.map((a) => a.close()));
    await server.stop();
  });

  it('spread on instanceId puts one task on each instance', async () => {
    const arns = await fleet('spread');
    const run = await ecs.send(new RunTaskCommand({ cluster: 'spread', taskDefinition: 'unit', count: 6, placementStrategy: [{ type: 'spread', field: 'instanceId' }] }));
    assert.deepEqual([...countBy(hosts(run.tasks)).entries()].sort(), arns.map((a) => [a, 2]).sort());
    const zones = await ecs.send(new RunTaskCommand({ cluster: 'spread', taskDefinition: 'unit', count: 2, group: 'zoned', placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }] }));
    const placedZones = hosts(zones.tasks).map((h) => (h === arns[0] ? 'a' : 'b')).sort();
    assert.deepEqual(placedZones, ['a', 'b']);
  });

  it('binpack on memory fills one instance before the next', async () => {
    await fleet('binpack');
    const run = await ecs.send(new RunTaskCommand({ cluster: 'binpack', taskDefinition: 'unit', count: 8, placementStrategy: [{ type: 'binpack', field: 'memory' }] }));
    const counts = [...countBy(hosts(run.tasks)).values()].sort();
    assert.deepEqual(counts, [8]);
    const more = await ecs.send(new RunTaskCommand({ cluster: 'binpack', taskDefinition: 'unit', count: 3, placementStrategy: [{ type: 'binpack', field: 'memory' }] }));
    const all = countBy([...hosts(run.tasks), ...hosts(more.tasks)]);
    assert.deepEqual([...all.values()].sort(), [1, 10]);
  });

  it('distinctInstance refuses a second task of the group on an instance', async () => {
    const arns = await fleet('distinct');
    const run = await ecs.send(new RunTaskCommand({ cluster: 'distinct', taskDefinition: 'unit', count: 3, placementConstraints: [{ type: 'distinctInstance' }] }));
    assert.deepEqual(hosts(run.tasks).sort(), [...arns].sort());
    const again = await ecs.send(new RunTaskCommand({ cluster: 'distinct', taskDefinition: 'unit', placementConstraints: [{ type: 'distinctInstance' }] }));
    assert.deepEqual(again.tasks, []);
    assert.deepEqual(again.failures?.map((f) => f.reason), ['DistinctInstance', 'DistinctInstance', 'DistinctInstance']);
  });

  it('memberOf expressions select instances', async () => {
    const arns = await fleet('member');
    const dev = await ecs.send(new RunTaskCommand({ cluster: 'member', taskDefinition: 'unit', count: 3, placementConstraints: [{ type: 'memberOf', expression: 'attribute:stack == dev' }] }));
    assert.deepEqual(hosts(dev.tasks), [arns[2], arns[2], arns[2]]);
    const t2 = await ecs.send(new RunTaskCommand({ cluster: 'member', taskDefinition: 'unit', count: 2, placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t2.* and attribute:stack in [prod, qa]' }] }));
    assert.deepEqual(hosts(t2.tasks), [arns[0], arns[0]]);
    const none = await ecs.send(new RunTaskCommand({ cluster: 'member', taskDefinition: 'unit', placementConstraints: [{ type: 'memberOf', expression: 'attribute:stack == qa' }] }));
    assert.deepEqual(none.failures?.map((f) => f.reason), ['MemberOf', 'MemberOf', 'MemberOf']);
  });

  it('a DRAINING instance receives nothing', async () => {
    const arns = await fleet('drain');
    await ecs.send(new UpdateContainerInstancesStateCommand({ cluster: 'drain', containerInstances: [arns[0] ?? '', arns[1] ?? ''], status: 'DRAINING' }));
    const run = await ecs.send(new RunTaskCommand({ cluster: 'drain', taskDefinition: 'unit', count: 5 }));
    assert.deepEqual(new Set(hosts(run.tasks)), new Set([arns[2]]));
    await ecs.send(new UpdateContainerInstancesStateCommand({ cluster: 'drain', containerInstances: [arns[2] ?? ''], status: 'DRAINING' }));
    await expectAwsError(ecs.send(new RunTaskCommand({ cluster: 'drain', taskDefinition: 'unit' })), { name: 'InvalidParameterException', message: 'No Container Instances were found in your cluster.' });
  });

  it('exhaustion gives ECS\'s failure reasons', async () => {
    const arns = await fleet('full');
    const cpu = await ecs.send(new RunTaskCommand({ cluster: 'full', taskDefinition: 'big', count: 5 }));
    assert.equal(cpu.tasks?.length, 3);
    assert.deepEqual(cpu.failures?.map((f) => f.reason), ['RESOURCE:CPU', 'RESOURCE:CPU', 'RESOURCE:CPU']);
    assert.deepEqual(cpu.failures?.map((f) => f.arn).sort(), [...arns].sort());
    const mem = await ecs.send(new RunTaskCommand({ cluster: 'full', taskDefinition: 'fat', count: 4 }));
    assert.equal(mem.tasks?.length, 3);
    assert.deepEqual(mem.failures?.map((f) => f.reason), ['RESOURCE:MEMORY', 'RESOURCE:MEMORY', 'RESOURCE:MEMORY']);
    const port = await ecs.send(new RunTaskCommand({ cluster: 'full', taskDefinition: 'port', count: 4, placementStrategy: [{ type: 'spread', field: 'host' }] }));
    assert.equal(port.tasks?.length, 3);
    assert.deepEqual(port.failures?.map((f) => f.reason), ['RESOURCE:PORTS', 'RESOURCE:PORTS', 'RESOURCE:PORTS']);
  });

  it('an instance whose agent is not connected fails with AGENT', async () => {
    const [first] = await fleet('agentless');
    await agents.at(-3)?.close();
    await new Promise((r) => setTimeout(r, 100));
    const run = await ecs.send(new RunTaskCommand({ cluster: 'agentless', taskDefinition: 'fat', count: 3 }));
    assert.equal(run.tasks?.length, 2);
    assert.equal(run.failures?.find((f) => f.arn === first)?.reason, 'AGENT');
    assert.ok(!hosts(run.tasks).includes(first ?? ''));
  });

  it('requiresAttributes: an instance registered without a required attribute fails with ATTRIBUTE', async () => {
    await ecs.send(new CreateClusterCommand({ clusterName: 'attrs' }));
    const able = await startScriptedAgent(ecs, server, { cluster: 'attrs', cpu: 1024, memory: 2048 });
    const bare = await startScriptedAgent(ecs, server, { cluster: 'attrs', cpu: 1024, memory: 2048, capabilities: false });
    agents.push(able.agent, bare.agent);
    await ecs.send(new RegisterTaskDefinitionCommand({
      family: 'checked', containerDefinitions: [{ name: 'a', image: 'x', memory: 10, healthCheck: { command: ['CMD', 'true'] }, logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g', 'awslogs-region': 'us-east-1' } } }],
    }));
    const td = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'checked' }))).taskDefinition;
    const required = (td?.requiresAttributes ?? []).map((a) => a.name);
    assert.ok(required.includes('com.amazonaws.ecs.capability.docker-remote-api.1.19') && required.includes('ecs.capability.container-health-check'), String(required));

    const run = await ecs.send(new RunTaskCommand({ cluster: 'attrs', taskDefinition: 'checked', count: 3 }));
    assert.deepEqual(hosts(run.tasks), [able.arn, able.arn, able.arn]);
    assert.deepEqual(run.failures, []);
    const vpc = await ecs.send(new RegisterTaskDefinitionCommand({ family: 'eni', networkMode: 'awsvpc', containerDefinitions: [{ name: 'a', image: 'x', memory: 3000 }] }));
    assert.ok(vpc.taskDefinition?.requiresAttributes?.some((a) => a.name === 'ecs.capability.task-eni'));
    const none = await ecs.send(new RunTaskCommand({ cluster: 'attrs', taskDefinition: 'eni', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } } }));
    assert.deepEqual(none.tasks, []);
    assert.deepEqual(none.failures?.map((f) => [f.arn, f.reason]).sort(), [[able.arn, 'RESOURCE:MEMORY'], [bare.arn, 'ATTRIBUTE']].sort());

    const started = await ecs.send(new StartTaskCommand({ cluster: 'attrs', taskDefinition: 'checked', containerInstances: [able.arn, bare.arn] }));
    assert.deepEqual(hosts(started.tasks), [able.arn]);
    assert.deepEqual(started.failures, [{ arn: bare.arn, reason: 'ATTRIBUTE' }]);
  });

  it('launch types: EC2 tasks go to i- instances, EXTERNAL tasks to mi- (ECS Anywhere) ones', async () => {
    await ecs.send(new CreateClusterCommand({ clusterName: 'kinds' }));
    const ec2 = await startScriptedAgent(ecs, server, { cluster: 'kinds', instanceId: 'i-0aaaaaaaaaaaaaaaa' });
    const external = await startScriptedAgent(ecs, server, { cluster: 'kinds', instanceId: 'mi-0bbbbbbbbbbbbbbbb' });
    agents.push(ec2.agent, external.agent);
    const onEc2 = await ecs.send(new RunTaskCommand({ cluster: 'kinds', taskDefinition: 'unit', count: 4 }));
    assert.deepEqual(hosts(onEc2.tasks), [ec2.arn, ec2.arn, ec2.arn, ec2.arn]);
    assert.deepEqual(onEc2.tasks?.map((t) => t.launchType), ['EC2', 'EC2', 'EC2', 'EC2']);
    const outside = await ecs.send(new RunTaskCommand({ cluster: 'kinds', taskDefinition: 'unit', count: 4, launchType: 'EXTERNAL' }));
    assert.deepEqual(hosts(outside.tasks), [external.arn, external.arn, external.arn, external.arn]);
    assert.deepEqual(outside.tasks?.map((t) => t.launchType), ['EXTERNAL', 'EXTERNAL', 'EXTERNAL', 'EXTERNAL']);
    const big = await ecs.send(new RunTaskCommand({ cluster: 'kinds', taskDefinition: 'fat', count: 3, launchType: 'EXTERNAL' }));
    assert.deepEqual(big.failures, [{ arn: external.arn, reason: 'RESOURCE:MEMORY' }], 'the EC2 instance is not a candidate');
    const started = await ecs.send(new StartTaskCommand({ cluster: 'kinds', taskDefinition: 'unit', containerInstances: [external.arn] }));
    assert.equal(started.tasks?.[0]?.launchType, 'EXTERNAL', 'StartTask takes the instance\'s launch type');

    await ecs.send(new CreateClusterCommand({ clusterName: 'ec2only' }));
    const only = await startScriptedAgent(ecs, server, { cluster: 'ec2only' });
    agents.push(only.agent);
    await expectAwsError(ecs.send(new RunTaskCommand({ cluster: 'ec2only', taskDefinition: 'unit', launchType: 'EXTERNAL' })), { name: 'InvalidParameterException', message: 'No Container Instances were found in your cluster.' });
  });

  it('concurrent RunTask calls never overcommit', async () => {
    const arns = await fleet('race');
    // 3 instances x 1024 CPU fit 30 tasks of 100 CPU; ask for 60 in 20 parallel calls of 3.
    const results = await Promise.all(Array.from({ length: 20 }, () => ecs.send(new RunTaskCommand({ cluster: 'race', taskDefinition: 'unit', count: 3 }))));
    const placed = results.flatMap((r) => r.tasks ?? []);
    assert.equal(placed.length, 30);
    const perHost = countBy(hosts(placed));
    for (const arn of arns) assert.equal(perHost.get(arn), 10);
    const { containerInstances } = await ecs.send(new DescribeContainerInstancesCommand({ cluster: 'race', containerInstances: arns }));
    for (const ci of containerInstances ?? []) {
      assert.equal(ci.remainingResources?.find((r) => r.name === 'CPU')?.integerValue, 24);
      assert.equal(ci.pendingTasksCount, 10);
    }
  });
});
