// The walk-through, end to end with real clients: an image pushed to Wharf's registry with
// the docker CLI (ECR login), a task definition registered from a JSON file with the AWS CLI, a real
// agent (startAgent) on the machine's Docker, run-task / wait tasks-running / curl / stop-task /
// describe-tasks; then a task whose image is missing and one whose essential container exits.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { awsCli, awsJson } from '../helpers/awsCli.js';
import { dockerCli, type DockerCli } from '../helpers/docker.js';
import { ensureBusyboxImage } from '../helpers/images.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { e2eAgents, eventually, fetchText, type E2eAgents } from './helpers.js';

interface WireContainer {
  name: string;
  lastStatus: string;
  exitCode?: number;
  reason?: string;
  runtimeId?: string;
  networkBindings?: { bindIP: string; containerPort: number; hostPort: number; protocol: string }[];
}
interface WireTask {
  taskArn: string;
  lastStatus: string;
  desiredStatus: string;
  stopCode?: string;
  stoppedReason?: string;
  containerInstanceArn: string;
  containers: WireContainer[];
}
interface Described {
  tasks: WireTask[];
  failures: { arn: string; reason: string }[];
}

const CLUSTER = 'default';
const PAGE = `hello from wharf ${process.pid}\n`;

describe('walk-through: registry -> task definition -> agent -> run/stop with the AWS CLI', { timeout: 300_000 }, () => {
  let server: TestServer;
  let docker: DockerCli;
  let agents: E2eAgents;
  let host: string;
  let work: string;
  let imageUri: string;

  const describeTasks = (arns: string[]) => awsJson<Described>(server, ['ecs', 'describe-tasks', '--cluster', CLUSTER, '--tasks', ...arns]);
  const waitStopped = (arn: string) => eventually(`${arn} STOPPED`, async () => {
    const t = (await describeTasks([arn])).tasks[0];
    return t?.lastStatus === 'STOPPED' ? t : undefined;
  }, 90_000);
  const registerFile = async (name: string, body: unknown) => {
    const file = join(work, `${name}.json`);
    writeFileSync(file, JSON.stringify(body));
    return awsJson<{ taskDefinition: { taskDefinitionArn: string } }>(server, ['ecs', 'register-task-definition', '--cli-input-json', `file://${file}`]);
  };

  before(async () => {
    const base = ensureBusyboxImage();
    server = await startTestServer();
    docker = dockerCli();
    agents = e2eAgents(server);
    host = new URL(server.url).host;
    work = mkdtempSync(join(tmpdir(), 'wharf-e2e-walk-'));
    imageUri = `${host}/web:1`;

    // An image with a page for busybox httpd, pushed to Wharf's registry and removed locally, so
    // that the agent really pulls it with the registry's token.
    const context = join(work, 'image');
    mkdirSync(join(context, 'www'), { recursive: true });
    writeFileSync(join(context, 'www', 'index.html'), PAGE);
    writeFileSync(join(context, 'Dockerfile'), `FROM ${base}\nCOPY www /www\n`);
    await awsJson(server, ['ecr', 'create-repository', '--repository-name', 'web']);
    const password = await awsCli(server, ['ecr', 'get-login-password']);
    assert.equal(password.code, 0, password.stderr);
    await docker.ok(['login', '--username', 'AWS', '--password-stdin', host], password.stdout.trim());
    await docker.ok(['build', '-q', '-t', imageUri, context]);
    await docker.ok(['push', imageUri]);
    await docker.ok(['rmi', imageUri]);

    await awsJson(server, ['ecs', 'create-cluster', '--cluster-name', CLUSTER]);
    await agents.start({ cluster: CLUSTER });
  });
  after(async () => {
    await agents?.cleanup();
    await docker?.run(['rmi', '-f', imageUri]);
    docker?.cleanup();
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('shows the agent as a connected container instance', async () => {
    const list = await awsJson<{ containerInstanceArns: string[] }>(server, ['ecs', 'list-container-instances', '--cluster', CLUSTER]);
    assert.equal(list.containerInstanceArns.length, 1);
    // startAgent returned once its session was up: the instance is connected, not just registered.
    const d = await awsJson<{ containerInstances: { agentConnected: boolean; status: string; versionInfo: { agentVersion: string } }[] }>(
      server, ['ecs', 'describe-container-instances', '--cluster', CLUSTER, '--container-instances', ...list.containerInstanceArns]);
    assert.equal(d.containerInstances[0]?.agentConnected, true);
    assert.equal(d.containerInstances[0]?.status, 'ACTIVE');
    assert.ok(d.containerInstances[0]?.versionInfo.agentVersion);
  });

  it('runs three tasks from the pushed image, serves the page on the dynamic host ports, and stops them', async () => {
    const td = await registerFile('web', {
      family: 'web',
      containerDefinitions: [{
        name: 'web',
        image: imageUri,
        memory: 32,
        essential: true,
        command: ['httpd', '-f', '-p', '80', '-h', '/www'],
        portMappings: [{ containerPort: 80, hostPort: 0, protocol: 'tcp' }],
      }],
    });
    assert.match(td.taskDefinition.taskDefinitionArn, /task-definition\/web:1$/);

    const run = await awsJson<{ tasks: WireTask[]; failures: unknown[] }>(server, [
      'ecs', 'run-task', '--cluster', CLUSTER, '--task-definition', 'web', '--count', '3',
      '--placement-strategy', 'type=spread,field=instanceId',
    ]);
    assert.deepEqual(run.failures, []);
    assert.equal(run.tasks.length, 3);
    const arns = run.tasks.map((t) => t.taskArn);

    const wait = await awsCli(server, ['ecs', 'wait', 'tasks-running', '--cluster', CLUSTER, '--tasks', ...arns]);
    assert.equal(wait.code, 0, wait.stderr);

    const running = await describeTasks(arns);
    assert.deepEqual(running.tasks.map((t) => t.lastStatus), ['RUNNING', 'RUNNING', 'RUNNING']);
    const ports = new Set<number>();
    for (const t of running.tasks) {
      const binding = t.containers[0]?.networkBindings?.[0];
      assert.ok(binding, `no network binding for ${t.taskArn}`);
      assert.equal(binding.containerPort, 80);
      assert.equal(binding.protocol, 'tcp');
      assert.ok(binding.hostPort > 0);
      ports.add(binding.hostPort);
      const page = await eventually(`the page on port ${binding.hostPort}`, async () => {
        const r = await fetchText(`http://127.0.0.1:${binding.hostPort}/`);
        return r.status === 200 ? r : undefined;
      }, 20_000);
      assert.equal(page.body, PAGE);
    }
    assert.equal(ports.size, 3, 'each task has its own host port');

    // What DescribeTasks says about the containers is what Docker and the registry say.
    const images = await awsJson<{ imageDetails: { imageDigest: string }[] }>(server, ['ecr', 'describe-images', '--repository-name', 'web']);
    const digest = images.imageDetails[0]?.imageDigest;
    for (const t of running.tasks) {
      const c = t.containers[0] as WireContainer & { imageDigest?: string; image: string };
      assert.equal(c.image, imageUri);
      assert.equal(c.imageDigest, digest);
      const [inspected] = JSON.parse(await docker.ok(['inspect', c.runtimeId ?? ''])) as { Id: string; State: { Running: boolean }; Config: { Labels: Record<string, string> } }[];
      assert.equal(inspected?.Id, c.runtimeId);
      assert.equal(inspected?.State.Running, true);
      assert.equal(inspected?.Config.Labels['com.amazonaws.ecs.task-arn'], t.taskArn);
      assert.equal(inspected?.Config.Labels['com.amazonaws.ecs.container-name'], 'web');
      assert.equal(inspected?.Config.Labels['com.amazonaws.ecs.task-definition-family'], 'web');
      assert.match(inspected?.Config.Labels['com.amazonaws.ecs.cluster'] ?? '', /(^|\/)default$/);
      assert.equal(t.containerInstanceArn, agents.started[0]?.containerInstanceArn);
    }

    for (const arn of arns) {
      const stopped = await awsJson<{ task: WireTask }>(server, ['ecs', 'stop-task', '--cluster', CLUSTER, '--task', arn, '--reason', 'done']);
      assert.equal(stopped.task.desiredStatus, 'STOPPED');
    }
    const waitStop = await awsCli(server, ['ecs', 'wait', 'tasks-stopped', '--cluster', CLUSTER, '--tasks', ...arns]);
    assert.equal(waitStop.code, 0, waitStop.stderr);
    const done = await describeTasks(arns);
    for (const t of done.tasks) {
      assert.equal(t.lastStatus, 'STOPPED');
      assert.equal(t.desiredStatus, 'STOPPED');
      assert.equal(t.stopCode, 'UserInitiated');
      assert.equal(t.stoppedReason, 'done');
      const c = t.containers[0];
      assert.equal(c?.lastStatus, 'STOPPED');
      assert.equal(typeof c?.exitCode, 'number', `exit code of ${t.taskArn}: ${JSON.stringify(c)}`);
    }
  });

  it('stops a task whose image is not in the registry with TaskFailedToStart and CannotPullContainerError', async () => {
    await registerFile('missing', {
      family: 'missing',
      containerDefinitions: [{ name: 'app', image: `${host}/web:does-not-exist`, memory: 32 }],
    });
    const run = await awsJson<{ tasks: WireTask[] }>(server, ['ecs', 'run-task', '--cluster', CLUSTER, '--task-definition', 'missing']);
    const arn = run.tasks[0]?.taskArn ?? '';
    const t = await waitStopped(arn);
    assert.equal(t.stopCode, 'TaskFailedToStart');
    assert.match(t.containers[0]?.reason ?? '', /^CannotPullContainerError:/);
  });

  it('stops a task whose essential container exits with EssentialContainerExited and its exit code', async () => {
    await registerFile('oneshot', {
      family: 'oneshot',
      containerDefinitions: [
        { name: 'main', image: ensureBusyboxImage(), memory: 16, essential: true, command: ['sh', '-c', 'sleep 1; exit 3'] },
        // Deaf to SIGTERM (a shell as PID 1): the task stays STOPPING until its stopTimeout kills it.
        { name: 'side', image: ensureBusyboxImage(), memory: 16, essential: false, stopTimeout: 8, command: ['sh', '-c', 'while true; do sleep 1; done'] },
      ],
    });
    // The busybox image is only local: the agent falls back to it when the pull fails.
    const run = await awsJson<{ tasks: WireTask[] }>(server, ['ecs', 'run-task', '--cluster', CLUSTER, '--task-definition', 'oneshot']);
    const arn = run.tasks[0]?.taskArn ?? '';
    const stopping = await eventually('the task stopping', async () => {
      const d = (await describeTasks([arn])).tasks[0];
      return d && !['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING'].includes(d.lastStatus) ? d : undefined;
    }, 60_000, 100);
    assert.notEqual(stopping.lastStatus, 'STOPPED', 'seen while the side container still runs');
    assert.equal(stopping.desiredStatus, 'STOPPED', 'an essential exit makes the task\'s desired status STOPPED');
    assert.equal(stopping.stopCode, 'EssentialContainerExited');
    const t = await waitStopped(arn);
    assert.equal(t.stopCode, 'EssentialContainerExited');
    assert.match(t.stoppedReason ?? '', /Essential container in task exited/);
    const main = t.containers.find((c) => c.name === 'main');
    const side = t.containers.find((c) => c.name === 'side');
    assert.equal(main?.exitCode, 3);
    assert.equal(side?.lastStatus, 'STOPPED');
    assert.equal(side?.exitCode, 137, 'killed after its stopTimeout');
  });

  it('runs with overrides: the container gets the overridden command and environment', async () => {
    await registerFile('say', {
      family: 'say',
      containerDefinitions: [{ name: 'main', image: ensureBusyboxImage(), memory: 16, command: ['sh', '-c', 'exit 1'], environment: [{ name: 'A', value: 'a' }] }],
    });
    const overrides = {
      containerOverrides: [{ name: 'main', command: ['sh', '-c', 'test "$A$B" = "ab" && exit 7'], environment: [{ name: 'B', value: 'b' }], memory: 24 }],
      memory: '64',
    };
    const run = await awsJson<{ tasks: (WireTask & { memory: string; overrides: { memory?: string } })[] }>(server, [
      'ecs', 'run-task', '--cluster', CLUSTER, '--task-definition', 'say', '--overrides', JSON.stringify(overrides), '--started-by', 'walkthrough',
    ]);
    const arn = run.tasks[0]?.taskArn ?? '';
    assert.equal(run.tasks[0]?.memory, '64');
    assert.equal(run.tasks[0]?.overrides.memory, '64');
    const t = await waitStopped(arn);
    const main = t.containers[0];
    assert.equal(main?.exitCode, 7, 'the overridden command saw both variables');
    const inspected = JSON.parse(await docker.ok(['inspect', main?.runtimeId ?? ''])) as { Config: { Env: string[]; Cmd: string[] }; HostConfig: { Memory: number } }[];
    assert.deepEqual(inspected[0]?.Config.Cmd, overrides.containerOverrides[0]?.command);
    assert.ok(inspected[0]?.Config.Env.includes('A=a') && inspected[0]?.Config.Env.includes('B=b'));
    assert.equal(inspected[0]?.HostConfig.Memory, 24 * 1024 * 1024);
    const listed = await awsJson<{ taskArns: string[] }>(server, ['ecs', 'list-tasks', '--cluster', CLUSTER, '--started-by', 'walkthrough', '--desired-status', 'STOPPED']);
    assert.deepEqual(listed.taskArns, [arn]);
  });

  it('starts a task on a chosen instance with start-task, reports health, and lists it by instance and family', async () => {
    await registerFile('healthy', {
      family: 'healthy',
      containerDefinitions: [{
        name: 'app', image: ensureBusyboxImage(), memory: 16,
        command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'],
        healthCheck: { command: ['CMD-SHELL', 'true'], interval: 5, timeout: 2, retries: 1 },
      }],
    });
    const instanceArn = agents.started[0]?.containerInstanceArn ?? '';
    const started = await awsJson<{ tasks: WireTask[]; failures: unknown[] }>(server, [
      'ecs', 'start-task', '--cluster', CLUSTER, '--task-definition', 'healthy', '--container-instances', instanceArn,
    ]);
    assert.deepEqual(started.failures, []);
    const arn = started.tasks[0]?.taskArn ?? '';
    assert.equal(started.tasks[0]?.containerInstanceArn, instanceArn);
    const healthy = await eventually('a HEALTHY task', async () => {
      const t = (await describeTasks([arn])).tasks[0] as (WireTask & { healthStatus: string; containers: (WireContainer & { healthStatus: string })[] }) | undefined;
      return t?.healthStatus === 'HEALTHY' ? t : undefined;
    }, 60_000);
    assert.equal(healthy.lastStatus, 'RUNNING');
    assert.equal(healthy.containers[0]?.healthStatus, 'HEALTHY');
    const byInstance = await awsJson<{ taskArns: string[] }>(server, ['ecs', 'list-tasks', '--cluster', CLUSTER, '--container-instance', instanceArn]);
    assert.ok(byInstance.taskArns.includes(arn));
    const byFamily = await awsJson<{ taskArns: string[] }>(server, ['ecs', 'list-tasks', '--cluster', CLUSTER, '--family', 'healthy']);
    assert.deepEqual(byFamily.taskArns, [arn]);
    await awsJson(server, ['ecs', 'stop-task', '--cluster', CLUSTER, '--task', arn]);
    const t = await waitStopped(arn) as WireTask & Record<string, unknown>;
    assert.equal(t.stopCode, 'UserInitiated');
    // The AWS CLI prints timestamps as ISO 8601 text.
    const keys = ['createdAt', 'pullStartedAt', 'pullStoppedAt', 'startedAt', 'stoppingAt', 'executionStoppedAt', 'stoppedAt'];
    for (const key of keys) assert.ok(typeof t[key] === 'string' && !Number.isNaN(Date.parse(t[key])), `${key} is set`);
    const order = keys.map((k) => Date.parse(t[k] as string));
    assert.deepEqual([...order].sort((a, b) => a - b), order, 'the lifecycle timestamps are in order');
  });

  it('gives an awsvpc task its own network and reports its address as an attachment', async () => {
    await registerFile('vpc', {
      family: 'vpc',
      networkMode: 'awsvpc',
      containerDefinitions: [{ name: 'app', image: ensureBusyboxImage(), memory: 16, command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'] }],
    });
    const run = await awsJson<{ tasks: WireTask[] }>(server, [
      'ecs', 'run-task', '--cluster', CLUSTER, '--task-definition', 'vpc', '--network-configuration', 'awsvpcConfiguration={subnets=[subnet-0abc]}',
    ]);
    const arn = run.tasks[0]?.taskArn ?? '';
    type VpcTask = WireTask & { attachments: { status: string; details: { name: string; value: string }[] }[]; containers: (WireContainer & { networkInterfaces: { privateIpv4Address: string }[] })[] };
    const t = await eventually('a RUNNING awsvpc task with an address', async () => {
      const d = (await describeTasks([arn])).tasks[0] as VpcTask | undefined;
      return d?.lastStatus === 'RUNNING' && d.attachments[0]?.details.some((x) => x.name === 'privateIPv4Address') ? d : undefined;
    });
    const ip = t.attachments[0]?.details.find((x) => x.name === 'privateIPv4Address')?.value;
    assert.equal(t.attachments[0]?.status, 'ATTACHED');
    assert.equal(t.containers[0]?.networkInterfaces[0]?.privateIpv4Address, ip);
    const networks = JSON.parse(await docker.ok(['inspect', '--format', '{{json .NetworkSettings.Networks}}', t.containers[0]?.runtimeId ?? ''])) as Record<string, { IPAddress: string }>;
    assert.deepEqual(Object.values(networks).map((n) => n.IPAddress), [ip]);
    await awsJson(server, ['ecs', 'stop-task', '--cluster', CLUSTER, '--task', arn]);
    const stopped = await waitStopped(arn) as VpcTask;
    assert.equal(stopped.attachments[0]?.status, 'DETACHED');
  });
});
