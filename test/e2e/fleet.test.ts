// A fleet on one machine: three real agents on 127.0.0.1, 127.0.0.2 and 127.0.0.3 sharing the
// machine's Docker, each with its own data dir, 256 MiB of registered memory (ECS_RESERVED_MEMORY)
// and its own zone and attributes (ECS_INSTANCE_ATTRIBUTES). RunTask through @aws-sdk/client-ecs:
// spread spreads, binpack packs, distinctInstance refuses a 4th, memberOf selects, DRAINING gets
// nothing, exhaustion gives RESOURCE:MEMORY / RESOURCE:PORTS, and host ports are bound on each
// host's own address.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CreateClusterCommand, DescribeContainerInstancesCommand, DescribeTasksCommand, ECSClient, RegisterTaskDefinitionCommand,
  RunTaskCommand, StopTaskCommand, UpdateContainerInstancesStateCommand, type RunTaskCommandInput, type Task,
} from '@aws-sdk/client-ecs';
import type { RunningAgent } from '../../src/agent/agent.js';
import { ensureBusyboxImage } from '../helpers/images.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { e2eAgents, eventually, fetchText, type E2eAgents } from './helpers.js';

const CLUSTER = 'fleet';
const INSTANCE_MEMORY = 256;
const HOSTS = [
  { hostIp: '127.0.0.1', zone: 'us-east-1a', stack: 'blue' },
  { hostIp: '127.0.0.2', zone: 'us-east-1b', stack: 'green' },
  { hostIp: '127.0.0.3', zone: 'us-east-1c', stack: 'green' },
] as const;
const LOOP = 'trap "exit 0" TERM; while true; do sleep 1; done';
const HTTPD = 'trap "exit 0" TERM; echo "$PAGE" > /tmp/index.html; httpd -f -p 80 -h /tmp & wait';

function dockerMemoryMiB(): number {
  return Math.floor(Number(execFileSync('docker', ['info', '--format', '{{.MemTotal}}'], { encoding: 'utf8' }).trim()) / (1024 * 1024));
}

describe('a fleet of three agents on 127.0.0.1-3 (real Docker)', { timeout: 400_000 }, () => {
  let server: TestServer;
  let ecs: ECSClient;
  let agents: E2eAgents;
  const fleet: RunningAgent[] = [];
  const image = ensureBusyboxImage();
  const hostOf = (instanceArn: string | undefined) => HOSTS[fleet.findIndex((a) => a.containerInstanceArn === instanceArn)];

  const runTask = async (input: Omit<RunTaskCommandInput, 'cluster'>) => {
    const out = await ecs.send(new RunTaskCommand({ cluster: CLUSTER, ...input }));
    return { tasks: out.tasks ?? [], failures: out.failures ?? [] };
  };
  const describe_ = async (arns: string[]): Promise<Task[]> => (await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: arns }))).tasks ?? [];
  const waitAll = (arns: string[], status: string) => eventually(`${arns.length} tasks ${status}`, async () => {
    const ts = await describe_(arns);
    return ts.length === arns.length && ts.every((t) => t.lastStatus === status) ? ts : undefined;
  }, 90_000);
  const stopAll = async (tasks: Task[]) => {
    const arns = tasks.map((t) => t.taskArn ?? '');
    for (const arn of arns) await ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: arn, reason: 'test step over' }));
    await waitAll(arns, 'STOPPED');
  };
  const remaining = async () => {
    const out = await ecs.send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: fleet.map((a) => a.containerInstanceArn) }));
    return new Map((out.containerInstances ?? []).map((ci) => [ci.containerInstanceArn ?? '',
      ci.remainingResources?.find((r) => r.name === 'MEMORY')?.integerValue ?? -1]));
  };

  before(async () => {
    server = await startTestServer();
    ecs = new ECSClient(server.clientConfig);
    agents = e2eAgents(server);
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    const reserved = String(dockerMemoryMiB() - INSTANCE_MEMORY);
    for (const h of HOSTS) {
      fleet.push(await agents.start({
        cluster: CLUSTER,
        hostIp: h.hostIp,
        settings: {
          ECS_RESERVED_MEMORY: reserved,
          ECS_IMAGE_PULL_BEHAVIOR: 'prefer-cached',
          ECS_INSTANCE_ATTRIBUTES: JSON.stringify({ 'ecs.availability-zone': h.zone, stack: h.stack }),
        },
      }));
    }
    // startAgent returns once its session is up: the instances are placeable at once.
    const out = await ecs.send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: fleet.map((a) => a.containerInstanceArn) }));
    assert.deepEqual(out.containerInstances?.map((ci) => ci.agentConnected), [true, true, true]);
    const family = (name: string, memory: number, extra: Record<string, unknown> = {}) => ecs.send(new RegisterTaskDefinitionCommand({
      family: name,
      containerDefinitions: [{ name: 'app', image, memory, command: ['sh', '-c', LOOP], ...extra }],
    }));
    await family('small', 32);
    await family('big', 200);
    await family('web', 32, {
      command: ['sh', '-c', HTTPD],
      environment: [{ name: 'PAGE', value: 'dynamic' }],
      portMappings: [{ containerPort: 80, hostPort: 0 }],
    });
  });
  after(async () => {
    await agents?.cleanup();
    ecs?.destroy();
    await server?.stop();
  });

  it('registers each host with its memory, zone and attributes', async () => {
    const out = await ecs.send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: fleet.map((a) => a.containerInstanceArn) }));
    for (const [i, ci] of (out.containerInstances ?? []).entries()) {
      const h = HOSTS[i];
      assert.equal(ci.registeredResources?.find((r) => r.name === 'MEMORY')?.integerValue, INSTANCE_MEMORY);
      const attrs = new Map((ci.attributes ?? []).map((a) => [a.name, a.value]));
      assert.equal(attrs.get('ecs.availability-zone'), h?.zone);
      assert.equal(attrs.get('stack'), h?.stack);
    }
  });

  it('spreads over instanceId, one task per host, each port bound on its host address', async () => {
    const { tasks, failures } = await runTask({ taskDefinition: 'web', count: 3, placementStrategy: [{ type: 'spread', field: 'instanceId' }] });
    assert.deepEqual(failures, []);
    assert.equal(new Set(tasks.map((t) => t.containerInstanceArn)).size, 3);
    const running = await waitAll(tasks.map((t) => t.taskArn ?? ''), 'RUNNING');
    for (const t of running) {
      const host = hostOf(t.containerInstanceArn);
      const binding = t.containers?.[0]?.networkBindings?.[0];
      assert.ok(host && binding?.hostPort, `a binding for ${t.taskArn}`);
      assert.equal(binding.bindIP, host.hostIp);
      const page = await eventually(`page on ${host.hostIp}:${binding.hostPort}`, async () => {
        const r = await fetchText(`http://${host.hostIp}:${binding.hostPort}/`);
        return r.status === 200 ? r : undefined;
      }, 20_000);
      assert.equal(page.body, 'dynamic\n');
      if (host.hostIp !== '127.0.0.1') {
        await assert.rejects(fetchText(`http://127.0.0.1:${binding.hostPort}/`), 'the port is bound on the host address only');
      }
    }
    await stopAll(running);
  });

  it('binpacks on memory: every task on the same host', async () => {
    const { tasks, failures } = await runTask({ taskDefinition: 'small', count: 3, placementStrategy: [{ type: 'binpack', field: 'memory' }] });
    assert.deepEqual(failures, []);
    assert.equal(new Set(tasks.map((t) => t.containerInstanceArn)).size, 1);
    const left = await remaining();
    assert.equal(left.get(tasks[0]?.containerInstanceArn ?? ''), INSTANCE_MEMORY - 3 * 32);
    await stopAll(await waitAll(tasks.map((t) => t.taskArn ?? ''), 'RUNNING'));
    assert.deepEqual([...(await remaining()).values()], [INSTANCE_MEMORY, INSTANCE_MEMORY, INSTANCE_MEMORY]);
  });

  it('distinctInstance places three tasks on three hosts and refuses a fourth of the group', async () => {
    const constraint = [{ type: 'distinctInstance' as const }];
    const first = await runTask({ taskDefinition: 'small', count: 3, placementConstraints: constraint, group: 'distinct' });
    assert.deepEqual(first.failures, []);
    assert.equal(new Set(first.tasks.map((t) => t.containerInstanceArn)).size, 3);
    const fourth = await runTask({ taskDefinition: 'small', count: 1, placementConstraints: constraint, group: 'distinct' });
    assert.deepEqual(fourth.tasks, []);
    assert.equal(fourth.failures.length, 3);
    for (const f of fourth.failures) assert.equal(f.reason, 'DistinctInstance');
    await stopAll(await waitAll(first.tasks.map((t) => t.taskArn ?? ''), 'RUNNING'));
  });

  it('memberOf selects by zone and by custom attribute, and fails when nothing matches', async () => {
    const zoneB = await runTask({
      taskDefinition: 'small', count: 2,
      placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.availability-zone == us-east-1b' }],
    });
    assert.deepEqual(zoneB.failures, []);
    assert.deepEqual(zoneB.tasks.map((t) => hostOf(t.containerInstanceArn)?.hostIp), ['127.0.0.2', '127.0.0.2']);
    const green = await runTask({
      taskDefinition: 'small', count: 2,
      placementConstraints: [{ type: 'memberOf', expression: 'attribute:stack in [green] and not(attribute:ecs.availability-zone == us-east-1b)' }],
    });
    assert.deepEqual(green.tasks.map((t) => hostOf(t.containerInstanceArn)?.hostIp), ['127.0.0.3', '127.0.0.3']);
    const none = await runTask({ taskDefinition: 'small', placementConstraints: [{ type: 'memberOf', expression: 'attribute:stack == red' }] });
    assert.deepEqual(none.tasks, []);
    assert.deepEqual(none.failures.map((f) => f.reason), ['MemberOf', 'MemberOf', 'MemberOf']);
    await stopAll(await waitAll([...zoneB.tasks, ...green.tasks].map((t) => t.taskArn ?? ''), 'RUNNING'));
  });

  it('places nothing on a DRAINING instance', async () => {
    const drained = fleet[0]?.containerInstanceArn ?? '';
    const update = await ecs.send(new UpdateContainerInstancesStateCommand({ cluster: CLUSTER, containerInstances: [drained], status: 'DRAINING' }));
    assert.equal(update.containerInstances?.[0]?.status, 'DRAINING');
    try {
      const { tasks, failures } = await runTask({ taskDefinition: 'small', count: 6, placementStrategy: [{ type: 'spread', field: 'instanceId' }] });
      assert.deepEqual(failures, []);
      assert.equal(tasks.length, 6);
      assert.ok(tasks.every((t) => t.containerInstanceArn !== drained), 'no task on the DRAINING instance');
      await stopAll(await waitAll(tasks.map((t) => t.taskArn ?? ''), 'RUNNING'));
    } finally {
      await ecs.send(new UpdateContainerInstancesStateCommand({ cluster: CLUSTER, containerInstances: [drained], status: 'ACTIVE' }));
    }
  });

  it('runs out of memory with RESOURCE:MEMORY failures', async () => {
    const { tasks, failures } = await runTask({ taskDefinition: 'big', count: 4 });
    assert.equal(tasks.length, 3);
    assert.equal(new Set(tasks.map((t) => t.containerInstanceArn)).size, 3);
    assert.deepEqual(failures.map((f) => f.reason), ['RESOURCE:MEMORY', 'RESOURCE:MEMORY', 'RESOURCE:MEMORY']);
    const more = await runTask({ taskDefinition: 'small', count: 3 });
    assert.equal(more.tasks.length, 3, 'small tasks still fit next to the big ones');
    const full = await runTask({ taskDefinition: 'big' });
    assert.deepEqual(full.tasks, []);
    assert.deepEqual(full.failures.map((f) => f.reason).sort(), ['RESOURCE:MEMORY', 'RESOURCE:MEMORY', 'RESOURCE:MEMORY']);
    await stopAll(await waitAll([...tasks, ...more.tasks].map((t) => t.taskArn ?? ''), 'RUNNING'));
  });

  it('never overcommits under concurrent RunTask calls', async () => {
    const calls = await Promise.all(Array.from({ length: 6 }, () => runTask({ taskDefinition: 'big' })));
    const placed = calls.flatMap((c) => c.tasks);
    assert.equal(placed.length, 3, 'one 200 MiB task per 256 MiB host');
    assert.equal(new Set(placed.map((t) => t.containerInstanceArn)).size, 3);
    for (const c of calls.filter((x) => x.tasks.length === 0)) assert.ok(c.failures.every((f) => f.reason === 'RESOURCE:MEMORY'));
    await stopAll(await waitAll(placed.map((t) => t.taskArn ?? ''), 'RUNNING'));
  });

  it('binds one fixed host port on each host address, and refuses a fourth with RESOURCE:PORTS', async () => {
    const port = 20_000 + randomInt(20_000);
    await ecs.send(new RegisterTaskDefinitionCommand({
      family: 'fixed',
      containerDefinitions: [{
        name: 'app', image, memory: 32, command: ['sh', '-c', HTTPD],
        environment: [{ name: 'PAGE', value: 'fixed' }],
        portMappings: [{ containerPort: 80, hostPort: port }],
      }],
    }));
    const { tasks, failures } = await runTask({ taskDefinition: 'fixed', count: 4 });
    assert.equal(tasks.length, 3);
    assert.deepEqual(failures.map((f) => f.reason), ['RESOURCE:PORTS', 'RESOURCE:PORTS', 'RESOURCE:PORTS']);
    const running = await waitAll(tasks.map((t) => t.taskArn ?? ''), 'RUNNING');
    for (const t of running) {
      const host = hostOf(t.containerInstanceArn);
      assert.ok(host);
      assert.deepEqual(t.containers?.[0]?.networkBindings, [{ bindIP: host.hostIp, containerPort: 80, hostPort: port, protocol: 'tcp' }]);
      const page = await eventually(`page on ${host.hostIp}:${port}`, async () => {
        const r = await fetchText(`http://${host.hostIp}:${port}/`);
        return r.status === 200 ? r : undefined;
      }, 20_000);
      assert.equal(page.body, 'fixed\n');
    }
    await stopAll(running);
  });

  it('an ECS_EXTERNAL agent is an mi- instance that takes EXTERNAL tasks only; EC2 instances take none', async () => {
    const ANYWHERE = 'anywhere';
    await ecs.send(new CreateClusterCommand({ clusterName: ANYWHERE }));
    const external = await agents.start({ cluster: ANYWHERE, settings: { ECS_EXTERNAL: 'true', ECS_IMAGE_PULL_BEHAVIOR: 'prefer-cached' } });
    assert.match(external.instanceId, /^mi-[0-9a-f]{17}$/);
    const ci = (await ecs.send(new DescribeContainerInstancesCommand({ cluster: ANYWHERE, containerInstances: [external.containerInstanceArn] }))).containerInstances?.[0];
    assert.equal(ci?.ec2InstanceId, external.instanceId);
    assert.ok(ci?.attributes?.some((a) => a.name === 'ecs.capability.external'));

    const run = (cluster: string, launchType?: 'EC2' | 'EXTERNAL') => ecs.send(new RunTaskCommand({ cluster, taskDefinition: 'small', ...(launchType ? { launchType } : {}) }));
    await assert.rejects(run(ANYWHERE), { name: 'InvalidParameterException', message: 'No Container Instances were found in your cluster.' });
    await assert.rejects(run(CLUSTER, 'EXTERNAL'), { name: 'InvalidParameterException', message: 'No Container Instances were found in your cluster.' });
    const out = await run(ANYWHERE, 'EXTERNAL');
    assert.deepEqual(out.failures, []);
    const arn = out.tasks?.[0]?.taskArn ?? '';
    const task = await eventually('the EXTERNAL task RUNNING', async () => {
      const t = (await ecs.send(new DescribeTasksCommand({ cluster: ANYWHERE, tasks: [arn] }))).tasks?.[0];
      return t?.lastStatus === 'RUNNING' ? t : undefined;
    }, 90_000);
    assert.equal(task.launchType, 'EXTERNAL');
    assert.equal(task.containerInstanceArn, external.containerInstanceArn);
    await ecs.send(new StopTaskCommand({ cluster: ANYWHERE, task: arn, reason: 'test step over' }));
    await eventually('the EXTERNAL task STOPPED', async () => {
      const t = (await ecs.send(new DescribeTasksCommand({ cluster: ANYWHERE, tasks: [arn] }))).tasks?.[0];
      return t?.lastStatus === 'STOPPED' ? t : undefined;
    }, 90_000);
  });
});
