// Blue/green deployments done natively (ECS's CANARY and BLUE_GREEN strategies, which the
// CODE_DEPLOY controller used to provide): the new task set starts in the alternate target group,
// production traffic shifts by the listener's forward weights (a 50 % canary here), a stop
// request rolls traffic back to the old set; an all-at-once blue/green deployment then moves all
// traffic with no failed request and removes the old set. @aws-sdk/client-ecs (the Debian CLI
// predates these fields), the AWS CLI for ELBv2, real agents and Docker.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateServiceCommand, DescribeServiceDeploymentsCommand, ECSClient, ListServiceDeploymentsCommand, StopServiceDeploymentCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { awsJson } from '../helpers/awsCli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { freePort } from '../lb/helpers.js';
import { e2eAgents, eventually, fetchText, type E2eAgents } from './helpers.js';
import { createTargetGroup, createWebBalancer, describeService, hammer, registerWeb, type WebBalancer } from './serviceKit.js';

const CLUSTER = 'bg';

describe('blue/green and canary deployments with traffic shifts and rollback', { timeout: 600_000 }, () => {
  let server: TestServer;
  let ecs: ECSClient;
  let agents: E2eAgents;
  let work: string;
  let lb: WebBalancer;
  let green: string;
  let url: string;

  const sample = async (n: number) => {
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const r = await fetchText(url);
      const key = r.status === 200 ? r.body.split(' ')[0] ?? '' : String(r.status);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  };
  const steadyOn = (version: string) => eventually(`steady on ${version}`, async () => {
    const s = await describeService(server, CLUSTER, 'web');
    if (s.deployments.length !== 1 || s.deployments[0]?.rolloutState !== 'COMPLETED') return undefined;
    const counts = await sample(10);
    return counts.get(version) === 10 ? s : undefined;
  }, 180_000, 500);

  before(async () => {
    server = await startTestServer();
    ecs = new ECSClient(server.clientConfig);
    agents = e2eAgents(server);
    work = mkdtempSync(join(tmpdir(), 'wharf-e2e-bg-'));
    await awsJson(server, ['ecs', 'create-cluster', '--cluster-name', CLUSTER]);
    await agents.start({ cluster: CLUSTER });
    await agents.start({ cluster: CLUSTER, hostIp: '127.0.0.2' });
    lb = await createWebBalancer(server, 'bg', await freePort());
    green = await createTargetGroup(server, 'bg-green');
    url = `http://127.0.0.1:${lb.port}/`;
    for (const v of ['v1', 'v2', 'v3']) await registerWeb(server, work, 'web', v);
    await ecs.send(new CreateServiceCommand({
      cluster: CLUSTER, serviceName: 'web', taskDefinition: 'web:1', desiredCount: 2,
      loadBalancers: [{
        targetGroupArn: lb.targetGroupArn, containerName: 'web', containerPort: 80,
        advancedConfiguration: { alternateTargetGroupArn: green, productionListenerRule: lb.listenerArn, roleArn: 'arn:aws:iam::000000000000:role/ecs-lb' },
      }],
      deploymentConfiguration: { strategy: 'CANARY', canaryConfiguration: { canaryPercent: 50, canaryBakeTimeInMinutes: 1 }, bakeTimeInMinutes: 0 },
    }));
    await steadyOn('v1');
  });
  after(async () => {
    ecs?.destroy();
    await agents?.cleanup();
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('shifts half the traffic to the canary, then a rollback sends it all back to the old set', async () => {
    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', taskDefinition: 'web:2' }));
    const split = await eventually('traffic split between v1 and v2', async () => {
      const counts = await sample(40);
      return (counts.get('v1') ?? 0) > 0 && (counts.get('v2') ?? 0) > 0 && (counts.get('v1') ?? 0) + (counts.get('v2') ?? 0) === 40 ? counts : undefined;
    }, 120_000, 500);
    const share = (split.get('v2') ?? 0) / 40;
    assert.ok(share > 0.2 && share < 0.8, `v2 answered ${share * 100}% of 40 requests at a 50% canary`);
    const health = await awsJson<{ TargetHealthDescriptions: { TargetHealth: { State: string } }[] }>(server, ['elbv2', 'describe-target-health', '--target-group-arn', green]);
    assert.deepEqual(health.TargetHealthDescriptions.map((t) => t.TargetHealth.State), ['healthy', 'healthy']);

    const list = await ecs.send(new ListServiceDeploymentsCommand({ cluster: CLUSTER, service: 'web', status: ['IN_PROGRESS'] }));
    const arn = list.serviceDeployments?.[0]?.serviceDeploymentArn ?? '';
    assert.ok(arn, 'the canary deployment is listed IN_PROGRESS');
    await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }));
    const s = await steadyOn('v1');
    assert.match(s.taskDefinition, /web:1$/);
    const described = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }));
    assert.match(described.serviceDeployments?.[0]?.status ?? '', /ROLLBACK_(SUCCESSFUL|IN_PROGRESS)/);
    await eventually('the canary set gone from the alternate target group', async () => {
      const h = await awsJson<{ TargetHealthDescriptions: unknown[] }>(server, ['elbv2', 'describe-target-health', '--target-group-arn', green]);
      return h.TargetHealthDescriptions.length === 0 ? h : undefined;
    }, 60_000, 500);
  });

  it('moves all traffic at once in a blue/green deployment with no failed request, then removes the old set', async () => {
    await ecs.send(new UpdateServiceCommand({
      cluster: CLUSTER, service: 'web', taskDefinition: 'web:3',
      deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 0 },
    }));
    const load = hammer(url, { concurrency: 2 });
    await steadyOn('v3');
    const seen = await load.stop();
    assert.equal(seen.failed, 0, `failed requests: ${seen.failures.slice(0, 5).join('; ')}`);
    const blue = await awsJson<{ TargetHealthDescriptions: unknown[] }>(server, ['elbv2', 'describe-target-health', '--target-group-arn', lb.targetGroupArn]);
    const greenNow = await awsJson<{ TargetHealthDescriptions: unknown[] }>(server, ['elbv2', 'describe-target-health', '--target-group-arn', green]);
    // The new set lives in whichever group the old one did not: exactly two targets in all.
    assert.equal(blue.TargetHealthDescriptions.length + greenNow.TargetHealthDescriptions.length, 2);
  });
});
