// Task metadata endpoint v4 end to end: a real server, a real agent (startAgent) on the machine's
// Docker. A container reads $ECS_CONTAINER_METADATA_URI_V4 (and the v3 name) with wget and prints
// what it gets; `docker logs` of the container DescribeTasks names shows TaskARN, Family and
// Containers as DescribeTasks says them. The token keeps working after the agent restarts (the
// URI is baked into the container's environment); awsvpc and host containers reach it; a `none`
// container gets no URI.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  RegisterTaskDefinitionCommand, RunTaskCommand, type ContainerDefinition, type NetworkMode, type Task,
} from '@aws-sdk/client-ecs';
import { run } from '../helpers/docker.js';
import { agentCluster } from './agentCluster.js';
import { waitTask } from './ecsPoll.js';

const CLUSTER = 'metadata-e2e';
const LOOP = 'trap "exit 0" TERM; while true; do sleep 1; done';
/** Prints the task, the container, the task via the v3 name and the container's stats, one JSON document a line. */
const READ_METADATA = [
  'wget -qO- "$ECS_CONTAINER_METADATA_URI_V4/task"; echo',
  'wget -qO- "$ECS_CONTAINER_METADATA_URI_V4"; echo',
  'wget -qO- "$ECS_CONTAINER_METADATA_URI/task"; echo',
  'wget -qO- "$ECS_CONTAINER_METADATA_URI_V4/stats"; echo',
].join('; ');

interface MetaContainer { DockerId: string; Name: string; DockerName: string; KnownStatus: string; Image: string; Labels?: Record<string, string> }
interface MetaTask { Cluster: string; TaskARN: string; Family: string; Revision: string; DesiredStatus: string; KnownStatus: string; Containers: MetaContainer[] }

describe('task metadata endpoint v4 from inside containers run by a real agent', { timeout: 300_000 }, () => {
  const fx = agentCluster(CLUSTER, 'wharf-e2e-meta-');
  const runTask = async (family: string, containers: ContainerDefinition[], networkMode: NetworkMode = 'bridge'): Promise<string> => {
    await fx.ecs.send(new RegisterTaskDefinitionCommand({ family, networkMode, containerDefinitions: containers }));
    const out = await fx.ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: family }));
    assert.deepEqual(out.failures, []);
    const arn = out.tasks?.[0]?.taskArn;
    assert.ok(arn);
    return arn;
  };
  const runtimeIdOf = (task: Task, name: string): string => {
    const id = task.containers?.find((c) => c.name === name)?.runtimeId;
    assert.ok(id, `DescribeTasks gives ${name}'s runtimeId`);
    return id;
  };
  const dockerLogs = async (id: string): Promise<string[]> => {
    const r = await run('docker', ['logs', id]);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.split('\n').filter(Boolean);
  };
  /** The metadata's view of the task agrees with DescribeTasks. */
  const assertMatches = (meta: MetaTask, described: Task) => {
    assert.equal(meta.TaskARN, described.taskArn);
    assert.equal(meta.Cluster, described.clusterArn);
    assert.equal(meta.Family, described.taskDefinitionArn?.split('/').pop()?.split(':')[0]);
    assert.equal(meta.Revision, described.taskDefinitionArn?.split(':').pop());
    const byName = (list: { name: string; id: string }[]) => list.sort((a, b) => a.name.localeCompare(b.name));
    assert.deepEqual(
      byName(meta.Containers.map((c) => ({ name: c.Name, id: c.DockerId }))),
      byName((described.containers ?? []).map((c) => ({ name: c.name ?? '', id: c.runtimeId ?? '' }))),
    );
  };


  it('a container reads its task, itself (v4 and the v3 name) and its stats; they match DescribeTasks', async () => {
    const arn = await runTask('meta-web', [
      { name: 'side', image: fx.image, essential: false, memory: 32, command: ['sh', '-c', LOOP] },
      { name: 'app', image: fx.image, essential: true, memory: 32, command: ['sh', '-c', READ_METADATA], dependsOn: [{ containerName: 'side', condition: 'START' }] },
    ]);
    const stopped = await waitTask(fx.ecs, CLUSTER, arn, 'STOPPED');
    const appId = runtimeIdOf(stopped, 'app');
    assert.equal(stopped.containers?.find((c) => c.name === 'app')?.exitCode, 0);
    const [taskLine = '', containerLine = '', v3Line = '', statsLine = ''] = await dockerLogs(appId);

    const task = JSON.parse(taskLine) as MetaTask;
    assertMatches(task, stopped);
    assert.equal(task.Family, 'meta-web');
    assert.equal(task.DesiredStatus, 'RUNNING');
    assert.equal(task.Containers.find((c) => c.Name === 'app')?.Image, fx.image);
    assert.equal(task.Containers.find((c) => c.Name === 'side')?.KnownStatus, 'RUNNING');

    const self = JSON.parse(containerLine) as MetaContainer;
    assert.equal(self.Name, 'app');
    assert.equal(self.DockerId, appId);
    assert.equal(self.Labels?.['com.amazonaws.ecs.task-arn'], arn);
    const inspected = JSON.parse((await run('docker', ['inspect', '--format', '{{json .Name}}', appId])).stdout) as string;
    assert.equal(`/${self.DockerName}`, inspected);

    assertMatches(JSON.parse(v3Line) as MetaTask, stopped);
    const stats = JSON.parse(statsLine) as { memory_stats?: unknown; read?: string };
    assert.ok(stats.memory_stats && stats.read, `Docker stats JSON: ${statsLine.slice(0, 200)}`);
  });

  it('an adopted container\'s token keeps working after the agent restarts; awsvpc and host containers reach it; none get no URI', async () => {
    const script = `while [ ! -f /tmp/go ]; do sleep 0.2; done; ${READ_METADATA}`;
    const arn = await runTask('meta-restart', [{ name: 'app', image: fx.image, essential: true, memory: 32, command: ['sh', '-c', script] }]);
    const running = await waitTask(fx.ecs, CLUSTER, arn, 'RUNNING');
    const appId = runtimeIdOf(running, 'app');

    const before = fx.agent.metadataBaseUrl;
    assert.ok(before);
    await fx.agent.close();
    await fx.startAgent();
    assert.equal(fx.agent.metadataBaseUrl, before);

    const go = await run('docker', ['exec', appId, 'sh', '-c', ': > /tmp/go']);
    assert.equal(go.code, 0, go.stderr);
    const stopped = await waitTask(fx.ecs, CLUSTER, arn, 'STOPPED');
    const [taskLine = ''] = await dockerLogs(appId);
    assertMatches(JSON.parse(taskLine) as MetaTask, stopped);

    // The endpoint is an address of the host: awsvpc (a network per task) and host containers reach it too.
    for (const mode of ['awsvpc', 'host'] as const) {
      const other = await runTask(`meta-${mode}`, [{ name: 'app', image: fx.image, essential: true, memory: 32, command: ['sh', '-c', READ_METADATA] }], mode);
      const done = await waitTask(fx.ecs, CLUSTER, other, 'STOPPED');
      const [line = ''] = await dockerLogs(runtimeIdOf(done, 'app'));
      assertMatches(JSON.parse(line) as MetaTask, done);
    }

    const isolated = await runTask('meta-none', [{ name: 'app', image: fx.image, essential: true, memory: 32, command: ['env'] }], 'none');
    const done = await waitTask(fx.ecs, CLUSTER, isolated, 'STOPPED');
    const env = await dockerLogs(runtimeIdOf(done, 'app'));
    assert.ok(env.length > 0);
    assert.ok(!env.some((l) => l.startsWith('ECS_CONTAINER_METADATA_URI')), env.join('\n'));
  });
});
