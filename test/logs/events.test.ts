import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
  paginateGetLogEvents,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  type InputLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { expectAwsError } from '../helpers/errors.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const NOW = Math.floor(Date.now() / 1000) * 1000;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const VALIDATION = '1 validation error detected: ';

describe('CloudWatch Logs PutLogEvents and GetLogEvents', () => {
  let server: TestServer;
  let logs: CloudWatchLogsClient;
  const put = (stream: string, logEvents: InputLogEvent[], group = 'app') =>
    logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents }));

  before(async () => {
    server = await startTestServer({ clock: () => new Date(NOW) });
    logs = new CloudWatchLogsClient(server.clientConfig);
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'app' }));
    for (const s of ['web', 'empty', 'bulk']) await logs.send(new CreateLogStreamCommand({ logGroupName: 'app', logStreamName: s }));
  });
  after(async () => server.stop());

  describe('PutLogEvents', () => {
    it('stores a batch, ignores the sequence token and updates the stream and group', async () => {
      const first = await put('web', [{ timestamp: NOW - 3000, message: 'one' }, { timestamp: NOW - 2000, message: 'two' }]);
      assert.match(first.nextSequenceToken ?? '', /^\d{56}$/);
      assert.equal(first.rejectedLogEventsInfo, undefined);
      const second = await logs.send(new PutLogEventsCommand({
        logGroupName: 'app', logStreamName: 'web', sequenceToken: 'not-a-token', logEvents: [{ timestamp: NOW - 1000, message: 'thrée' }],
      }));
      assert.notEqual(second.nextSequenceToken, first.nextSequenceToken);

      const { logStreams } = await logs.send(new DescribeLogStreamsCommand({ logGroupName: 'app', logStreamNamePrefix: 'web' }));
      assert.deepEqual(logStreams?.[0], {
        logStreamName: 'web',
        creationTime: NOW,
        firstEventTimestamp: NOW - 3000,
        lastEventTimestamp: NOW - 1000,
        lastIngestionTime: NOW,
        uploadSequenceToken: second.nextSequenceToken,
        arn: 'arn:aws:logs:us-east-1:000000000000:log-group:app:log-stream:web',
        storedBytes: 0,
      });
      const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'app' }));
      assert.equal(logGroups?.[0]?.storedBytes, 3 + 3 + 6);
    });

    it('refuses events out of order, empty batches and messages, and oversize batches', async () => {
      await expectAwsError(put('web', [{ timestamp: NOW, message: 'b' }, { timestamp: NOW - 1, message: 'a' }]), {
        name: 'InvalidParameterException', message: 'Log events in a single PutLogEvents request must be in chronological order.',
      });
      await expectAwsError(put('web', []), {
        name: 'InvalidParameterException',
        message: `${VALIDATION}Value '[]' at 'logEvents' failed to satisfy constraint: Member must have length greater than or equal to 1`,
      });
      await expectAwsError(put('web', [{ timestamp: NOW, message: '' }]), {
        name: 'InvalidParameterException',
        message: `${VALIDATION}Value '' at 'logEvents.1.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1`,
      });
      const many = Array.from({ length: 10_001 }, () => ({ timestamp: NOW, message: 'x' }));
      await expectAwsError(put('web', many), { name: 'InvalidParameterException', message: /Member must have length less than or equal to 10000$/ });
      // 2 events of 524,263 bytes + 26 each: 1,048,578 bytes, 2 over the limit.
      const big = 'x'.repeat(524_263);
      await expectAwsError(put('web', [{ timestamp: NOW, message: big }, { timestamp: NOW, message: big }]), {
        name: 'InvalidParameterException', message: 'Upload too large: 1048578 bytes exceeds limit of 1048576',
      });
      await put('bulk', [{ timestamp: NOW, message: big }, { timestamp: NOW, message: big.slice(2) }]);
    });

    it('answers ResourceNotFoundException for a missing group or stream', async () => {
      await expectAwsError(put('web', [{ timestamp: NOW, message: 'x' }], 'nope'), {
        name: 'ResourceNotFoundException', message: 'The specified log group does not exist.',
      });
      await expectAwsError(put('nope', [{ timestamp: NOW, message: 'x' }]), {
        name: 'ResourceNotFoundException', message: 'The specified log stream does not exist.',
      });
    });

    it('rejects too old, expired and too new events into rejectedLogEventsInfo and keeps the rest', async () => {
      await logs.send(new CreateLogGroupCommand({ logGroupName: 'short' }));
      await logs.send(new CreateLogStreamCommand({ logGroupName: 'short', logStreamName: 's' }));
      await logs.send(new PutRetentionPolicyCommand({ logGroupName: 'short', retentionInDays: 7 }));
      const result = await put('s', [
        { timestamp: NOW - 15 * DAY, message: 'too old' },
        { timestamp: NOW - 10 * DAY, message: 'expired' },
        { timestamp: NOW - HOUR, message: 'kept' },
        { timestamp: NOW + 2 * HOUR, message: 'kept, just' },
        { timestamp: NOW + 3 * HOUR, message: 'too new' },
      ], 'short');
      assert.deepEqual(result.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 1, expiredLogEventEndIndex: 2, tooNewLogEventStartIndex: 4 });
      const got = await logs.send(new GetLogEventsCommand({ logGroupName: 'short', logStreamName: 's', startFromHead: true }));
      assert.deepEqual(got.events?.map((e) => e.message), ['kept', 'kept, just']);
    });

    it('refuses kept events spanning more than 24 hours', async () => {
      await expectAwsError(put('web', [{ timestamp: NOW - 2 * DAY, message: 'a' }, { timestamp: NOW, message: 'b' }]), {
        name: 'InvalidParameterException', message: 'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
      });
    });
  });

  describe('GetLogEvents', () => {
    const times = Array.from({ length: 7 }, (_, i) => NOW - 60_000 + i * 1000);
    before(async () => {
      await logs.send(new CreateLogStreamCommand({ logGroupName: 'app', logStreamName: 'seven' }));
      await put('seven', times.map((timestamp, i) => ({ timestamp, message: `m${i}` })));
    });
    const get = (extra: Partial<ConstructorParameters<typeof GetLogEventsCommand>[0]> = {}) =>
      logs.send(new GetLogEventsCommand({ logGroupName: 'app', logStreamName: 'seven', ...extra }));

    it('returns the latest events by default and the earliest with startFromHead, with f/ and b/ tokens', async () => {
      const latest = await get({ limit: 3 });
      assert.deepEqual(latest.events?.map((e) => e.message), ['m4', 'm5', 'm6']);
      assert.deepEqual(latest.events?.[0], { timestamp: times[4], message: 'm4', ingestionTime: NOW });
      assert.match(latest.nextForwardToken ?? '', /^f\/\d{27}\/s$/);
      assert.match(latest.nextBackwardToken ?? '', /^b\/\d{27}\/s$/);
      const head = await get({ limit: 3, startFromHead: true });
      assert.deepEqual(head.events?.map((e) => e.message), ['m0', 'm1', 'm2']);
      const all = await get();
      assert.equal(all.events?.length, 7);
    });

    it('walks forward and backward with the tokens, and answers the same token at either end', async () => {
      const head = await get({ limit: 3, startFromHead: true });
      const next = await get({ limit: 3, nextToken: head.nextForwardToken });
      assert.deepEqual(next.events?.map((e) => e.message), ['m3', 'm4', 'm5']);
      const back = await get({ limit: 2, nextToken: next.nextBackwardToken });
      assert.deepEqual(back.events?.map((e) => e.message), ['m1', 'm2']);
      const last = await get({ nextToken: next.nextForwardToken, startFromHead: true });
      assert.deepEqual(last.events?.map((e) => e.message), ['m6']);
      const end = await get({ nextToken: last.nextForwardToken, startFromHead: true });
      assert.deepEqual(end.events, []);
      assert.equal(end.nextForwardToken, last.nextForwardToken);
      const start = await get({ nextToken: head.nextBackwardToken });
      assert.deepEqual(start.events, []);
      assert.equal(start.nextBackwardToken, head.nextBackwardToken);
    });

    it('paginates to the end with paginateGetLogEvents and stopOnSameToken', async () => {
      const seen: string[] = [];
      let pages = 0;
      for await (const page of paginateGetLogEvents({ client: logs, pageSize: 2, stopOnSameToken: true }, {
        logGroupName: 'app', logStreamName: 'seven', startFromHead: true,
      })) {
        pages++;
        seen.push(...(page.events ?? []).map((e) => e.message ?? ''));
      }
      assert.deepEqual(seen, ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
      assert.equal(pages, 5);
    });

    it('keeps to startTime (inclusive) and endTime (exclusive)', async () => {
      const r = await get({ startTime: times[2], endTime: times[5], startFromHead: true });
      assert.deepEqual(r.events?.map((e) => e.message), ['m2', 'm3', 'm4']);
      const tail = await get({ startTime: times[2], endTime: times[5] });
      assert.deepEqual(tail.events?.map((e) => e.message), ['m2', 'm3', 'm4']);
      const none = await get({ startTime: NOW + HOUR, startFromHead: true });
      assert.deepEqual(none.events, []);
      assert.match(none.nextForwardToken ?? '', /^f\//);
    });

    it('leaves out events older than the group\'s retention', async () => {
      await logs.send(new CreateLogGroupCommand({ logGroupName: 'aging' }));
      await logs.send(new CreateLogStreamCommand({ logGroupName: 'aging', logStreamName: 's' }));
      await put('s', [{ timestamp: NOW - 2 * DAY, message: 'old' }], 'aging');
      await put('s', [{ timestamp: NOW - HOUR, message: 'new' }], 'aging');
      await logs.send(new PutRetentionPolicyCommand({ logGroupName: 'aging', retentionInDays: 1 }));
      const r = await logs.send(new GetLogEventsCommand({ logGroupName: 'aging', logStreamName: 's', startFromHead: true }));
      assert.deepEqual(r.events?.map((e) => e.message), ['new']);
    });

    it('answers Logs\' errors', async () => {
      await expectAwsError(get({ nextToken: 'x/1/s' }), { name: 'InvalidParameterException', message: 'The specified nextToken is invalid.' });
      await expectAwsError(get({ limit: 10_001 }), {
        name: 'InvalidParameterException',
        message: `${VALIDATION}Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000`,
      });
      await expectAwsError(get({ logStreamName: 'nope' }), { name: 'ResourceNotFoundException', message: 'The specified log stream does not exist.' });
      await expectAwsError(get({ logGroupName: 'nope' }), { name: 'ResourceNotFoundException', message: 'The specified log group does not exist.' });
    });

    it('forgets a deleted stream\'s events', async () => {
      await logs.send(new DeleteLogStreamCommand({ logGroupName: 'app', logStreamName: 'bulk' }));
      await logs.send(new CreateLogStreamCommand({ logGroupName: 'app', logStreamName: 'bulk' }));
      const r = await logs.send(new GetLogEventsCommand({ logGroupName: 'app', logStreamName: 'bulk' }));
      assert.deepEqual(r.events, []);
    });
  });
});
