// The agent's awslogs driver against a real Wharf server and real containers on the local Docker:
// lines arrive in order in prefix/name/task-id, survive a server restart (buffered, then
// delivered, none lost or repeated), and a restarted shipper resumes without repeating.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  GetLogEventsCommand,
  type OutputLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import Docker from 'dockerode';
import pino from 'pino';
import { awslogsTarget, LogShipper } from '../../src/agent/logs/index.js';
import { DockerRuntime } from '../../src/agent/runtime/dockerRuntime.js';
import { run } from '../helpers/docker.js';
import { ensureBusyboxImage } from '../helpers/images.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const LABEL = 'wharf-test-agent-logs';
const docker = new Docker();
/** What the shipper reads logs through: the agent's runtime port. */
const containers = new DockerRuntime();
const dirs: string[] = [];
let image: string;

const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-logship-'));
  dirs.push(dir);
  return dir;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until `ok` holds, at most `attempts` times. */
async function until<T>(what: string, probe: () => Promise<T> | T, ok: (v: T) => boolean, attempts = 150): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < attempts; i++) {
    last = await probe();
    if (ok(last)) return last;
    await sleep(200);
  }
  assert.fail(`gave up waiting for ${what}; last: ${JSON.stringify(last)}`);
}

async function readAll(logs: CloudWatchLogsClient, group: string, stream: string): Promise<OutputLogEvent[]> {
  const events: OutputLogEvent[] = [];
  let token: string | undefined;
  for (;;) {
    const page = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, nextToken: token }));
    events.push(...(page.events ?? []));
    if (!page.nextForwardToken || page.nextForwardToken === token) return events;
    token = page.nextForwardToken;
  }
}

/** A container printing `out i` / `err i` for each range, waiting for /tmp/go<k> between them. */
async function startPrinter(ranges: Array<[number, number]>, stderr = true): Promise<Docker.Container> {
  const script = [
    `emit() { i=$1; while [ $i -le $2 ]; do echo "out $i"; ${stderr ? 'echo "err $i" >&2; ' : ''}i=$((i+1)); done; }`,
    'waitfor() { while [ ! -f /tmp/$1 ]; do sleep 0.05; done; }',
    ...ranges.map(([a, b], k) => `${k > 0 ? `waitfor go${k}; ` : ''}emit ${a} ${b}`),
  ].join('\n');
  const c = await docker.createContainer({
    Image: image, Cmd: ['sh', '-c', script], Labels: { [LABEL]: 'true' }, HostConfig: { LogConfig: { Type: 'json-file', Config: {} } },
  });
  await c.start();
  return c;
}

async function signal(c: Docker.Container, k: number): Promise<void> {
  const r = await run('docker', ['exec', c.id, 'sh', '-c', `: > /tmp/go${k}`]);
  assert.equal(r.code, 0, r.stderr);
}

function expected(from: number, to: number, stream: 'out' | 'err'): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => `${stream} ${from + i}`);
}

/** All lines once each, each stream in order, timestamps never going back. */
function assertLines(events: OutputLogEvent[], upTo: number): void {
  const messages = events.map((e) => e.message ?? '');
  assert.equal(new Set(messages).size, messages.length, 'no line repeated');
  assert.deepEqual(messages.filter((m) => m.startsWith('out ')), expected(1, upTo, 'out'));
  assert.deepEqual(messages.filter((m) => m.startsWith('err ')), expected(1, upTo, 'err'));
  assert.equal(messages.length, upTo * 2);
  for (let i = 1; i < events.length; i++) assert.ok((events[i]?.timestamp ?? 0) >= (events[i - 1]?.timestamp ?? 0), 'chronological');
}

before(() => {
  image = ensureBusyboxImage();
});

after(async () => {
  for (const info of await docker.listContainers({ all: true, filters: { label: [LABEL] } })) {
    await docker.getContainer(info.Id).remove({ force: true });
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('LogShipper', () => {
  it('ships stdout and stderr in order, across a server restart and a shipper restart', async () => {
    const dataDir = tempDir();
    let server: TestServer = await startTestServer({ dataDir });
    const port = server.port;
    const logs = new CloudWatchLogsClient(server.clientConfig);
    const stateFile = join(tempDir(), 'logs-state.json');
    const log = pino({ level: 'silent' });
    const taskId = '0123456789abcdef0123456789abcdef';
    const target = awslogsTarget({
      name: 'app',
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/ecs/logship', 'awslogs-stream-prefix': 'web', 'awslogs-create-group': 'true', 'awslogs-region': 'us-east-1' },
      },
    }, taskId);
    assert.deepEqual(target, { group: '/ecs/logship', stream: `web/app/${taskId}`, createGroup: true });
    const { group, stream } = target;
    const c = await startPrinter([[1, 30], [31, 60], [61, 90], [91, 120]]);
    let shipper = new LogShipper({ logs, containers, clock: () => new Date(), log, flushIntervalMs: 100, maxBackoffMs: 400, stateFile });
    try {
      shipper.attach({ containerId: c.id, ...target });
      assertLines(await until('the first 60 lines', () => readAll(logs, group, stream).catch(() => []), (e) => e.length >= 60), 30);
      const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }));
      assert.deepEqual(groups.logGroups?.map((g) => g.logGroupName), [group]);

      // The server goes away; the container keeps printing; the shipper keeps the lines.
      await server.close();
      const failuresBefore = shipper.stats().failures;
      await signal(c, 1);
      await until('the shipper to hold lines 31-60 after failing to send them', () => shipper.stats(),
        (s) => s.buffered === 60 && s.failures > failuresBefore);
      server = await startTestServer({ dataDir, port });
      assertLines(await until('lines 31-60 after the restart', () => readAll(logs, group, stream).catch(() => []), (e) => e.length >= 120), 60);

      // A new shipper with the same state file sends only what the old one had not.
      await shipper.close();
      await signal(c, 2);
      shipper = new LogShipper({ logs, containers, clock: () => new Date(), log, flushIntervalMs: 100, stateFile });
      shipper.attach({ containerId: c.id, ...target });
      const seen = await until('lines 61-90 from the new shipper', () => readAll(logs, group, stream),
        (e) => e.some((x) => x.message === 'out 90') && e.some((x) => x.message === 'err 90'));
      assertLines(seen, 90);

      // The container ends; detach drains and delivers the rest before it resolves.
      await signal(c, 3);
      await c.wait();
      await shipper.detach(c.id);
      assertLines(await readAll(logs, group, stream), 120);
    } finally {
      await shipper.close();
      await server.stop();
    }
  });

  it('keeps at most maxBufferedEvents while the server is down, dropping the oldest with a warning', async () => {
    const first = await startTestServer({ dataDir: tempDir() });
    const { port, dataDir } = first;
    await first.close();
    const logs = new CloudWatchLogsClient(first.clientConfig);
    const warnings: string[] = [];
    const sink = new Writable({ write(chunk: Buffer, _enc, done) { warnings.push(chunk.toString()); done(); } });
    const shipper = new LogShipper({ logs, containers, clock: () => new Date(), log: pino({ level: 'warn' }, sink), flushIntervalMs: 60_000, maxBufferedEvents: 10 });
    const c = await startPrinter([[1, 20]], false);
    await c.wait();
    let server: TestServer | undefined;
    try {
      shipper.attach({ containerId: c.id, group: '/ecs/overflow', stream: 'only', createGroup: true });
      const stats = await until('all 20 lines read', () => shipper.stats(), (s) => s.buffered + s.dropped === 20);
      assert.deepEqual({ buffered: stats.buffered, dropped: stats.dropped }, { buffered: 10, dropped: 10 });
      assert.ok(warnings.some((w) => w.includes('dropping the oldest events')), 'a warning is logged');
      server = await startTestServer({ dataDir, port });
      await shipper.detach(c.id);
      const got = (await readAll(logs, '/ecs/overflow', 'only')).map((e) => e.message ?? '');
      assert.equal(got.length, 10);
      assert.deepEqual(got, expected(11, 20, 'out'), 'the newest lines are kept');
    } finally {
      await shipper.close();
      await server?.stop();
    }
  });
});
