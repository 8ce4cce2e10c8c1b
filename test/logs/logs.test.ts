import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  paginateDescribeLogGroups,
  paginateDescribeLogStreams,
  PutRetentionPolicyCommand,
  TagLogGroupCommand,
  TagResourceCommand,
  UntagLogGroupCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { expectAwsError } from '../helpers/errors.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const NOW = Math.floor(Date.now() / 1000) * 1000;
const ARN = 'arn:aws:logs:us-east-1:000000000000:log-group:';
const VALIDATION = '1 validation error detected: ';
const GROUP_MISSING = { name: 'ResourceNotFoundException', message: 'The specified log group does not exist.' };
const invalid = (message: string) => ({ name: 'InvalidParameterException', message: VALIDATION + message });

describe('CloudWatch Logs groups, streams and tags', () => {
  let server: TestServer;
  let logs: CloudWatchLogsClient;
  before(async () => {
    server = await startTestServer({ clock: () => new Date(NOW) });
    logs = new CloudWatchLogsClient(server.clientConfig);
  });
  after(async () => server.stop());

  describe('log groups', () => {
    it('creates a group and describes it with Logs\' fields', async () => {
      await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/web' }));
      const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/web' }));
      assert.deepEqual(logGroups, [{
        logGroupName: '/ecs/web',
        creationTime: NOW,
        metricFilterCount: 0,
        arn: `${ARN}/ecs/web:*`,
        storedBytes: 0,
        logGroupClass: 'STANDARD',
        logGroupArn: `${ARN}/ecs/web`,
      }]);
    });

    it('refuses a second group of the same name', async () => {
      await logs.send(new CreateLogGroupCommand({ logGroupName: 'dup' }));
      await expectAwsError(logs.send(new CreateLogGroupCommand({ logGroupName: 'dup' })), {
        name: 'ResourceAlreadyExistsException', message: 'The specified log group already exists',
      });
    });

    it('checks names as Logs does', async () => {
      await expectAwsError(logs.send(new CreateLogGroupCommand({ logGroupName: 'bad name!' })), invalid(
        "Value 'bad name!' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+",
      ));
      await expectAwsError(logs.send(new CreateLogGroupCommand({ logGroupName: 'x'.repeat(513) })), invalid(
        `Value '${'x'.repeat(513)}' at 'logGroupName' failed to satisfy constraint: Member must have length less than or equal to 512`,
      ));
      await expectAwsError(logs.send(new CreateLogGroupCommand({ logGroupName: undefined })), invalid(
        "Value null at 'logGroupName' failed to satisfy constraint: Member must not be null",
      ));
      await expectAwsError(logs.send(new CreateLogGroupCommand({ logGroupName: 'g', logGroupClass: 'COLD' as 'STANDARD' })), invalid(
        "Value 'COLD' at 'logGroupClass' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, INFREQUENT_ACCESS, DELIVERY]",
      ));
    });

    it('pages DescribeLogGroups in name order, 1 to 50 at a time', async () => {
      for (const n of ['p/c', 'p/a', 'p/e', 'p/b', 'p/d']) await logs.send(new CreateLogGroupCommand({ logGroupName: n }));
      const pages: string[][] = [];
      for await (const page of paginateDescribeLogGroups({ client: logs, pageSize: 2 }, { logGroupNamePrefix: 'p/' })) {
        pages.push((page.logGroups ?? []).map((g) => g.logGroupName ?? ''));
      }
      assert.deepEqual(pages, [['p/a', 'p/b'], ['p/c', 'p/d'], ['p/e']]);
      await expectAwsError(logs.send(new DescribeLogGroupsCommand({ limit: 51 })), invalid(
        "Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50",
      ));
      await expectAwsError(logs.send(new DescribeLogGroupsCommand({ limit: 0 })), invalid(
        "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      ));
      const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: '/b' }));
      assert.deepEqual(logGroups, [{ logGroupName: 'p/b', creationTime: NOW, arn: `${ARN}p/b:*` }]);
    });

    it('deletes a group, and answers ResourceNotFoundException for a missing one', async () => {
      await logs.send(new CreateLogGroupCommand({ logGroupName: 'gone' }));
      await logs.send(new CreateLogStreamCommand({ logGroupName: 'gone', logStreamName: 's' }));
      await logs.send(new DeleteLogGroupCommand({ logGroupName: 'gone' }));
      await expectAwsError(logs.send(new DeleteLogGroupCommand({ logGroupName: 'gone' })), GROUP_MISSING);
      // Created again, it starts empty.
      await logs.send(new CreateLogGroupCommand({ logGroupName: 'gone' }));
      const { logStreams } = await logs.send(new DescribeLogStreamsCommand({ logGroupName: 'gone' }));
      assert.deepEqual(logStreams, []);
    });
  });

  describe('retention', () => {
    it('sets and removes a retention policy from Logs\' allowed values', async () => {
      await logs.send(new CreateLogGroupCommand({ logGroupName: 'kept' }));
      await logs.send(new PutRetentionPolicyCommand({ logGroupName: 'kept', retentionInDays: 30 }));
      let { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'kept' }));
      assert.equal(logGroups?.[0]?.retentionInDays, 30);
      await logs.send(new DeleteRetentionPolicyCommand({ logGroupName: 'kept' }));
      ({ logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'kept' })));
      assert.equal(logGroups?.[0]?.retentionInDays, undefined);

      await expectAwsError(logs.send(new PutRetentionPolicyCommand({ logGroupName: 'kept', retentionInDays: 4 })), invalid(
        "Value '4' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: "
        + '[1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]',
      ));
      await expectAwsError(logs.send(new PutRetentionPolicyCommand({ logGroupName: 'nope', retentionInDays: 1 })), GROUP_MISSING);
      await expectAwsError(logs.send(new DeleteRetentionPolicyCommand({ logGroupName: 'nope' })), GROUP_MISSING);
    });
  });

  describe('log streams', () => {
    before(async () => {
      await logs.send(new CreateLogGroupCommand({ logGroupName: 'app' }));
      for (const s of ['web/2', 'web/1', 'worker/1']) {
        await logs.send(new CreateLogStreamCommand({ logGroupName: 'app', logStreamName: s }));
      }
    });

    it('describes streams with their ARN, in name order', async () => {
      const { logStreams } = await logs.send(new DescribeLogStreamsCommand({ logGroupName: 'app' }));
      assert.deepEqual(logStreams?.map((s) => s.logStreamName), ['web/1', 'web/2', 'worker/1']);
      assert.deepEqual(logStreams?.[0], {
        logStreamName: 'web/1',
        creationTime: NOW,
        arn: `${ARN}app:log-stream:web/1`,
        storedBytes: 0,
      });
    });

    it('filters by prefix, orders descending, pages, and takes the group ARN', async () => {
      const byPrefix = await logs.send(new DescribeLogStreamsCommand({ logGroupName: 'app', logStreamNamePrefix: 'web/' }));
      assert.deepEqual(byPrefix.logStreams?.map((s) => s.logStreamName), ['web/1', 'web/2']);
      const desc = await logs.send(new DescribeLogStreamsCommand({ logGroupIdentifier: `${ARN}app`, descending: true }));
      assert.deepEqual(desc.logStreams?.map((s) => s.logStreamName), ['worker/1', 'web/2', 'web/1']);
      const names: string[] = [];
      for await (const page of paginateDescribeLogStreams({ client: logs, pageSize: 1 }, { logGroupName: 'app', orderBy: 'LastEventTime' })) {
        names.push(...(page.logStreams ?? []).map((s) => s.logStreamName ?? ''));
      }
      assert.deepEqual(names, ['web/1', 'web/2', 'worker/1']);
    });

    it('answers Logs\' errors', async () => {
      await expectAwsError(logs.send(new CreateLogStreamCommand({ logGroupName: 'app', logStreamName: 'web/1' })), {
        name: 'ResourceAlreadyExistsException', message: 'The specified log stream already exists',
      });
      await expectAwsError(logs.send(new CreateLogStreamCommand({ logGroupName: 'nope', logStreamName: 's' })), GROUP_MISSING);
      await expectAwsError(logs.send(new CreateLogStreamCommand({ logGroupName: 'app', logStreamName: 'a:b' })), invalid(
        "Value 'a:b' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*",
      ));
      await expectAwsError(logs.send(new DescribeLogStreamsCommand({ logGroupName: 'app', orderBy: 'LastEventTime', logStreamNamePrefix: 'w' })), {
        name: 'InvalidParameterException', message: 'Cannot order by LastEventTime with a logStreamNamePrefix.',
      });
      await expectAwsError(logs.send(new DescribeLogStreamsCommand({ logGroupName: 'app', logGroupIdentifier: 'app' })), {
        name: 'InvalidParameterException', message: 'LogGroup name and LogGroup ARN are mutually exclusive parameters.',
      });
      await expectAwsError(logs.send(new DescribeLogStreamsCommand({ logGroupName: 'nope' })), GROUP_MISSING);
      await expectAwsError(logs.send(new DeleteLogStreamCommand({ logGroupName: 'app', logStreamName: 'nope' })), {
        name: 'ResourceNotFoundException', message: 'The specified log stream does not exist.',
      });
    });

    it('deletes a stream', async () => {
      await logs.send(new CreateLogStreamCommand({ logGroupName: 'app', logStreamName: 'tmp' }));
      await logs.send(new DeleteLogStreamCommand({ logGroupName: 'app', logStreamName: 'tmp' }));
      const { logStreams } = await logs.send(new DescribeLogStreamsCommand({ logGroupName: 'app', logStreamNamePrefix: 'tmp' }));
      assert.deepEqual(logStreams, []);
    });
  });

  describe('tags', () => {
    it('keeps tags given at creation and changes them by ARN or by name', async () => {
      await logs.send(new CreateLogGroupCommand({ logGroupName: 'tagged', tags: { team: 'web', env: 'dev' } }));
      const arn = `${ARN}tagged`;
      assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, { team: 'web', env: 'dev' });
      await logs.send(new TagResourceCommand({ resourceArn: arn, tags: { env: 'prod', tier: '1' } }));
      await logs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team'] }));
      assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, { env: 'prod', tier: '1' });
      await logs.send(new TagLogGroupCommand({ logGroupName: 'tagged', tags: { a: 'b' } }));
      await logs.send(new UntagLogGroupCommand({ logGroupName: 'tagged', tags: ['tier'] }));
      assert.deepEqual((await logs.send(new ListTagsLogGroupCommand({ logGroupName: 'tagged' }))).tags, { env: 'prod', a: 'b' });
    });

    it('answers ResourceNotFoundException and TooManyTagsException', async () => {
      await expectAwsError(logs.send(new ListTagsForResourceCommand({ resourceArn: `${ARN}nope` })), GROUP_MISSING);
      await expectAwsError(logs.send(new TagLogGroupCommand({ logGroupName: 'nope', tags: { a: 'b' } })), GROUP_MISSING);
      await logs.send(new CreateLogGroupCommand({ logGroupName: 'many' }));
      const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
      await logs.send(new TagResourceCommand({ resourceArn: `${ARN}many`, tags: fifty }));
      await expectAwsError(logs.send(new TagResourceCommand({ resourceArn: `${ARN}many`, tags: { one: 'more' } })), {
        name: 'TooManyTagsException', message: 'A log group can have at most 50 tags.',
      });
    });
  });
});
