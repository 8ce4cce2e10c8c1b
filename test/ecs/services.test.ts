import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateServiceCommand, DeleteClusterCommand, DeleteServiceCommand, DeregisterTaskDefinitionCommand, DescribeClustersCommand,
  DescribeServicesCommand, ECSClient, ListServicesCommand, ListTagsForResourceCommand, RegisterTaskDefinitionCommand,
  TagResourceCommand, type CreateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import { expectAwsError } from '../helpers/errors.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { awsCli, awsJson } from '../helpers/awsCli.js';
import { putListener, putTargetGroup, setUp, TD_ARN } from './serviceFixtures.js';

const CLUSTER = 'svc';
const SVC_ARN = `arn:aws:ecs:us-east-1:000000000000:service/${CLUSTER}/`;

describe('ECS services: create, describe, list, delete', () => {
  let server: TestServer;
  let ecs: ECSClient;
  let tgInstance: string;
  let tgIp: string;
  let tgIpGreen: string;
  let listener: string;

  before(async () => {
    server = await startTestServer();
    ecs = new ECSClient(server.clientConfig);
    await setUp(ecs, CLUSTER);
    tgInstance = await putTargetGroup(server, 'tg-inst', 'instance');
    tgIp = await putTargetGroup(server, 'tg-ip', 'ip');
    tgIpGreen = await putTargetGroup(server, 'tg-ip-green', 'ip');
    listener = await putListener(server, tgIp);
  });
  after(async () => server.stop());

  const create = (input: Partial<CreateServiceCommandInput>) =>
    ecs.send(new CreateServiceCommand({ cluster: CLUSTER, serviceName: 'x', taskDefinition: 'web', desiredCount: 0, ...input }));

  it('CreateService answers the whole Service shape: ACTIVE, one PRIMARY deployment in progress, the defaults', async () => {
    const { service } = await create({ serviceName: 'plain', desiredCount: 2, tags: [{ key: 'k', value: 'v' }] });
    assert.ok(service);
    assert.equal(service.serviceArn, `${SVC_ARN}plain`);
    assert.equal(service.serviceName, 'plain');
    assert.equal(service.clusterArn, `arn:aws:ecs:us-east-1:000000000000:cluster/${CLUSTER}`);
    assert.equal(service.status, 'ACTIVE');
    assert.equal(service.desiredCount, 2);
    assert.equal(service.runningCount, 0);
    assert.equal(service.pendingCount, 0);
    assert.equal(service.launchType, 'EC2');
    assert.equal(service.taskDefinition, `${TD_ARN}web:2`);
    assert.deepEqual(service.loadBalancers, []);
    assert.deepEqual(service.serviceRegistries, []);
    assert.deepEqual(service.deploymentConfiguration, {
      deploymentCircuitBreaker: { enable: false, rollback: false }, maximumPercent: 200, minimumHealthyPercent: 100, strategy: 'ROLLING',
    });
    assert.deepEqual(service.deploymentController, { type: 'ECS' });
    assert.equal(service.schedulingStrategy, 'REPLICA');
    assert.equal(service.propagateTags, 'NONE');
    assert.equal(service.enableECSManagedTags, false);
    assert.equal(service.enableExecuteCommand, false);
    assert.equal(service.createdBy, 'arn:aws:iam::000000000000:root');
    assert.deepEqual(service.events, []);
    assert.deepEqual(service.placementConstraints, []);
    assert.deepEqual(service.placementStrategy, []);
    assert.ok(service.createdAt instanceof Date);
    assert.deepEqual(service.tags, [{ key: 'k', value: 'v' }]);
    assert.equal(service.deployments?.length, 1);
    const d = service.deployments?.[0];
    assert.match(d?.id ?? '', /^ecs-svc\/[1-9]\d{18}$/);
    assert.equal(d?.status, 'PRIMARY');
    assert.equal(d?.taskDefinition, `${TD_ARN}web:2`);
    assert.deepEqual([d?.desiredCount, d?.pendingCount, d?.runningCount, d?.failedTasks], [2, 0, 0, 0]);
    assert.equal(d?.launchType, 'EC2');
    assert.equal(d?.rolloutState, 'IN_PROGRESS');
    assert.equal(d?.rolloutStateReason, `ECS deployment ${d?.id ?? ''} in progress.`);
    assert.ok(d?.createdAt instanceof Date && d.updatedAt instanceof Date);
    assert.match(service.currentServiceDeployment ?? '', new RegExp(`^arn:aws:ecs:us-east-1:000000000000:service-deployment/${CLUSTER}/plain/[A-Za-z0-9_-]{22}$`));
  });

  it('CreateService refuses what ECS refuses, with its codes and messages', async () => {
    const bad: [Partial<CreateServiceCommandInput>, string, string][] = [
      [{ serviceName: 'bad name' }, 'InvalidParameterException', 'Service names must be 1 to 255 characters long and contain only letters, numbers, hyphens and underscores.'],
      [{ serviceName: 'nocount', desiredCount: undefined }, 'InvalidParameterException', 'DesiredCount is missing'],
      [{ desiredCount: -1 }, 'InvalidParameterException', 'DesiredCount can not be lesser than 0'],
      [{ schedulingStrategy: 'DAEMON', desiredCount: 2 }, 'InvalidParameterException', 'The daemon scheduling strategy does not support a desired count for services.'],
      [{ schedulingStrategy: 'DAEMON', desiredCount: undefined, placementStrategy: [{ type: 'binpack', field: 'cpu' }] }, 'InvalidParameterException',
        'The daemon scheduling strategy does not support placement strategies.'],
      [{ schedulingStrategy: 'DAEMON', desiredCount: undefined, deploymentConfiguration: { maximumPercent: 200 } }, 'InvalidParameterException',
        'The daemon scheduling strategy does not support values above 100 for maximumPercent.'],
      [{ taskDefinition: 'nope' }, 'InvalidParameterException', 'TaskDefinition not found.'],
      [{ cluster: 'missing' }, 'ClusterNotFoundException', 'Cluster not found.'],
      [{ launchType: 'FARGATE' }, 'InvalidParameterException', 'The FARGATE launch type is not available in Wharf yet; use launchType EC2 or EXTERNAL.'],
      [{ taskDefinition: 'vpc' }, 'InvalidParameterException', "Network Configuration must be provided when networkMode 'awsvpc' is specified."],
      [{ taskDefinition: 'vpc', networkConfiguration: { awsvpcConfiguration: { subnets: [] } } }, 'InvalidParameterException', 'subnets can not be empty.'],
      [{ networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } } }, 'InvalidParameterException',
        'Network Configuration is not valid for the given networkMode of this task definition.'],
      [{ loadBalancers: [{ targetGroupArn: 'TG', containerName: 'db', containerPort: 80 }] }, 'InvalidParameterException', 'The container db does not exist in the task definition.'],
      [{ loadBalancers: [{ targetGroupArn: 'TG', containerName: 'app', containerPort: 81 }] }, 'InvalidParameterException', 'The container app did not have a container port 81 defined.'],
      [{ healthCheckGracePeriodSeconds: 30 }, 'InvalidParameterException', 'Health check grace period is only valid for services configured to use load balancers'],
      [{ deploymentConfiguration: { maximumPercent: 250 } }, 'InvalidParameterException', 'maximumPercent must be between 100 and 200.'],
      [{ deploymentConfiguration: { minimumHealthyPercent: 101 } }, 'InvalidParameterException', 'minimumHealthyPercent must be between 0 and 100.'],
      [{ deploymentConfiguration: { strategy: 'SIDEWAYS' as 'ROLLING' } }, 'InvalidParameterException',
        "Invalid deployment strategy 'SIDEWAYS'. Valid values are ROLLING, BLUE_GREEN, LINEAR, CANARY."],
      [{ propagateTags: 'ALL' as 'NONE' }, 'InvalidParameterException', "Invalid propagateTags 'ALL'. Valid values are TASK_DEFINITION, SERVICE, NONE."],
      [{ tags: [{ key: 'aws:x', value: '1' }] }, 'InvalidParameterException', 'Tag keys beginning with "aws:" are reserved for AWS use.'],
      [{ clientToken: 'x'.repeat(37) }, 'InvalidParameterException', 'idempotency token longer than 36.'],
      [{ placementConstraints: [{ type: 'distinctInstance', expression: 'attribute:x == 1' }] }, 'InvalidParameterException',
        'A distinctInstance placement constraint cannot have an expression.'],
      [{ deploymentController: { type: 'CODE_DEPLOY' } }, 'InvalidParameterException',
        'The CODE_DEPLOY deployment controller requires a load balancer with advancedConfiguration.'],
      [{ deploymentController: { type: 'CODE_DEPLOY' }, loadBalancers: [{ targetGroupArn: 'TG', containerName: 'app', containerPort: 80 }] }, 'InvalidParameterException',
        'The BLUE_GREEN deployment strategy requires advancedConfiguration for every load balancer.'],
      [{ deploymentController: { type: 'EXTERNAL' } }, 'InvalidParameterException',
        'The EXTERNAL deployment controller is not available in Wharf; use ECS or CODE_DEPLOY.'],
    ];
    for (const [input, name, message] of bad) {
      const fixed = { ...input };
      for (const lb of fixed.loadBalancers ?? []) if (lb.targetGroupArn === 'TG') lb.targetGroupArn = tgInstance;
      await expectAwsError(create(fixed), { name, message });
    }
  });

  it('load balancers must name existing target groups of the type the network mode needs', async () => {
    const missing = tgInstance.replace('tg-inst', 'tg-gone');
    await expectAwsError(create({ loadBalancers: [{ targetGroupArn: missing, containerName: 'app', containerPort: 80 }] }), {
      name: 'InvalidParameterException', message: `The target group with targetGroupArn ${missing} does not exist.`,
    });
    await expectAwsError(create({
      taskDefinition: 'vpc', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
      loadBalancers: [{ targetGroupArn: tgInstance, containerName: 'app', containerPort: 80 }],
    }), {
      name: 'InvalidParameterException',
      message: `The provided target group ${tgInstance} has target type instance, which is incompatible with the awsvpc network mode specified in the task definition.`,
    });
    await expectAwsError(create({ loadBalancers: [{ targetGroupArn: tgIp, containerName: 'app', containerPort: 80 }] }), {
      name: 'InvalidParameterException',
      message: `The provided target group ${tgIp} has target type ip, which is incompatible with the bridge network mode specified in the task definition.`,
    });
    const six = Array.from({ length: 6 }, () => ({ targetGroupArn: tgInstance, containerName: 'app', containerPort: 80 }));
    await expectAwsError(create({ loadBalancers: six }), { name: 'InvalidParameterException', message: 'A service can have at most 5 load balancers.' });
    await expectAwsError(create({
      taskDefinition: 'vpc', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
      deploymentConfiguration: { strategy: 'BLUE_GREEN' }, loadBalancers: [{ targetGroupArn: tgIp, containerName: 'app', containerPort: 80 }],
    }), { name: 'InvalidParameterException', message: 'The BLUE_GREEN deployment strategy requires advancedConfiguration for every load balancer.' });

    const { service } = await create({
      serviceName: 'lb', loadBalancers: [{ targetGroupArn: tgInstance, containerName: 'app', containerPort: 80 }], healthCheckGracePeriodSeconds: 60,
    });
    assert.deepEqual(service?.loadBalancers, [{ targetGroupArn: tgInstance, containerName: 'app', containerPort: 80 }]);
    assert.equal(service?.healthCheckGracePeriodSeconds, 60);
    assert.equal(service?.roleArn, 'arn:aws:iam::000000000000:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS');
  });

  it('a blue/green service keeps its advanced configuration and strategy settings', async () => {
    const advancedConfiguration = { alternateTargetGroupArn: tgIpGreen, productionListenerRule: listener, roleArn: 'arn:aws:iam::000000000000:role/ecs-bg' };
    const { service } = await create({
      serviceName: 'bluegreen', taskDefinition: 'vpc', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'], assignPublicIp: 'DISABLED' } },
      deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 },
      loadBalancers: [{ targetGroupArn: tgIp, containerName: 'app', containerPort: 80, advancedConfiguration }],
    });
    assert.equal(service?.deploymentConfiguration?.strategy, 'BLUE_GREEN');
    assert.equal(service?.deploymentConfiguration?.bakeTimeInMinutes, 5);
    assert.deepEqual(service?.loadBalancers?.[0]?.advancedConfiguration, advancedConfiguration);
    assert.deepEqual(service?.networkConfiguration, { awsvpcConfiguration: { subnets: ['subnet-1'], assignPublicIp: 'DISABLED' } });
    assert.deepEqual(service?.deployments?.[0]?.networkConfiguration, service?.networkConfiguration);
    await expectAwsError(create({
      serviceName: 'bg2', taskDefinition: 'vpc', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
      deploymentConfiguration: { strategy: 'BLUE_GREEN' },
      loadBalancers: [{ targetGroupArn: tgIp, containerName: 'app', containerPort: 80, advancedConfiguration: { ...advancedConfiguration, productionListenerRule: `${listener}0` } }],
    }), { name: 'InvalidParameterException', message: `The productionListenerRule ${listener}0 does not exist.` });
  });

  it('a DAEMON service takes no desired count and gets the daemon defaults', async () => {
    const { service } = await create({ serviceName: 'daemon', schedulingStrategy: 'DAEMON', desiredCount: undefined });
    assert.equal(service?.schedulingStrategy, 'DAEMON');
    assert.equal(service?.desiredCount, 0);
    assert.deepEqual(service?.deploymentConfiguration, {
      deploymentCircuitBreaker: { enable: false, rollback: false }, maximumPercent: 100, minimumHealthyPercent: 0, strategy: 'ROLLING',
    });
  });

  it('an inactive task definition cannot start a service', async () => {
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'old', containerDefinitions: [{ name: 'a', image: 'busybox', memory: 32 }] }));
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'old:1' }));
    await expectAwsError(create({ taskDefinition: 'old:1' }), { name: 'InvalidParameterException', message: 'TaskDefinition is inactive' });
  });

  it('clientToken makes CreateService idempotent; without it a second create is refused', async () => {
    const first = await create({ serviceName: 'idem', clientToken: 'tok-1' });
    const again = await create({ serviceName: 'idem', clientToken: 'tok-1' });
    assert.equal(again.service?.serviceArn, first.service?.serviceArn);
    assert.equal(again.service?.deployments?.[0]?.id, first.service?.deployments?.[0]?.id);
    assert.deepEqual(again.service?.createdAt, first.service?.createdAt);
    const notIdempotent = { name: 'InvalidParameterException', message: 'Creation of service was not idempotent.' };
    await expectAwsError(create({ serviceName: 'idem' }), notIdempotent);
    await expectAwsError(create({ serviceName: 'idem', clientToken: 'tok-2' }), notIdempotent);
    await expectAwsError(create({ serviceName: 'idem', clientToken: 'tok-1', desiredCount: 3 }), notIdempotent);
  });

  it('DescribeServices answers services by name or ARN, MISSING failures, and tags when asked', async () => {
    const out = await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['plain', `${SVC_ARN}lb`, 'ghost'], include: ['TAGS'] }));
    assert.deepEqual(out.services?.map((s) => s.serviceName), ['plain', 'lb']);
    assert.deepEqual(out.services?.[0]?.tags, [{ key: 'k', value: 'v' }]);
    assert.deepEqual(out.services?.[1]?.tags, []);
    assert.deepEqual(out.failures, [{ arn: `${SVC_ARN}ghost`, reason: 'MISSING' }]);
    const plain = await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['plain'] }));
    assert.equal(plain.services?.[0]?.tags, undefined);
    await expectAwsError(ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: Array.from({ length: 11 }, (_, i) => `s${i}`) })), {
      name: 'InvalidParameterException', message: 'At most 10 services can be described at a time.',
    });
    await expectAwsError(ecs.send(new DescribeServicesCommand({ cluster: 'missing', services: ['plain'] })), { name: 'ClusterNotFoundException', message: 'Cluster not found.' });
  });

  it('ListServices filters by launch type and scheduling strategy and pages', async () => {
    const all = await ecs.send(new ListServicesCommand({ cluster: CLUSTER, maxResults: 100 }));
    assert.deepEqual(all.serviceArns, ['bluegreen', 'daemon', 'idem', 'lb', 'plain'].map((n) => `${SVC_ARN}${n}`));
    const daemons = await ecs.send(new ListServicesCommand({ cluster: CLUSTER, schedulingStrategy: 'DAEMON' }));
    assert.deepEqual(daemons.serviceArns, [`${SVC_ARN}daemon`]);
    const external = await ecs.send(new ListServicesCommand({ cluster: CLUSTER, launchType: 'EXTERNAL' }));
    assert.deepEqual(external.serviceArns, []);
    const first = await ecs.send(new ListServicesCommand({ cluster: CLUSTER, maxResults: 2 }));
    assert.equal(first.serviceArns?.length, 2);
    const second = await ecs.send(new ListServicesCommand({ cluster: CLUSTER, maxResults: 2, nextToken: first.nextToken }));
    assert.deepEqual(second.serviceArns, [`${SVC_ARN}idem`, `${SVC_ARN}lb`]);
    await expectAwsError(ecs.send(new ListServicesCommand({ cluster: CLUSTER, maxResults: 101 })), {
      name: 'InvalidParameterException', message: 'maxResults must be between 1 and 100.',
    });
  });

  it('service ARNs are taggable', async () => {
    const arn = `${SVC_ARN}lb`;
    await ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'env', value: 'test' }] }));
    const { tags } = await ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    assert.deepEqual(tags, [{ key: 'env', value: 'test' }]);
    await expectAwsError(ecs.send(new TagResourceCommand({ resourceArn: `${SVC_ARN}ghost`, tags: [{ key: 'a', value: 'b' }] })), {
      name: 'ResourceNotFoundException', message: 'The specified resource was not found.',
    });
  });

  it('clusters count their services, and DeleteCluster refuses while one is ACTIVE', async () => {
    const { clusters } = await ecs.send(new DescribeClustersCommand({ clusters: [CLUSTER], include: ['STATISTICS'] }));
    assert.equal(clusters?.[0]?.activeServicesCount, 5);
    assert.equal(clusters?.[0]?.statistics?.find((s) => s.name === 'activeEC2ServiceCount')?.value, '5');
    await expectAwsError(ecs.send(new DeleteClusterCommand({ cluster: CLUSTER })), {
      name: 'ClusterContainsServicesException', message: 'The Cluster cannot be deleted while Services are active.',
    });
  });

  it('DeleteService refuses a scaled-up REPLICA service without force, and drains it with force', async () => {
    await expectAwsError(ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service: 'plain' })), {
      name: 'InvalidParameterException', message: 'The service cannot be stopped while it is scaled above 0.',
    });
    const { service } = await ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service: 'plain', force: true }));
    assert.equal(service?.status, 'DRAINING');
    assert.equal(service?.desiredCount, 0);
    assert.equal(service?.deployments?.[0]?.desiredCount, 0);
    await expectAwsError(ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service: 'ghost' })), {
      name: 'ServiceNotFoundException', message: 'Service not found.',
    });
  });

  it('the AWS CLI creates, describes, lists and deletes services, and waits for a stable one', async () => {
    const created = await awsJson<{ service: { serviceName: string; status: string; desiredCount: number } }>(server, [
      'ecs', 'create-service', '--cluster', CLUSTER, '--service-name', 'cli', '--task-definition', 'web:1', '--desired-count', '0',
      '--deployment-configuration', 'maximumPercent=150,minimumHealthyPercent=50',
    ]);
    assert.deepEqual([created.service.serviceName, created.service.status, created.service.desiredCount], ['cli', 'ACTIVE', 0]);
    const waited = await awsCli(server, ['ecs', 'wait', 'services-stable', '--cluster', CLUSTER, '--services', 'cli']);
    assert.equal(waited.code, 0, waited.stderr);
    const described = await awsJson<{ services: { deploymentConfiguration: { maximumPercent: number; minimumHealthyPercent: number } }[] }>(server, [
      'ecs', 'describe-services', '--cluster', CLUSTER, '--services', 'cli',
    ]);
    assert.equal(described.services[0]?.deploymentConfiguration.maximumPercent, 150);
    assert.equal(described.services[0]?.deploymentConfiguration.minimumHealthyPercent, 50);
    const listed = await awsJson<{ serviceArns: string[] }>(server, ['ecs', 'list-services', '--cluster', CLUSTER]);
    assert.ok(listed.serviceArns.includes(`${SVC_ARN}cli`));
    const deleted = await awsJson<{ service: { status: string } }>(server, ['ecs', 'delete-service', '--cluster', CLUSTER, '--service', 'cli']);
    assert.equal(deleted.service.status, 'DRAINING');
    const refused = await awsCli(server, ['ecs', 'create-service', '--cluster', CLUSTER, '--service-name', 'bad name', '--task-definition', 'web', '--desired-count', '0']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /InvalidParameterException/);
  });
});
