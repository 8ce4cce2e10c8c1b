// The walk-through with the AWS CLI: an application load balancer, a service of three tasks
// behind it answering in turn, a rolling deployment under load with no failed request, a circuit
// breaker rollback that keeps serving the old version, and a killed container replaced and taken
// out of the load balancer. Real server, real agents, real Docker.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { awsCli, awsJson } from '../helpers/awsCli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { freePort } from '../lb/helpers.js';
import { e2eAgents, eventually, fetchText, type E2eAgents } from './helpers.js';
import { answering, createWebBalancer, describeService, hammer, registerWeb, type WebBalancer } from './serviceKit.js';

const CLUSTER = 'default';

describe('services behind a load balancer, with the AWS CLI', { timeout: 600_000 }, () => {
  let server: TestServer;
  let agents: E2eAgents;
  let work: string;
  let lb: WebBalancer;
  let url: string;

  const running = async () => {
    const list = await awsJson<{ taskArns: string[] }>(server, ['ecs', 'list-tasks', '--cluster', CLUSTER, '--service-name', 'web', '--desired-status', 'RUNNING']);
    if (list.taskArns.length === 0) return [];
    const d = await awsJson<{ tasks: { taskArn: string; lastStatus: string; taskDefinitionArn: string; containers: { runtimeId?: string }[] }[] }>(
      server, ['ecs', 'describe-tasks', '--cluster', CLUSTER, '--tasks', ...list.taskArns]);
    return d.tasks;
  };
  const settled = (taskDefinition: string) => eventually(`web on ${taskDefinition} steady`, async () => {
    const s = await describeService(server, CLUSTER, 'web');
    const p = s.deployments[0];
    return s.deployments.length === 1 && p?.rolloutState === 'COMPLETED' && p.taskDefinition.endsWith(taskDefinition) && s.runningCount === 3 ? s : undefined;
  }, 180_000, 500);

  before(async () => {
    server = await startTestServer();
    agents = e2eAgents(server);
    work = mkdtempSync(join(tmpdir(), 'wharf-e2e-svc-'));
    await awsJson(server, ['ecs', 'create-cluster', '--cluster-name', CLUSTER]);
    await agents.start({ cluster: CLUSTER });
    await agents.start({ cluster: CLUSTER, hostIp: '127.0.0.2' });
    lb = await createWebBalancer(server, 'web', await freePort());
    url = `http://127.0.0.1:${lb.port}/`;
  });
  after(async () => {
    await agents?.cleanup();
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('creates a service of three tasks that the listener answers from in turn', async () => {
    await registerWeb(server, work, 'web', 'v1');
    const created = await awsJson<{ service: { serviceName: string; status: string; desiredCount: number } }>(server, [
      'ecs', 'create-service', '--cluster', CLUSTER, '--service-name', 'web', '--task-definition', 'web:1', '--desired-count', '3',
      '--load-balancers', `targetGroupArn=${lb.targetGroupArn},containerName=web,containerPort=80`,
      '--deployment-configuration', 'minimumHealthyPercent=100,maximumPercent=200,deploymentCircuitBreaker={enable=true,rollback=true}',
    ]);
    assert.equal(created.service.status, 'ACTIVE');
    const wait = await awsCli(server, ['ecs', 'wait', 'services-stable', '--cluster', CLUSTER, '--services', 'web']);
    assert.equal(wait.code, 0, wait.stderr);
    const s = await describeService(server, CLUSTER, 'web');
    assert.equal(s.runningCount, 3);
    // The waiter counts running tasks; the steady state also waits for the load balancer's checks.
    await eventually('the steady-state event', async () => {
      const now = await describeService(server, CLUSTER, 'web');
      return now.events.some((e) => e.message === '(service web) has reached a steady state.') ? now : undefined;
    }, 60_000, 500);
    // Health checks may still be settling for a target: wait until all three answer.
    const bodies = await eventually('three tasks answering in turn', async () => {
      const got: string[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await fetchText(url);
        if (r.status !== 200) return undefined;
        got.push(r.body.trim());
      }
      return new Set(got).size === 3 ? got : undefined;
    }, 30_000, 500);
    assert.ok(bodies.every((b) => b.startsWith('v1 ')));
    assert.deepEqual(bodies.slice(3), bodies.slice(0, 3), 'round robin: the same order again');
    const health = await awsJson<{ TargetHealthDescriptions: { TargetHealth: { State: string } }[] }>(server, ['elbv2', 'describe-target-health', '--target-group-arn', lb.targetGroupArn]);
    assert.deepEqual(health.TargetHealthDescriptions.map((t) => t.TargetHealth.State), ['healthy', 'healthy', 'healthy']);
  });

  it('rolls out a new revision while a client hammers the listener, with no failed request', async () => {
    await registerWeb(server, work, 'web', 'v2');
    const before = new Set((await running()).map((t) => t.taskArn));
    const load = hammer(url);
    await awsJson(server, ['ecs', 'update-service', '--cluster', CLUSTER, '--service', 'web', '--task-definition', 'web:2']);
    await settled('web:2');
    const seen = await load.stop();
    assert.equal(seen.failed, 0, `failed requests: ${seen.failures.slice(0, 5).join('; ')}`);
    assert.ok(seen.ok > 0);
    assert.ok([...seen.bodies.keys()].some((b) => b.startsWith('v2 ')));
    for (let i = 0; i < 6; i++) assert.match((await fetchText(url)).body, /^v2 /);
    const now = await running();
    assert.equal(now.length, 3);
    assert.ok(now.every((t) => !before.has(t.taskArn) && t.taskDefinitionArn.endsWith('web:2')));
    const old = await awsJson<{ tasks: { lastStatus: string; stopCode?: string }[] }>(server, ['ecs', 'describe-tasks', '--cluster', CLUSTER, '--tasks', ...before]);
    assert.deepEqual(old.tasks.map((t) => t.lastStatus), ['STOPPED', 'STOPPED', 'STOPPED']);
  });

  it('fails a revision whose container exits at once, rolls back, and keeps serving the old version', async () => {
    await registerWeb(server, work, 'web', 'v3', { command: ['sh', '-c', 'exit 1'] });
    const load = hammer(url, { concurrency: 2 });
    await awsJson(server, ['ecs', 'update-service', '--cluster', CLUSTER, '--service', 'web', '--task-definition', 'web:3']);
    const failed = await eventually('the circuit breaker', async () => {
      const s = await describeService(server, CLUSTER, 'web');
      return s.events.find((e) => /deployment failed: tasks failed to start/.test(e.message)) ? s : undefined;
    }, 180_000, 500);
    assert.ok(failed.events.some((e) => /rolling back to/.test(e.message)));
    const s = await settled('web:2');
    assert.equal(s.taskDefinition.endsWith('web:2'), true);
    const seen = await load.stop();
    assert.equal(seen.failed, 0, `failed requests: ${seen.failures.slice(0, 5).join('; ')}`);
    assert.ok([...seen.bodies.keys()].every((b) => b.startsWith('v2 ')), [...seen.bodies.keys()].join(', '));
  });

  it('replaces a task whose container is killed, and the listener stops sending to it', async () => {
    const tasks = await running();
    const victim = tasks[0];
    const id = victim?.containers[0]?.runtimeId ?? '';
    const hostname = id.slice(0, 12);
    execFileSync('docker', ['kill', id]);
    await eventually('a replacement', async () => {
      const now = await running();
      return now.length === 3 && now.every((t) => t.lastStatus === 'RUNNING' && t.taskArn !== victim?.taskArn) ? now : undefined;
    }, 60_000, 250);
    // The replacement answers once its health checks pass; the killed one never again.
    const bodies = await answering(url, 3);
    assert.ok(![...bodies].some((b) => b.endsWith(hostname)), 'the killed container gets no requests');
    const s = await settled('web:2');
    assert.equal(s.runningCount, 3);
  });
});
