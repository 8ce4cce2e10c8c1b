// The log follower and the metadata endpoint reach containers only through the small interfaces
// they declare (ContainerLogs, ContainerStats), which the ContainerRuntime port satisfies: here the
// fake runtime (test/agent/fakeRuntime.ts, labelled a fake) stands in for Docker.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import { followLogs } from '../../src/agent/logs/follow.js';
import type { LogLine } from '../../src/agent/logs/lineReader.js';
import { startMetadataServer, type TaskMetadataSource } from '../../src/agent/metadata/index.js';
import { FakeRuntime } from './fakeRuntime.js';

const log = pino({ level: 'silent' });
const clock = () => new Date(Date.parse('2026-01-01T00:00:00Z'));

async function createdContainer(runtime: FakeRuntime): Promise<string> {
  return runtime.createContainer({ name: 'app', Image: 'img', Labels: { 'com.amazonaws.ecs.container-name': 'app' } });
}

describe('agent/logs through the runtime port (fake runtime)', () => {
  it('reads a container log with timestamps from `since`, and says gone for a container the runtime does not have', async () => {
    const runtime = new FakeRuntime();
    const id = await createdContainer(runtime);
    runtime.logText.set(id, '2026-01-01T00:00:01.000000001Z hello\n2026-01-01T00:00:02.5Z world\n');
    const lines: LogLine[] = [];
    const signal = new AbortController().signal;
    const how = await followLogs({ containers: runtime, containerId: id, since: '1767225600.000000000', signal, clock, log, onLines: (l) => lines.push(...l) });
    assert.equal(how, 'end');
    assert.deepEqual(lines.map((l) => [l.text, l.time.ms]), [['hello', Date.parse('2026-01-01T00:00:01Z')], ['world', Date.parse('2026-01-01T00:00:02.5Z')]]);
    assert.deepEqual(runtime.logCalls.map(({ signal: _s, ...rest }) => rest), [{ follow: true, timestamps: true, since: '1767225600.000000000' }]);
    assert.equal(await followLogs({ containers: runtime, containerId: 'nope', signal, clock, log, onLines: () => undefined }), 'gone');
  });
});

describe('agent/metadata through the runtime port (fake runtime)', () => {
  it('listens on the runtime\'s bridge gateway and answers stats from the runtime', async () => {
    const runtime = new FakeRuntime();
    const id = await createdContainer(runtime);
    const task: TaskMetadataSource = {
      cluster: 'arn:aws:ecs:us-east-1:000000000000:cluster/default', taskArn: 'arn:aws:ecs:us-east-1:000000000000:task/default/1', family: 'web',
      revision: 1, desiredStatus: 'RUNNING', knownStatus: 'RUNNING',
      containers: [{ name: 'app', dockerId: id, image: 'img', desiredStatus: 'RUNNING', knownStatus: 'RUNNING' }],
    };
    const server = await startMetadataServer({
      host: await runtime.bridgeGateway(), lookup: (token) => (token === 't' ? { task, containerName: 'app' } : undefined), containers: runtime,
    });
    try {
      assert.match(server.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.deepEqual(await (await fetch(`${server.baseUrl}/v4/t/stats`)).json(), { id, fake: true });
      assert.deepEqual(await (await fetch(`${server.baseUrl}/v4/t/task/stats`)).json(), { [id]: { id, fake: true } });
    } finally {
      await server.close();
    }
  });
});
