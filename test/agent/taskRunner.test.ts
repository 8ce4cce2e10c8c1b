// The engine's task loops over a fake runtime: the transition table, ordering and stop decisions,
// and its waits (cleanup, stop retries) driven by manual timers instead of real time.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Engine, type EngineOptions } from '../../src/agent/engine/engine.js';
import type { EngineHooks } from '../../src/agent/engine/context.js';
import { StateFile } from '../../src/agent/stateFile.js';
import { manualTimers } from '../helpers/fakeTimers.js';
import { FakeRuntime } from './fakeRuntime.js';
import { spec, waitForTask } from './helpers.js';

const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

async function engineWith(runtime: FakeRuntime, overrides: Partial<EngineOptions> = {}): Promise<Engine> {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-agent-unit-'));
  dirs.push(dir);
  return Engine.start({
    runtime, instanceArn: 'arn:aws:ecs:us-east-1:000000000000:container-instance/t/1', hostIp: '127.0.0.1', state: await StateFile.load(dir),
    clock: () => new Date(1000), ...overrides,
  });
}

/** Lets the engine's promises run (no time passes on the manual timers) until `ok` holds. */
async function settled(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !ok(); i++) await new Promise((resolve) => setImmediate(resolve));
  assert.ok(ok(), `gave up waiting for ${what}`);
}

/** Lets whatever the engine would do now run (a few hundred turns of the event loop). */
async function idle(): Promise<void> {
  for (let i = 0; i < 200; i++) await new Promise((resolve) => setImmediate(resolve));
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

  it('removes a stopped task\'s containers when the cleanup wait has passed on the injected timers, not before', async () => {
    const runtime = new FakeRuntime();
    const timers = manualTimers();
    const wait = 3 * 3600_000;
    const engine = await engineWith(runtime, { timers, clock: timers.clock, cleanupWaitMs: wait });
    const s = spec({ containerDefinitions: [{ name: 'app', image: 'img' }] });
    engine.apply([s]);
    await waitForTask(engine, s.taskArn, (t) => t.status === 'RUNNING');
    engine.apply([{ ...s, desiredStatus: 'STOPPED' }]);
    await waitForTask(engine, s.taskArn, (t) => t.status === 'STOPPED');
    await settled('the cleanup wait to be scheduled', () => timers.pending() === 2); // with the resync loop
    timers.advance(wait - 1);
    await idle();
    assert.equal(runtime.containers.size, 1, 'the container is kept until the wait is over');
    assert.equal(engine.task(s.taskArn)?.status, 'STOPPED');
    timers.advance(1);
    await settled('the task to be forgotten', () => engine.task(s.taskArn) === undefined);
    assert.equal(runtime.containers.size, 0);
    await engine.close();
    assert.equal(timers.pending(), 0, 'close cancels the resync loop');
  });

  it('retries a failed stop after a second on the injected timers', async () => {
    const runtime = new FakeRuntime();
    const timers = manualTimers();
    const engine = await engineWith(runtime, { timers, clock: timers.clock });
    const s = spec({ containerDefinitions: [{ name: 'app', image: 'img' }] });
    engine.apply([s]);
    await waitForTask(engine, s.taskArn, (t) => t.status === 'RUNNING');
    runtime.failStops = 1;
    engine.apply([{ ...s, desiredStatus: 'STOPPED' }]);
    await settled('the failed stop to wait for its retry', () => runtime.stopAttempts === 1 && timers.pending() === 2);
    timers.advance(999);
    await idle();
    assert.equal(runtime.stopAttempts, 1);
    assert.equal(engine.task(s.taskArn)?.containers[0]?.status, 'RUNNING');
    timers.advance(1);
    const stopped = await waitForTask(engine, s.taskArn, (t) => t.status === 'STOPPED');
    assert.equal(runtime.stopAttempts, 2);
    assert.equal(stopped.containers[0]?.exitCode, 143);
    await engine.close();
  });
});
