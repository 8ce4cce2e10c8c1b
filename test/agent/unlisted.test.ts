// A task the server no longer lists (a lost host's, STOPPED server-side while the agent was away):
// the engine stops it when the list is the server's answer to hello, and the session says which
// `tasks` message that is. Engine over a fake runtime; session against a real Wharf server.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import pino from 'pino';
import { CreateClusterCommand, ECSClient, RegisterTaskDefinitionCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { Engine } from '../../src/agent/engine/engine.js';
import { Session } from '../../src/agent/session.js';
import { StateFile } from '../../src/agent/stateFile.js';
import type { TaskSpec } from '../../src/protocol/ecs/messages.js';
import { registerInstance } from '../helpers/scriptedAgent.js';
import { startTestServer } from '../helpers/server.js';
import { FakeRuntime } from './fakeRuntime.js';
import { spec, waitForTask } from './helpers.js';

const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

describe('tasks the server no longer lists', () => {
  it('are left alone by a partial list and stopped by a complete one (the answer to hello)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wharf-agent-unit-'));
    dirs.push(dir);
    const runtime = new FakeRuntime();
    const engine = await Engine.start({
      runtime, instanceArn: 'arn:aws:ecs:us-east-1:000000000000:container-instance/t/1', hostIp: '127.0.0.1', state: await StateFile.load(dir),
    });
    const lost = spec({ containerDefinitions: [{ name: 'web', image: 'img' }] });
    const kept = spec({ containerDefinitions: [{ name: 'web', image: 'img' }] });
    engine.apply([lost, kept]);
    const running = await waitForTask(engine, lost.taskArn, (t) => t.status === 'RUNNING');
    await waitForTask(engine, kept.taskArn, (t) => t.status === 'RUNNING');
    engine.apply([kept]);
    assert.equal(engine.task(lost.taskArn)?.status, 'RUNNING', 'a partial list stops nothing');
    engine.apply([kept], { complete: true });
    const stopped = await waitForTask(engine, lost.taskArn, (t) => t.status === 'STOPPED');
    assert.match(stopped.stoppedReason ?? '', /no longer assigns it/);
    assert.equal(runtime.containers.get(running.containers[0]?.runtimeId ?? '')?.running, false, 'its container is stopped');
    assert.equal(engine.task(kept.taskArn)?.status, 'RUNNING');
    await engine.close();
  });

  it('the session marks its first `tasks` after each hello, and only that one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wharf-unlisted-'));
    dirs.push(dataDir);
    let server = await startTestServer({ dataDir, agentSessions: { heartbeatIntervalMs: 200 } });
    const ecs = new ECSClient(server.clientConfig);
    try {
      await ecs.send(new CreateClusterCommand({ clusterName: 'unlisted' }));
      await ecs.send(new RegisterTaskDefinitionCommand({ family: 'app', containerDefinitions: [{ name: 'web', image: 'nginx', memory: 64 }] }));
      const arn = await registerInstance(ecs, { cluster: 'unlisted' });
      const got: { specs: TaskSpec[]; afterHello: boolean }[] = [];
      let wake = () => undefined as void;
      const session = new Session({
        endpoint: server.url, clusterArn: 'arn:aws:ecs:us-east-1:000000000000:cluster/unlisted', containerInstanceArn: arn, region: 'us-east-1',
        credentials: server.clientConfig.credentials, agentVersion: '1.0.0', logger: pino({ level: 'silent' }),
        backoff: { initialMs: 20, maxMs: 100 },
        handler: { hello: () => [], tasks: (specs, afterHello) => { got.push({ specs, afterHello }); wake(); } },
      });
      const until = (pred: () => boolean) => new Promise<void>((resolve) => {
        const check = () => { if (pred()) resolve(); };
        wake = check;
        check();
      });
      session.start();
      await until(() => got.length >= 1);
      await ecs.send(new RunTaskCommand({ cluster: 'unlisted', taskDefinition: 'app' }));
      await until(() => got.some((g) => g.specs.length === 1));
      // The server restarts (same port and data): the agent reconnects, says hello, is answered.
      await server.stop();
      server = await startTestServer({ dataDir, port: server.port, agentSessions: { heartbeatIntervalMs: 200 } });
      await until(() => got.filter((g) => g.afterHello).length === 2);
      const seen = got.map((g) => [g.specs.length, g.afterHello]);
      assert.deepEqual(seen[0], [0, true]);
      assert.deepEqual(seen.at(-1), [1, true]);
      assert.ok(seen.slice(1, -1).every(([n, first]) => n === 1 && first === false), JSON.stringify(seen));
      await session.close();
    } finally {
      ecs.destroy();
      await server.stop();
    }
  });
});
