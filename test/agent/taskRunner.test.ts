// The engine's task loops over a fake runtime: the transition table, ordering and stop decisions.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Engine } from '../../src/agent/engine/engine.js';
import type { EngineHooks } from '../../src/agent/engine/context.js';
import { StateFile } from '../../src/agent/stateFile.js';
import { FakeRuntime } from './fakeRuntime.js';
import { spec, waitForTask } from './helpers.js';

const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

async function engineWith(runtime: FakeRuntime): Promise<Engine> {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-agent-unit-'));
  dirs.push(dir);
  return Engine.start({ runtime, instanceArn: 'arn:aws:ecs:us-east-1:000000000000:container-instance/t/1', hostIp: '127.0.0.1', state: await StateFile.load(dir), clock: () => new Date(1000) });
}

describe('task loop (fake runtime)', () => {
  it('pulls, creates and starts in dependency order, then stops dependents first', async () => {
    const runtime = new FakeRuntime();
    const engine = await engineWith(runtime);
    const s = spec({ containerDefinitions: [
      { name: 'app', image: 'img', dependsOn: [{ containerName: 'db', condition: 'START' }] },
      { name: 'db', image: 'img' },
    ] });
    engine.apply([s]);
    const running = await waitForTask(engine, s.taskArn, (t) => t.status === 'RUNNING');
    assert.deepEqual(running.containers.map((c) => c.status), ['RUNNING', 'RUNNING']);
    assert.ok(runtime.calls.indexOf('start db') < runtime.calls.indexOf('start app'));
    assert.equal(running.startedAt, 1000);
    engine.apply([{ ...s, desiredStatus: 'STOPPED', stopCode: 'UserInitiated' }]);
    const stopped = await waitForTask(engine, s.taskArn, (t) => t.status === 'STOPPED');
    assert.deepEqual(stopped.containers.map((c) => c.exitCode), [143, 143]);
    assert.equal(stopped.stopCode, 'UserInitiated');
    await engine.close();
  });

  it('stops the task when an essential container dies, and fails it when a pull fails', async () => {
    const runtime = new FakeRuntime();
    const engine = await engineWith(runtime);
    const s = spec({ containerDefinitions: [{ name: 'main', image: 'img' }, { name: 'side', image: 'img', essential: false }] });
    engine.apply([s]);
    const running = await waitForTask(engine, s.taskArn, (t) => t.status === 'RUNNING');
    runtime.exit(running.containers[0]?.runtimeId ?? '', 2);
    const stopped = await waitForTask(engine, s.taskArn, (t) => t.status === 'STOPPED');
    assert.equal(stopped.stopCode, 'EssentialContainerExited');
    assert.equal(stopped.containers[0]?.exitCode, 2);

    runtime.failPull.add('missing:1');
    const bad = spec({ containerDefinitions: [{ name: 'x', image: 'missing:1' }] });
    engine.apply([bad]);
    const failed = await waitForTask(engine, bad.taskArn, (t) => t.status === 'STOPPED');
    assert.equal(failed.stopCode, 'TaskFailedToStart');
    assert.equal(failed.containers[0]?.reason, 'CannotPullContainerError: pull access denied for missing:1');
    await engine.close();
  });

  it('reports a task the server wants stopped before it started as STOPPED without running anything', async () => {
    const runtime = new FakeRuntime();
    const engine = await engineWith(runtime);
    const s = spec({ containerDefinitions: [{ name: 'a', image: 'img' }] }, { desiredStatus: 'STOPPED' });
    engine.apply([s]);
    const stopped = await waitForTask(engine, s.taskArn, (t) => t.status === 'STOPPED');
    assert.equal(stopped.containers[0]?.status, 'STOPPED');
    assert.deepEqual(runtime.calls, []);
    await engine.close();
  });

  it('hooks: started, stopping awaited before STOPPED is reported, adopted after a restart; metadata tokens survive it', async () => {
    const runtime = new FakeRuntime();
    const dir = mkdtempSync(join(tmpdir(), 'wharf-agent-unit-'));
    dirs.push(dir);
    const seen: string[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const hooks: EngineHooks = {
      containerStarted: ({ container }) => seen.push(`started ${container.name}`),
      containerAdopted: ({ container }) => seen.push(`adopted ${container.name}`),
      taskStopping: async () => { seen.push('stopping'); await held; },
    };
    const start = async () => Engine.start({
      runtime, instanceArn: 'arn:aws:ecs:us-east-1:000000000000:container-instance/t/1', hostIp: '127.0.0.1', state: await StateFile.load(dir),
      clock: () => new Date(1000), hooks, metadataBaseUrl: 'http://172.17.0.1:40000',
    });
    let engine = await start();
    const s = spec({ containerDefinitions: [{ name: 'app', image: 'img' }] });
    engine.apply([s]);
    const running = await waitForTask(engine, s.taskArn, (t) => t.status === 'RUNNING');
    const id = running.containers[0]?.runtimeId ?? '';
    const env = runtime.containers.get(id)?.options.Env ?? [];
    const uri = env.find((e) => e.startsWith('ECS_CONTAINER_METADATA_URI_V4='))?.split('=')[1] ?? '';
    assert.match(uri, /^http:\/\/172\.17\.0\.1:40000\/v4\/[0-9a-f-]{36}$/);
    const token = uri.slice(uri.lastIndexOf('/') + 1);
    assert.equal(engine.metadataFor(token)?.task.taskArn, s.taskArn);
    assert.equal(engine.metadataFor(token)?.task.containers[0]?.dockerId, id);
    assert.equal(engine.metadataFor('nope'), undefined);

    await engine.close();
    engine = await start();
    assert.equal(engine.metadataFor(token)?.containerName, 'app');
    runtime.exit(id, 0);
    await waitForTask(engine, s.taskArn, (t) => t.status === 'STOPPING' || t.containers[0]?.status === 'STOPPED');
    for (let i = 0; i < 20 && !seen.includes('stopping'); i++) await new Promise((r) => setTimeout(r, 10));
    assert.notEqual(engine.task(s.taskArn)?.status, 'STOPPED');
    release();
    await waitForTask(engine, s.taskArn, (t) => t.status === 'STOPPED');
    assert.deepEqual(seen, ['started app', 'adopted app', 'stopping']);
    await engine.close();
  });
});
