// The task metadata endpoint v4 as containers see it: a real container on the local Docker reads
// ECS_CONTAINER_METADATA_URI_V4 with wget, in bridge mode, on a user-defined network and in host
// mode, from a server bound on the bridge gateway address.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import Docker from 'dockerode';
import {
  startMetadataServer,
  type MetadataServer,
  type TaskMetadataSource,
} from '../../src/agent/metadata/index.js';
import { DockerRuntime } from '../../src/agent/runtime/dockerRuntime.js';
import { run } from '../helpers/docker.js';
import { ensureBusyboxImage } from '../helpers/images.js';

const LABEL = 'wharf-test-agent-metadata';
const docker = new Docker();
const network = `wharf-test-meta-${randomUUID().slice(0, 8)}`;
const entries = new Map<string, { task: TaskMetadataSource; containerName: string }>();
const TASK_ARN = 'arn:aws:ecs:us-east-1:000000000000:task/default/0123456789abcdef0123456789abcdef';
let image: string;
let bindHost: string;
let meta: MetadataServer;

function taskSource(dockerId: string, mode: string): TaskMetadataSource {
  return {
    cluster: 'arn:aws:ecs:us-east-1:000000000000:cluster/default',
    taskArn: TASK_ARN,
    family: 'web',
    revision: 3,
    desiredStatus: 'RUNNING',
    knownStatus: 'RUNNING',
    limits: { cpu: 0.25, memory: 512 },
    pullStartedAt: Date.parse('2024-05-01T10:00:00.000Z'),
    pullStoppedAt: Date.parse('2024-05-01T10:00:01.500Z'),
    availabilityZone: 'local-1a',
    launchType: 'EC2',
    containers: [
      {
        name: 'app',
        dockerId,
        dockerName: 'ecs-web-3-app-a1b2c3',
        image,
        imageId: 'sha256:feed',
        labels: { 'com.amazonaws.ecs.task-arn': TASK_ARN, 'com.amazonaws.ecs.container-name': 'app' },
        desiredStatus: 'RUNNING',
        knownStatus: 'RUNNING',
        limits: { cpu: 128, memory: 256 },
        createdAt: Date.parse('2024-05-01T10:00:02.000Z'),
        startedAt: Date.parse('2024-05-01T10:00:03.000Z'),
        ports: mode === 'host' ? [] : [{ containerPort: 80, hostPort: 32768, protocol: 'tcp', hostIp: '127.0.0.1' }],
        networks: [{ networkMode: mode, ipv4Addresses: [] }],
        logDriver: 'awslogs',
        logOptions: { 'awslogs-group': '/ecs/web', 'awslogs-stream': `ecs/app/${TASK_ARN.slice(-32)}` },
        containerArn: 'arn:aws:ecs:us-east-1:000000000000:container/default/0123/app',
      },
      { name: 'sidecar', image, desiredStatus: 'RUNNING', knownStatus: 'PENDING' },
    ],
  };
}

interface Seen {
  id: string;
  task: Record<string, unknown>;
  container: Record<string, unknown>;
  stats: Record<string, unknown>;
}

/** Runs a container that prints its task metadata, its own metadata and its stats. */
async function readFromContainer(networkMode: string): Promise<Seen> {
  const token = randomUUID();
  const c = await docker.createContainer({
    Image: image,
    Cmd: ['sh', '-c', 'set -e; U=$ECS_CONTAINER_METADATA_URI_V4; wget -qO- $U/task; echo; wget -qO- $U; echo; wget -qO- $U/stats; echo'],
    Env: [`ECS_CONTAINER_METADATA_URI_V4=${meta.baseUrl}/v4/${token}`],
    Labels: { [LABEL]: 'true' },
    HostConfig: { NetworkMode: networkMode },
  });
  entries.set(token, { task: taskSource(c.id, networkMode), containerName: 'app' });
  await c.start();
  const { StatusCode } = (await c.wait()) as { StatusCode: number };
  const logs = await run('docker', ['logs', c.id]);
  assert.equal(StatusCode, 0, `wget failed in ${networkMode} mode: ${logs.stdout}${logs.stderr}`);
  const [task, container, stats] = logs.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.ok(task && container && stats);
  return { id: c.id, task, container, stats };
}

function assertMetadata(seen: Seen, mode: string): void {
  const { Containers, ...task } = seen.task;
  assert.deepEqual(task, {
    Cluster: 'arn:aws:ecs:us-east-1:000000000000:cluster/default',
    TaskARN: TASK_ARN,
    Family: 'web',
    Revision: '3',
    DesiredStatus: 'RUNNING',
    KnownStatus: 'RUNNING',
    Limits: { CPU: 0.25, Memory: 512 },
    PullStartedAt: '2024-05-01T10:00:00.000Z',
    PullStoppedAt: '2024-05-01T10:00:01.500Z',
    AvailabilityZone: 'local-1a',
    LaunchType: 'EC2',
  });
  assert.ok(Array.isArray(Containers) && Containers.length === 2);
  assert.deepEqual(Containers[0], seen.container, 'the container endpoint answers its own entry of the task');
  assert.deepEqual(seen.container, {
    DockerId: seen.id,
    Name: 'app',
    DockerName: 'ecs-web-3-app-a1b2c3',
    Image: image,
    ImageID: 'sha256:feed',
    ...(mode === 'host' ? {} : { Ports: [{ ContainerPort: 80, Protocol: 'tcp', HostPort: 32768, HostIp: '127.0.0.1' }] }),
    Labels: { 'com.amazonaws.ecs.task-arn': TASK_ARN, 'com.amazonaws.ecs.container-name': 'app' },
    DesiredStatus: 'RUNNING',
    KnownStatus: 'RUNNING',
    Limits: { CPU: 128, Memory: 256 },
    CreatedAt: '2024-05-01T10:00:02.000Z',
    StartedAt: '2024-05-01T10:00:03.000Z',
    Type: 'NORMAL',
    LogDriver: 'awslogs',
    LogOptions: { 'awslogs-group': '/ecs/web', 'awslogs-stream': 'ecs/app/0123456789abcdef0123456789abcdef' },
    ContainerARN: 'arn:aws:ecs:us-east-1:000000000000:container/default/0123/app',
    Networks: [{ NetworkMode: mode, IPv4Addresses: [] }],
  });
  assert.deepEqual(Containers[1], {
    DockerId: '', Name: 'sidecar', DockerName: '', Image: image, ImageID: '', DesiredStatus: 'RUNNING', KnownStatus: 'PENDING',
    Limits: { CPU: 0, Memory: 0 }, Type: 'NORMAL',
  });
  // Docker's stats JSON, read while the container ran.
  assert.equal(seen.stats.id, seen.id);
  for (const key of ['read', 'cpu_stats', 'memory_stats']) assert.ok(key in seen.stats, `stats has ${key}`);
}

before(async () => {
  image = ensureBusyboxImage();
  const runtime = new DockerRuntime();
  bindHost = await runtime.bridgeGateway();
  meta = await startMetadataServer({ host: bindHost, lookup: (token) => entries.get(token), containers: runtime });
  await docker.createNetwork({ Name: network, Labels: { [LABEL]: 'true' } });
});

after(async () => {
  for (const info of await docker.listContainers({ all: true, filters: { label: [LABEL] } })) {
    await docker.getContainer(info.Id).remove({ force: true });
  }
  await docker.getNetwork(network).remove().catch(() => undefined);
  await meta?.close();
});

describe('task metadata endpoint v4', () => {
  it('listens on the bridge gateway address', () => {
    assert.match(bindHost, /^\d+\.\d+\.\d+\.\d+$/);
    assert.equal(meta.baseUrl.startsWith(`http://${bindHost}:`), true);
  });

  for (const mode of ['bridge', 'user-defined', 'host']) {
    it(`answers a container in ${mode} mode`, async () => {
      const networkMode = mode === 'user-defined' ? network : mode;
      assertMetadata(await readFromContainer(networkMode), networkMode);
    });
  }

  it('answers task stats per container, and taskWithTags', async () => {
    const token = randomUUID();
    const c = await docker.createContainer({ Image: image, Cmd: ['sleep', '30'], Labels: { [LABEL]: 'true' } });
    entries.set(token, { task: { ...taskSource(c.id, 'bridge'), taskTags: { team: 'blue' } }, containerName: 'sidecar' });
    await c.start();
    try {
      const stats = await (await fetch(`${meta.baseUrl}/v4/${token}/task/stats`)).json() as Record<string, { id?: string }>;
      assert.deepEqual(Object.keys(stats), [c.id]);
      assert.equal(stats[c.id]?.id, c.id);
      const tagged = await (await fetch(`${meta.baseUrl}/v4/${token}/taskWithTags`)).json() as Record<string, unknown>;
      assert.deepEqual([tagged.TaskTags, tagged.ContainerInstanceTags], [{ team: 'blue' }, {}]);
      const own = await fetch(`${meta.baseUrl}/v4/${token}/stats`);
      assert.equal(own.status, 404, 'the sidecar has no Docker container yet');
    } finally {
      await c.remove({ force: true });
    }
  });

  it('answers 404 with a JSON message for an unknown token or path', async () => {
    for (const path of ['/v4/not-a-token', '/v4/not-a-token/task', '/v4/not-a-token/stats', '/v3/x', '/v4/x/nope']) {
      const res = await fetch(`${meta.baseUrl}${path}`);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
      assert.equal(typeof await res.json(), 'string');
    }
  });
});
