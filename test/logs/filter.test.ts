import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogStreamCommand,
  FilterLogEventsCommand,
  type FilterLogEventsCommandInput,
  paginateFilterLogEvents,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { expectAwsError } from '../helpers/errors.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const NOW = Math.floor(Date.now() / 1000) * 1000;
const T0 = NOW - 60_000;
const DAY = 86_400_000;

// Two streams, interleaved in time: web gets even seconds, worker odd ones.
const WEB = ['GET /a 200', 'ERROR db timeout', 'GET /b 500', '{"level":"error","latency":250,"user":{"id":7}}'];
const WORKER = ['job started', 'WARN slow job', 'ERROR job failed: Exiting', '{"level":"info","latency":20,"ok":false}'];

describe('CloudWatch Logs FilterLogEvents', () => {
  let server: TestServer;
  let logs: CloudWatchLogsClient;
  const filter = async (input: Partial<FilterLogEventsCommandInput> = {}) =>
    logs.send(new FilterLogEventsCommand({ logGroupName: 'svc', ...input }));
  const messages = async (input: Partial<FilterLogEventsCommandInput> = {}) =>
    ((await filter(input)).events ?? []).map((e) => e.message);

  before(async () => {
    server = await startTestServer({ clock: () => new Date(NOW) });
    logs = new CloudWatchLogsClient(server.clientConfig);
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'svc' }));
    for (const s of ['web', 'worker', 'other']) await logs.send(new CreateLogStreamCommand({ logGroupName: 'svc', logStreamName: s }));
    await logs.send(new PutLogEventsCommand({
      logGroupName: 'svc', logStreamName: 'web', logEvents: WEB.map((message, i) => ({ timestamp: T0 + 2000 * i, message })),
    }));
    await logs.send(new PutLogEventsCommand({
      logGroupName: 'svc', logStreamName: 'worker', logEvents: WORKER.map((message, i) => ({ timestamp: T0 + 2000 * i + 1000, message })),
    }));
  });
  after(async () => server.stop());

  it('interleaves every stream\'s events in time order, with Logs\' event fields', async () => {
    const r = await filter();
    assert.deepEqual(r.events?.map((e) => e.message), [WEB[0], WORKER[0], WEB[1], WORKER[1], WEB[2], WORKER[2], WEB[3], WORKER[3]]);
    const first = r.events?.[0];
    assert.equal(first?.logStreamName, 'web');
    assert.equal(first?.timestamp, T0);
    assert.equal(first?.ingestionTime, NOW);
    assert.match(first?.eventId ?? '', /^\d+$/);
    assert.equal(new Set(r.events?.map((e) => e.eventId)).size, 8);
    assert.deepEqual(r.searchedLogStreams, [
      { logStreamName: 'web', searchedCompletely: true },
      { logStreamName: 'worker', searchedCompletely: true },
    ]);
    assert.equal(r.nextToken, undefined);
  });

  it('narrows by stream names, stream prefix and time (both ends inclusive)', async () => {
    assert.deepEqual(await messages({ logStreamNames: ['worker'] }), WORKER);
    assert.deepEqual(await messages({ logStreamNamePrefix: 'we' }), WEB);
    assert.deepEqual(await messages({ startTime: T0 + 1000, endTime: T0 + 3000 }), [WORKER[0], WEB[1], WORKER[1]]);
    await expectAwsError(filter({ logStreamNames: ['web'], logStreamNamePrefix: 'w' }), {
      name: 'InvalidParameterException', message: 'logStreamNames and logStreamNamePrefix are mutually exclusive parameters.',
    });
    await expectAwsError(filter({ logGroupName: 'nope' }), { name: 'ResourceNotFoundException', message: 'The specified log group does not exist.' });
  });

  it('matches terms, quoted phrases, ?-terms and -terms, case-sensitively', async () => {
    assert.deepEqual(await messages({ filterPattern: 'ERROR' }), [WEB[1], WORKER[2]]);
    assert.deepEqual(await messages({ filterPattern: 'error' }), [WEB[3]]);
    assert.deepEqual(await messages({ filterPattern: 'ERROR job' }), [WORKER[2]]);
    assert.deepEqual(await messages({ filterPattern: '"db timeout"' }), [WEB[1]]);
    assert.deepEqual(await messages({ filterPattern: '?WARN ?500' }), [WORKER[1], WEB[2]]);
    assert.deepEqual(await messages({ filterPattern: 'ERROR -Exiting' }), [WEB[1]]);
    assert.deepEqual(await messages({ filterPattern: '%GET /[ab] [0-9]+%' }), [WEB[0], WEB[2]]);
  });

  it('matches JSON patterns', async () => {
    assert.deepEqual(await messages({ filterPattern: '{ $.level = "error" }' }), [WEB[3]]);
    assert.deepEqual(await messages({ filterPattern: '{ $.latency > 100 }' }), [WEB[3]]);
    assert.deepEqual(await messages({ filterPattern: '{ $.user.id = 7 || $.ok IS FALSE }' }), [WEB[3], WORKER[3]]);
    assert.deepEqual(await messages({ filterPattern: '{ $.level = inf* && $.user NOT EXISTS }' }), [WORKER[3]]);
    await expectAwsError(filter({ filterPattern: '{ $.level = }' }), { name: 'InvalidParameterException', message: /^Invalid filter pattern/ });
  });

  it('pages with nextToken until every event is seen once', async () => {
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateFilterLogEvents({ client: logs, pageSize: 3 }, { logGroupName: 'svc' })) {
      pages++;
      seen.push(...(page.events ?? []).map((e) => e.message ?? ''));
    }
    assert.deepEqual(seen, [WEB[0], WORKER[0], WEB[1], WORKER[1], WEB[2], WORKER[2], WEB[3], WORKER[3]]);
    assert.equal(pages, 3);
    await expectAwsError(filter({ nextToken: 'garbage' }), { name: 'InvalidParameterException' });
  });

  it('leaves out events past the retention and events of deleted streams', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'ret' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: 'ret', logStreamName: 'a' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: 'ret', logStreamName: 'b' }));
    await logs.send(new PutLogEventsCommand({ logGroupName: 'ret', logStreamName: 'a', logEvents: [{ timestamp: NOW - 3 * DAY, message: 'old' }] }));
    await logs.send(new PutLogEventsCommand({ logGroupName: 'ret', logStreamName: 'a', logEvents: [{ timestamp: NOW, message: 'a new' }] }));
    await logs.send(new PutLogEventsCommand({ logGroupName: 'ret', logStreamName: 'b', logEvents: [{ timestamp: NOW, message: 'b new' }] }));
    assert.deepEqual(await messages({ logGroupName: 'ret' }), ['old', 'a new', 'b new']);
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: 'ret', retentionInDays: 1 }));
    assert.deepEqual(await messages({ logGroupName: 'ret' }), ['a new', 'b new']);
    await logs.send(new DeleteLogStreamCommand({ logGroupName: 'ret', logStreamName: 'a' }));
    assert.deepEqual(await messages({ logGroupName: 'ret' }), ['b new']);
  });
});
