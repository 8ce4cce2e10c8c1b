// The Debian AWS CLI v2 against Wharf's CloudWatch Logs: the commands people type.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { awsCli, awsJson } from '../helpers/awsCli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface Event {
  timestamp: number;
  message: string;
}

describe('aws logs (CLI)', () => {
  let server: TestServer;
  const now = Date.now();
  const sent: Event[] = [
    { timestamp: now - 20 * 60_000, message: 'boot complete' },
    { timestamp: now - 3000, message: 'GET /health 200' },
    { timestamp: now - 2000, message: 'ERROR upstream timeout' },
    { timestamp: now - 1000, message: 'GET /api 500' },
  ];

  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.stop());

  it('creates a group and a stream, and puts events', async () => {
    await awsJson(server, ['logs', 'create-log-group', '--log-group-name', '/wharf/web']);
    await awsJson(server, ['logs', 'create-log-stream', '--log-group-name', '/wharf/web', '--log-stream-name', 'web/1']);
    const put = await awsJson<{ nextSequenceToken: string }>(server, [
      'logs', 'put-log-events', '--log-group-name', '/wharf/web', '--log-stream-name', 'web/1', '--log-events', JSON.stringify(sent),
    ]);
    assert.match(put.nextSequenceToken, /^\d+$/);
    const dup = await awsCli(server, ['logs', 'create-log-group', '--log-group-name', '/wharf/web']);
    assert.notEqual(dup.code, 0);
    assert.match(dup.stderr, /ResourceAlreadyExistsException.*The specified log group already exists/);
  });

  it('gets the events back with get-log-events', async () => {
    const r = await awsJson<{ events: Event[]; nextForwardToken: string }>(server, [
      'logs', 'get-log-events', '--log-group-name', '/wharf/web', '--log-stream-name', 'web/1', '--start-from-head',
    ]);
    assert.deepEqual(r.events.map((e) => e.message), sent.map((e) => e.message));
    assert.match(r.nextForwardToken, /^f\//);
  });

  it('filters with filter-log-events --filter-pattern', async () => {
    const r = await awsJson<{ events: (Event & { logStreamName: string })[] }>(server, [
      'logs', 'filter-log-events', '--log-group-name', '/wharf/web', '--filter-pattern', '?ERROR ?500',
    ]);
    assert.deepEqual(r.events.map((e) => [e.logStreamName, e.message]), [['web/1', 'ERROR upstream timeout'], ['web/1', 'GET /api 500']]);
  });

  it('prints recent events with `aws logs tail` and older ones with --since 1h', async () => {
    const recent = await awsCli(server, ['logs', 'tail', '/wharf/web']);
    assert.equal(recent.code, 0, recent.stderr);
    const lines = recent.stdout.trim().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0] ?? '', /^\S+ web\/1 GET \/health 200$/);
    assert.match(lines[2] ?? '', /^\S+ web\/1 GET \/api 500$/);

    const hour = await awsCli(server, ['logs', 'tail', '/wharf/web', '--since', '1h']);
    assert.equal(hour.code, 0, hour.stderr);
    assert.deepEqual(hour.stdout.trim().split('\n').map((l) => l.split(' ').slice(2).join(' ')), sent.map((e) => e.message));

    const filtered = await awsCli(server, ['logs', 'tail', '/wharf/web', '--since', '1h', '--filter-pattern', 'ERROR', '--format', 'short']);
    assert.equal(filtered.code, 0, filtered.stderr);
    assert.match(filtered.stdout.trim(), /^\S+ ERROR upstream timeout$/);
  });
});
