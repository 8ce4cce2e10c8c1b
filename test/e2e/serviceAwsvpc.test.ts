// An awsvpc service behind an `ip` target group: each task gets its own network (a Docker network
// per task), the service registers the task's address and container port, and the listener
// reaches both tasks there. AWS CLI, real agent, real Docker.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { awsJson } from '../helpers/awsCli.js';
import { ensureBusyboxImage } from '../helpers/images.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { freePort } from '../lb/helpers.js';
import { e2eAgents, type E2eAgents } from './helpers.js';
import { answering } from './serviceKit.js';

const CLUSTER = 'vpc';

describe('an awsvpc service behind an ip target group', { timeout: 300_000 }, () => {
  let server: TestServer;
  let agents: E2eAgents;
  let work: string;

  before(async () => {
    server = await startTestServer();
    agents = e2eAgents(server);
    work = mkdtempSync(join(tmpdir(), 'wharf-e2e-vpc-'));
    await awsJson(server, ['ecs', 'create-cluster', '--cluster-name', CLUSTER]);
    await agents.start({ cluster: CLUSTER });
  });
  after(async () => {
    await agents?.cleanup();
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('registers each task\'s own address and serves through the listener', async () => {
    const file = join(work, 'td.json');
    writeFileSync(file, JSON.stringify({
      family: 'vpcweb', networkMode: 'awsvpc',
      containerDefinitions: [{
        name: 'web', image: ensureBusyboxImage(), memory: 16, essential: true,
        command: ['sh', '-c', 'busybox mkdir -p /www && echo "vpc $HOSTNAME" > /www/index.html && exec httpd -f -p 8080 -h /www'],
        portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
      }],
    }));
    await awsJson(server, ['ecs', 'register-task-definition', '--cli-input-json', `file://${file}`]);
    const lb = await awsJson<{ LoadBalancers: { LoadBalancerArn: string }[] }>(server, ['elbv2', 'create-load-balancer', '--name', 'vpc', '--subnets', 'subnet-a']);
    const tg = await awsJson<{ TargetGroups: { TargetGroupArn: string }[] }>(server, [
      'elbv2', 'create-target-group', '--name', 'vpc', '--protocol', 'HTTP', '--port', '8080', '--target-type', 'ip', '--vpc-id', 'vpc-wharf',
      '--health-check-interval-seconds', '5', '--health-check-timeout-seconds', '2', '--healthy-threshold-count', '2',
    ]);
    const tgArn = tg.TargetGroups[0]?.TargetGroupArn ?? '';
    const port = await freePort();
    await awsJson(server, ['elbv2', 'create-listener', '--load-balancer-arn', lb.LoadBalancers[0]?.LoadBalancerArn ?? '', '--protocol', 'HTTP',
      '--port', String(port), '--default-actions', `Type=forward,TargetGroupArn=${tgArn}`]);
    await awsJson(server, [
      'ecs', 'create-service', '--cluster', CLUSTER, '--service-name', 'vpcweb', '--task-definition', 'vpcweb', '--desired-count', '2',
      '--network-configuration', 'awsvpcConfiguration={subnets=[subnet-a]}',
      '--load-balancers', `targetGroupArn=${tgArn},containerName=web,containerPort=8080`,
    ]);
    const bodies = await answering(`http://127.0.0.1:${port}/`, 2, 120_000);
    assert.ok([...bodies].every((b) => b.startsWith('vpc ')));
    const health = await awsJson<{ TargetHealthDescriptions: { Target: { Id: string; Port: number } }[] }>(server, ['elbv2', 'describe-target-health', '--target-group-arn', tgArn]);
    const tasks = await awsJson<{ taskArns: string[] }>(server, ['ecs', 'list-tasks', '--cluster', CLUSTER, '--service-name', 'vpcweb']);
    const described = await awsJson<{ tasks: { attachments: { details: { name: string; value: string }[] }[] }[] }>(server, ['ecs', 'describe-tasks', '--cluster', CLUSTER, '--tasks', ...tasks.taskArns]);
    const ips = described.tasks.map((t) => t.attachments[0]?.details.find((d) => d.name === 'privateIPv4Address')?.value).sort();
    assert.deepEqual(health.TargetHealthDescriptions.map((d) => d.Target.Id).sort(), ips);
    assert.ok(health.TargetHealthDescriptions.every((d) => d.Target.Port === 8080));
  });
});
