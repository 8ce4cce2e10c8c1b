// Services when hosts come and go (real server with a 2 s lost-agent grace, three real agents on
// 127.0.0.1-3 sharing this machine's Docker as three hosts): a host that dies has its tasks come
// back on the others; draining an instance moves its tasks first without a failed request; a
// DAEMON service follows instances joining, draining and leaving.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningAgent } from '../../src/agent/agent.js';
import { removeLabelled } from '../agent/helpers.js';
import { awsJson } from '../helpers/awsCli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { freePort } from '../lb/helpers.js';
import { e2eAgents, eventually, type E2eAgents } from './helpers.js';
import { answering, createWebBalancer, describeService, hammer, registerWeb, type WebBalancer } from './serviceKit.js';

const CLUSTER = 'hosts';

interface WireTask { taskArn: string; lastStatus: string; containerInstanceArn: string }

describe('services across hosts that die, drain and join', { timeout: 600_000 }, () => {
  let server: TestServer;
  let agents: E2eAgents;
  let work: string;
  let lb: WebBalancer;
  let url: string;
  let hosts: RunningAgent[];

  const tasksOf = async (service: string): Promise<WireTask[]> => {
    const list = await awsJson<{ taskArns: string[] }>(server, ['ecs', 'list-tasks', '--cluster', CLUSTER, '--service-name', service, '--desired-status', 'RUNNING']);
    if (list.taskArns.length === 0) return [];
    return (await awsJson<{ tasks: WireTask[] }>(server, ['ecs', 'describe-tasks', '--cluster', CLUSTER, '--tasks', ...list.taskArns])).tasks;
  };
  const serving = () => answering(url, 3);
  const setState = (agent: RunningAgent, status: string) =>
    awsJson(server, ['ecs', 'update-container-instances-state', '--cluster', CLUSTER, '--container-instances', agent.containerInstanceArn, '--status', status]);

  before(async () => {
    server = await startTestServer({ lostAgentGraceMs: 2000 });
    agents = e2eAgents(server);
    work = mkdtempSync(join(tmpdir(), 'wharf-e2e-hosts-'));
    await awsJson(server, ['ecs', 'create-cluster', '--cluster-name', CLUSTER]);
    hosts = [
      await agents.start({ cluster: CLUSTER }),
      await agents.start({ cluster: CLUSTER, hostIp: '127.0.0.2' }),
      await agents.start({ cluster: CLUSTER, hostIp: '127.0.0.3' }),
    ];
    lb = await createWebBalancer(server, 'hosts', await freePort());
    url = `http://127.0.0.1:${lb.port}/`;
    await registerWeb(server, work, 'web', 'v1');
    await awsJson(server, [
      'ecs', 'create-service', '--cluster', CLUSTER, '--service-name', 'web', '--task-definition', 'web:1', '--desired-count', '3',
      '--load-balancers', `targetGroupArn=${lb.targetGroupArn},containerName=web,containerPort=80`,
    ]);
    await eventually('web steady', async () => {
      const s = await describeService(server, CLUSTER, 'web');
      return s.events.some((e) => e.message === '(service web) has reached a steady state.') ? s : undefined;
    }, 120_000, 500);
  });
  after(async () => {
    await agents?.cleanup();
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('spreads the service over the three hosts', async () => {
    const tasks = await tasksOf('web');
    assert.equal(new Set(tasks.map((t) => t.containerInstanceArn)).size, 3);
    await serving();
  });

  it('brings a dead host\'s tasks back on the other hosts', async () => {
    const dead = hosts[2] as RunningAgent;
    // The host dies: its agent goes silent and its containers are gone.
    await dead.close();
    removeLabelled(dead.containerInstanceArn);
    const moved = await eventually('three tasks on the two live hosts', async () => {
      const tasks = await tasksOf('web');
      return tasks.length === 3 && tasks.every((t) => t.lastStatus === 'RUNNING' && t.containerInstanceArn !== dead.containerInstanceArn) ? tasks : undefined;
    }, 90_000, 250);
    assert.equal(moved.length, 3);
    const ci = await awsJson<{ containerInstances: { agentConnected: boolean }[] }>(server, ['ecs', 'describe-container-instances', '--cluster', CLUSTER, '--container-instances', dead.containerInstanceArn]);
    assert.equal(ci.containerInstances[0]?.agentConnected, false);
    await serving();
  });

  it('moves the tasks of a DRAINING instance elsewhere first, with no failed request', async () => {
    const draining = hosts[1] as RunningAgent;
    const load = hammer(url, { concurrency: 2 });
    await setState(draining, 'DRAINING');
    await eventually('no task left on the draining instance', async () => {
      const tasks = await tasksOf('web');
      return tasks.length === 3 && tasks.every((t) => t.lastStatus === 'RUNNING' && t.containerInstanceArn !== draining.containerInstanceArn) ? tasks : undefined;
    }, 120_000, 250);
    await serving();
    const seen = await load.stop();
    assert.equal(seen.failed, 0, `failed requests: ${seen.failures.slice(0, 5).join('; ')}`);
    // The stopped tasks count on the instance until its agent reports them STOPPED.
    const ci = await eventually('the draining instance empty', async () => {
      const out = await awsJson<{ containerInstances: { runningTasksCount: number; status: string }[] }>(server, ['ecs', 'describe-container-instances', '--cluster', CLUSTER, '--container-instances', draining.containerInstanceArn]);
      return out.containerInstances[0]?.runningTasksCount === 0 ? out.containerInstances[0] : undefined;
    }, 60_000, 250);
    assert.equal(ci.status, 'DRAINING');
  });

  it('keeps one DAEMON task on every active instance as instances join, drain and return', async () => {
    const file = join(work, 'daemon.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify({
      family: 'agentd',
      containerDefinitions: [{ name: 'agentd', image: 'wharf-test/busybox:latest', memory: 8, essential: true, command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'] }],
    }));
    await awsJson(server, ['ecs', 'register-task-definition', '--cli-input-json', `file://${file}`]);
    await awsJson(server, ['ecs', 'create-service', '--cluster', CLUSTER, '--service-name', 'agentd', '--task-definition', 'agentd', '--scheduling-strategy', 'DAEMON']);
    const onInstances = async (want: string[]) => eventually(`daemon tasks on ${want.length} instances`, async () => {
      const tasks = await tasksOf('agentd');
      const where = tasks.filter((t) => t.lastStatus === 'RUNNING').map((t) => t.containerInstanceArn).sort();
      return tasks.length === want.length && JSON.stringify(where) === JSON.stringify([...want].sort()) ? tasks : undefined;
    }, 90_000, 250);
    const [a, b] = hosts as [RunningAgent, RunningAgent];
    // Only the first host is ACTIVE and alive (the second drains, the third is dead).
    await onInstances([a.containerInstanceArn]);
    await setState(b, 'ACTIVE');
    await onInstances([a.containerInstanceArn, b.containerInstanceArn]);
    const joined = await agents.start({ cluster: CLUSTER, hostIp: '127.0.0.4' });
    await onInstances([a.containerInstanceArn, b.containerInstanceArn, joined.containerInstanceArn]);
    await setState(joined, 'DRAINING');
    await onInstances([a.containerInstanceArn, b.containerInstanceArn]);
    const s = await describeService(server, CLUSTER, 'agentd');
    assert.equal(s.desiredCount, 2);
  });
});
