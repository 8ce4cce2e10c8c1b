import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateServiceCommand, DeleteServiceCommand, DescribeServiceDeploymentsCommand, ECSClient, ListServiceDeploymentsCommand,
  StopServiceDeploymentCommand, UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { expectAwsError } from '../helpers/errors.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { awsJson } from '../helpers/awsCli.js';
import { setUp, TD_ARN } from './serviceFixtures.js';

const CLUSTER = 'deploys';
const DEPLOYMENT_ARN = new RegExp(`^arn:aws:ecs:us-east-1:000000000000:service-deployment/${CLUSTER}/roll/[A-Za-z0-9_-]{22}$`);

describe('ECS services: updates and service deployments', () => {
  let server: TestServer;
  let ecs: ECSClient;

  before(async () => {
    server = await startTestServer();
    ecs = new ECSClient(server.clientConfig);
    await setUp(ecs, CLUSTER);
    // No container instances: the deployments of these services stay in progress.
    await ecs.send(new CreateServiceCommand({ cluster: CLUSTER, serviceName: 'roll', taskDefinition: 'web:1', desiredCount: 2 }));
  });
  after(async () => server.stop());

  it('a desired count alone scales the PRIMARY deployment without a new one', async () => {
    const before = await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'roll', desiredCount: 2 }));
    const { service } = await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'roll', desiredCount: 3 }));
    assert.equal(service?.desiredCount, 3);
    assert.equal(service?.deployments?.length, 1);
    assert.equal(service?.deployments?.[0]?.id, before.service?.deployments?.[0]?.id);
    assert.equal(service?.deployments?.[0]?.desiredCount, 3);
  });

  it('settings that do not change the tasks update in place', async () => {
    const { service } = await ecs.send(new UpdateServiceCommand({
      cluster: CLUSTER, service: 'roll', deploymentConfiguration: { maximumPercent: 150, deploymentCircuitBreaker: { enable: true, rollback: true } },
      propagateTags: 'SERVICE', enableExecuteCommand: true, enableECSManagedTags: true, placementStrategy: [{ type: 'spread', field: 'instanceId' }],
    }));
    assert.deepEqual(service?.deploymentConfiguration, {
      deploymentCircuitBreaker: { enable: true, rollback: true }, maximumPercent: 150, minimumHealthyPercent: 100, strategy: 'ROLLING',
    });
    assert.deepEqual([service?.propagateTags, service?.enableExecuteCommand, service?.enableECSManagedTags], ['SERVICE', true, true]);
    assert.deepEqual(service?.placementStrategy, [{ type: 'spread', field: 'instanceId' }]);
    assert.equal(service?.deployments?.length, 1);
  });

  it('a new task definition starts a new PRIMARY deployment; the old one stays ACTIVE', async () => {
    const { service } = await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'roll', taskDefinition: 'web:2' }));
    assert.equal(service?.taskDefinition, `${TD_ARN}web:2`);
    assert.deepEqual(service?.deployments?.map((d) => [d.status, d.taskDefinition, d.desiredCount, d.rolloutState]), [
      ['PRIMARY', `${TD_ARN}web:2`, 3, 'IN_PROGRESS'],
      ['ACTIVE', `${TD_ARN}web:1`, 3, 'IN_PROGRESS'],
    ]);
    const primary = service?.deployments?.[0];
    assert.equal(primary?.rolloutStateReason, `ECS deployment ${primary?.id ?? ''} in progress.`);
    const forced = await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'roll', forceNewDeployment: true }));
    // The controller may already have dropped the web:1 deployment (it had no tasks to drain).
    const [next, previous] = forced.service?.deployments ?? [];
    assert.equal(next?.taskDefinition, `${TD_ARN}web:2`);
    assert.equal(next?.status, 'PRIMARY');
    assert.notEqual(next?.id, primary?.id);
    assert.deepEqual([previous?.id, previous?.status], [primary?.id, 'ACTIVE']);
  });

  it('UpdateService refuses what ECS refuses', async () => {
    await expectAwsError(ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'ghost', desiredCount: 1 })), {
      name: 'ServiceNotFoundException', message: 'Service not found.',
    });
    await expectAwsError(ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'roll', taskDefinition: 'vpc' })), {
      name: 'InvalidParameterException', message: "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    });
    await expectAwsError(ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'roll', healthCheckGracePeriodSeconds: 10 })), {
      name: 'InvalidParameterException', message: 'Health check grace period is only valid for services configured to use load balancers',
    });
    await expectAwsError(ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'roll', desiredCount: -1 })), {
      name: 'InvalidParameterException', message: 'DesiredCount can not be lesser than 0',
    });
    await ecs.send(new CreateServiceCommand({ cluster: CLUSTER, serviceName: 'gone', taskDefinition: 'web', desiredCount: 0 }));
    await ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service: 'gone' }));
    await expectAwsError(ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'gone', desiredCount: 1 })), {
      name: 'ServiceNotActiveException', message: 'Service was not ACTIVE.',
    });
  });

  it('ListServiceDeployments lists the deployments newest first, with filters and pages', async () => {
    const { serviceDeployments } = await ecs.send(new ListServiceDeploymentsCommand({ cluster: CLUSTER, service: 'roll' }));
    assert.equal(serviceDeployments?.length, 3);
    for (const d of serviceDeployments ?? []) {
      assert.match(d.serviceDeploymentArn ?? '', DEPLOYMENT_ARN);
      assert.equal(d.serviceArn, `arn:aws:ecs:us-east-1:000000000000:service/${CLUSTER}/roll`);
      assert.equal(d.clusterArn, `arn:aws:ecs:us-east-1:000000000000:cluster/${CLUSTER}`);
    }
    assert.deepEqual(serviceDeployments?.map((d) => [d.status, d.targetServiceRevisionArn]), [
      ['IN_PROGRESS', `${TD_ARN}web:2`], ['STOPPED', `${TD_ARN}web:2`], ['STOPPED', `${TD_ARN}web:1`],
    ]);
    const running = await ecs.send(new ListServiceDeploymentsCommand({ cluster: CLUSTER, service: 'roll', status: ['IN_PROGRESS'] }));
    assert.equal(running.serviceDeployments?.length, 1);
    const page1 = await ecs.send(new ListServiceDeploymentsCommand({ cluster: CLUSTER, service: 'roll', maxResults: 2 }));
    const page2 = await ecs.send(new ListServiceDeploymentsCommand({ cluster: CLUSTER, service: 'roll', maxResults: 2, nextToken: page1.nextToken }));
    assert.deepEqual([...(page1.serviceDeployments ?? []), ...(page2.serviceDeployments ?? [])].map((d) => d.serviceDeploymentArn),
      serviceDeployments?.map((d) => d.serviceDeploymentArn));
    assert.equal(page2.nextToken, undefined);
    const future = await ecs.send(new ListServiceDeploymentsCommand({ cluster: CLUSTER, service: 'roll', createdAt: { after: new Date(Date.now() + 3_600_000) } }));
    assert.deepEqual(future.serviceDeployments, []);
    await expectAwsError(ecs.send(new ListServiceDeploymentsCommand({ cluster: CLUSTER, service: 'ghost' })), {
      name: 'ServiceNotFoundException', message: 'Service not found.',
    });
    await expectAwsError(ecs.send(new ListServiceDeploymentsCommand({ cluster: CLUSTER, service: 'roll', status: ['DONE' as 'SUCCESSFUL'] })), {
      name: 'InvalidParameterException', message: /^Invalid status 'DONE'/,
    });
  });

  it('DescribeServiceDeployments shows revisions, stage and circuit breaker, and MISSING failures', async () => {
    const { serviceDeployments } = await ecs.send(new ListServiceDeploymentsCommand({ cluster: CLUSTER, service: 'roll', status: ['IN_PROGRESS'] }));
    const arn = serviceDeployments?.[0]?.serviceDeploymentArn ?? '';
    const missing = arn.replace(/[^/]+$/, 'AAAAAAAAAAAAAAAAAAAAAA');
    const out = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn, missing] }));
    assert.deepEqual(out.failures, [{ arn: missing, reason: 'MISSING' }]);
    const d = out.serviceDeployments?.[0];
    assert.equal(d?.status, 'IN_PROGRESS');
    assert.equal(d?.lifecycleStage, 'RECONCILE_SERVICE');
    assert.equal(d?.targetServiceRevision?.arn, `${TD_ARN}web:2`);
    assert.equal(d?.targetServiceRevision?.requestedTaskCount, 3);
    assert.deepEqual(d?.sourceServiceRevisions?.map((r) => r.arn), [`${TD_ARN}web:2`]);
    assert.equal(d?.deploymentConfiguration?.maximumPercent, 150);
    assert.deepEqual(d?.deploymentCircuitBreaker, { status: 'MONITORING', failureCount: 0, threshold: 3 });
    assert.ok(d?.createdAt instanceof Date);
  });

  it('StopServiceDeployment asks for a rollback; a finished deployment cannot be stopped', async () => {
    const list = await ecs.send(new ListServiceDeploymentsCommand({ cluster: CLUSTER, service: 'roll' }));
    const [current, superseded] = list.serviceDeployments ?? [];
    await expectAwsError(ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: current?.serviceDeploymentArn, stopType: 'PAUSE' as 'ABORT' })), {
      name: 'InvalidParameterException', message: "Invalid stopType 'PAUSE'. Valid values are ROLLBACK, ABORT.",
    });
    const stopped = await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: current?.serviceDeploymentArn }));
    assert.equal(stopped.serviceDeploymentArn, current?.serviceDeploymentArn);
    const after = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [current?.serviceDeploymentArn ?? ''] }));
    assert.ok(['ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_SUCCESSFUL'].includes(after.serviceDeployments?.[0]?.status ?? ''),
      after.serviceDeployments?.[0]?.status);
    await expectAwsError(ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: superseded?.serviceDeploymentArn })), {
      name: 'ConflictException', message: 'The service deployment is STOPPED and cannot be stopped.',
    });
    await expectAwsError(ecs.send(new StopServiceDeploymentCommand({
      serviceDeploymentArn: `arn:aws:ecs:us-east-1:000000000000:service-deployment/${CLUSTER}/roll/AAAAAAAAAAAAAAAAAAAAAA`,
    })), { name: 'ServiceDeploymentNotFoundException', message: 'The service deployment does not exist.' });
  });

  it('the AWS CLI updates a service', async () => {
    const out = await awsJson<{ service: { desiredCount: number; deployments: unknown[] } }>(server, [
      'ecs', 'update-service', '--cluster', CLUSTER, '--service', 'roll', '--desired-count', '4',
    ]);
    assert.equal(out.service.desiredCount, 4);
  });
});
