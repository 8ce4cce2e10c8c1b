// Real Docker: the engine runs task specs through the dockerode runtime (no server involved).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ensureBusyboxImage } from '../helpers/images.js';
import type { Engine } from '../../src/agent/engine/engine.js';
import { dockerInspect, spec, testHost, waitForTask, recordStates, type TestHost } from './helpers.js';

const image = ensureBusyboxImage();
const forever = ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'];

describe('agent engine on real Docker', { timeout: 120_000 }, () => {
  let host: TestHost;
  let engine: Engine;
  before(async () => {
    host = testHost();
    engine = await host.startEngine();
  });
  after(() => host.cleanup());

  it('runs a bridge task to RUNNING with its ports bound on the host IP, and stops it on request', async () => {
    const s = spec({
      containerDefinitions: [{
        name: 'web', image, essential: true, command: ['httpd', '-f', '-p', '8080'],
        portMappings: [{ containerPort: 8080, hostPort: 0, protocol: 'tcp' }],
        environment: [{ name: 'GREETING', value: 'hi' }], cpu: 128, memory: 64, dockerLabels: { team: 'wharf' },
      }],
    });
    engine.apply([s]);
    const running = await waitForTask(engine, s.taskArn, (t) => t.status === 'RUNNING');
    const web = running.containers[0];
    assert.equal(web?.status, 'RUNNING');
    assert.equal(web?.networkBindings.length, 1);
    const binding = web?.networkBindings[0];
    assert.equal(binding?.bindIP, '127.0.0.1');
    assert.equal(binding?.containerPort, 8080);
    assert.ok((binding?.hostPort ?? 0) > 0);
    assert.ok(running.pullStartedAt !== undefined && running.pullStoppedAt !== undefined && running.startedAt !== undefined);
    const res = await fetch(`http://127.0.0.1:${binding?.hostPort}/`);
    assert.equal(res.status, 404); // busybox httpd answers: the port is bound
    const info = dockerInspect(web?.runtimeId ?? '');
    assert.equal(info.Config.Labels['com.amazonaws.ecs.task-arn'], s.taskArn);
    assert.equal(info.Config.Labels['com.amazonaws.ecs.container-name'], 'web');
    assert.equal(info.Config.Labels.team, 'wharf');
    assert.ok(info.Config.Env.includes('GREETING=hi'));
    assert.equal(info.HostConfig.Memory, 64 * 1024 * 1024);

    engine.apply([{ ...s, desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'done' }]);
    const stopped = await waitForTask(engine, s.taskArn, (t) => t.status === 'STOPPED');
    assert.equal(stopped.stopCode, 'UserInitiated');
    assert.equal(stopped.stoppedReason, 'done');
    assert.equal(stopped.containers[0]?.status, 'STOPPED');
    assert.ok(stopped.stoppedAt !== undefined && stopped.executionStoppedAt !== undefined);
  });

  it('stops the task when an essential container exits', async () => {
    const s = spec({
      containerDefinitions: [
        { name: 'main', image, essential: true, command: ['sh', '-c', 'sleep 1; exit 3'] },
        { name: 'side', image, essential: false, command: forever },
      ],
    });
    engine.apply([s]);
    const stopped = await waitForTask(engine, s.taskArn, (t) => t.status === 'STOPPED');
    assert.equal(stopped.stopCode, 'EssentialContainerExited');
    assert.equal(stopped.stoppedReason, 'Essential container in task exited');
    assert.equal(stopped.containers.find((c) => c.name === 'main')?.exitCode, 3);
    assert.equal(stopped.containers.find((c) => c.name === 'side')?.status, 'STOPPED');
  });

  it('gives SIGTERM, then SIGKILL after the stop timeout', async () => {
    const s = spec({
      containerDefinitions: [
        { name: 'graceful', image, command: ['sh', '-c', 'trap "exit 7" TERM; while true; do sleep 1; done'], stopTimeout: 30 },
        { name: 'stubborn', image, command: ['sh', '-c', 'trap "" TERM; while true; do sleep 1; done'], stopTimeout: 1 },
      ],
    });
    engine.apply([s]);
    await waitForTask(engine, s.taskArn, (t) => t.status === 'RUNNING');
    engine.apply([{ ...s, desiredStatus: 'STOPPED' }]);
    const stopped = await waitForTask(engine, s.taskArn, (t) => t.status === 'STOPPED');
    assert.equal(stopped.containers.find((c) => c.name === 'graceful')?.exitCode, 7);
    assert.equal(stopped.containers.find((c) => c.name === 'stubborn')?.exitCode, 137);
  });

  it('fails a task whose image cannot be pulled with TaskFailedToStart', async () => {
    const otherHost = testHost();
    const other = await otherHost.startEngine({ imagePullBehavior: 'always' });
    const s = spec({ containerDefinitions: [{ name: 'app', image: '127.0.0.1:1/nothing/here:latest' }] });
    other.apply([s]);
    const stopped = await waitForTask(other, s.taskArn, (t) => t.status === 'STOPPED');
    assert.equal(stopped.stopCode, 'TaskFailedToStart');
    assert.match(stopped.containers[0]?.reason ?? '', /^CannotPullContainerError: /);
    assert.match(stopped.stoppedReason ?? '', /^CannotPullContainerError: /);
    await otherHost.cleanup();
  });

  it('orders containers by dependsOn (COMPLETE, SUCCESS, START)', async () => {
    const s = spec({
      containerDefinitions: [
        { name: 'app', image, command: forever, dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }, { containerName: 'db', condition: 'START' }] },
        { name: 'init', image, essential: false, command: ['sh', '-c', 'sleep 1'] },
        { name: 'db', image, essential: false, command: forever, dependsOn: [{ containerName: 'init', condition: 'COMPLETE' }] },
      ],
    });
    engine.apply([s]);
    const running = await waitForTask(engine, s.taskArn, (t) => t.status === 'RUNNING');
    const byName = (n: string) => dockerInspect(running.containers.find((c) => c.name === n)?.runtimeId ?? '');
    const init = byName('init');
    const db = byName('db');
    const app = byName('app');
    assert.equal(init.State.ExitCode, 0);
    assert.ok(Date.parse(db.State.StartedAt) >= Date.parse(init.State.FinishedAt));
    assert.ok(Date.parse(app.State.StartedAt) >= Date.parse(db.State.StartedAt));
    engine.apply([{ ...s, desiredStatus: 'STOPPED' }]);
    await waitForTask(engine, s.taskArn, (t) => t.status === 'STOPPED');
  });

  it('reports container and task health, and starts HEALTHY dependents after the check passes', async () => {
    const s = spec({
      containerDefinitions: [
        { name: 'db', image, command: forever, healthCheck: { command: ['CMD-SHELL', 'test -e /tmp/ready || (sleep 1; touch /tmp/ready; false)'], interval: 1, timeout: 5, retries: 10 } },
        { name: 'app', image, command: forever, dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] },
      ],
    });
    const seen = recordStates(engine, s.taskArn);
    engine.apply([s]);
    const healthy = await waitForTask(engine, s.taskArn, (t) => t.status === 'RUNNING' && t.healthStatus === 'HEALTHY');
    assert.equal(healthy.containers.find((c) => c.name === 'db')?.healthStatus, 'HEALTHY');
    const firstAppRunning = seen.findIndex((t) => t.containers.find((c) => c.name === 'app')?.status === 'RUNNING');
    const firstDbHealthy = seen.findIndex((t) => t.containers.find((c) => c.name === 'db')?.healthStatus === 'HEALTHY');
    assert.ok(firstDbHealthy >= 0 && firstAppRunning > firstDbHealthy);

    const sick = spec({
      containerDefinitions: [{ name: 'sick', image, command: forever, healthCheck: { command: ['CMD', 'false'], interval: 1, retries: 1 } }],
    });
    engine.apply([sick]);
    const unhealthy = await waitForTask(engine, sick.taskArn, (t) => t.healthStatus === 'UNHEALTHY');
    assert.equal(unhealthy.containers[0]?.healthStatus, 'UNHEALTHY');
    engine.apply([{ ...s, desiredStatus: 'STOPPED' }, { ...sick, desiredStatus: 'STOPPED' }]);
    await waitForTask(engine, s.taskArn, (t) => t.status === 'STOPPED');
    await waitForTask(engine, sick.taskArn, (t) => t.status === 'STOPPED');
  });
});
