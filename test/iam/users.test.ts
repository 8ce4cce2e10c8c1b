import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { awsCli } from '../helpers/awsCli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { iam, iamError, keyEnv } from './helpers.js';

interface User { UserName: string; UserId: string; Arn: string; Path: string; Tags?: { Key: string; Value: string }[] }
interface Key { UserName: string; AccessKeyId: string; SecretAccessKey: string; Status: string }

describe('IAM users and access keys through the AWS CLI', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.stop());

  it('creates a user whose new access key signs as that user', async () => {
    const { User: user } = await iam<{ User: User }>(server, ['create-user', '--user-name', 'alice', '--path', '/team/', '--tags', 'Key=dept,Value=ops']);
    assert.equal(user.Arn, 'arn:aws:iam::000000000000:user/team/alice');
    assert.match(user.UserId, /^AIDA[A-Z0-9]{17}$/);
    assert.deepEqual(user.Tags, [{ Key: 'dept', Value: 'ops' }]);
    const { AccessKey: key } = await iam<{ AccessKey: Key }>(server, ['create-access-key', '--user-name', 'alice']);
    assert.equal(key.UserName, 'alice');
    assert.equal(key.Status, 'Active');
    assert.match(key.AccessKeyId, /^AKIA[A-Z0-9]{16}$/);
    assert.equal(key.SecretAccessKey.length, 40);
    const who = await awsCli(server, ['sts', 'get-caller-identity'], keyEnv(key));
    assert.equal(who.code, 0, who.stderr);
    assert.deepEqual(JSON.parse(who.stdout), { UserId: user.UserId, Account: '000000000000', Arn: user.Arn });
    // The user's own GetUser with no name answers itself (requests are authorized: a self-service
    // policy on ${aws:username} allows it, as the request acts on the caller).
    await iam(server, ['put-user-policy', '--user-name', 'alice', '--policy-name', 'self', '--policy-document',
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::*:user/team/${aws:username}' }] })]);
    const self = await iam<{ User: User }>(server, ['get-user'], keyEnv(key));
    assert.equal(self.User.Arn, user.Arn);
  });

  it('answers the root user for GetUser without a name', async () => {
    const { User: root } = await iam<{ User: { Arn: string; UserId: string; UserName?: string } }>(server, ['get-user']);
    assert.equal(root.Arn, 'arn:aws:iam::000000000000:root');
    assert.equal(root.UserId, '000000000000');
    assert.equal(root.UserName, undefined);
  });

  it('refuses a duplicate and a missing user with IAM\'s codes and messages', async () => {
    await iam(server, ['create-user', '--user-name', 'dup']);
    assert.deepEqual(await iamError(server, ['create-user', '--user-name', 'DUP']), {
      code: 'EntityAlreadyExists', message: 'User with name DUP already exists.',
    });
    assert.deepEqual(await iamError(server, ['get-user', '--user-name', 'nobody']), {
      code: 'NoSuchEntity', message: 'The user with name nobody cannot be found.',
    });
    // A refused create writes nothing: the unknown boundary is found inside the transaction.
    assert.deepEqual(await iamError(server, ['create-user', '--user-name', 'bounded', '--permissions-boundary', 'arn:aws:iam::000000000000:policy/none']), {
      code: 'NoSuchEntity', message: 'Policy arn:aws:iam::000000000000:policy/none does not exist or is not attachable.',
    });
    assert.equal((await iamError(server, ['get-user', '--user-name', 'bounded'])).code, 'NoSuchEntity');
    const bad = await iamError(server, ['create-user', '--user-name', 'has space']);
    assert.equal(bad.code, 'ValidationError');
    assert.match(bad.message, /at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: \[\\w\+=,\.@-\]\+/);
  });

  it('lists users by path prefix, a page at a time', async () => {
    for (const n of ['p1', 'p2', 'p3']) await iam(server, ['create-user', '--user-name', n, '--path', '/paged/']);
    const first = await iam<{ Users: User[]; IsTruncated: boolean; Marker: string }>(server, ['list-users', '--path-prefix', '/paged/', '--max-items', '2', '--no-paginate']);
    assert.deepEqual(first.Users.map((u) => u.UserName), ['p1', 'p2']);
    assert.equal(first.IsTruncated, true);
    const rest = await iam<{ Users: User[]; IsTruncated: boolean }>(server, ['list-users', '--path-prefix', '/paged/', '--marker', first.Marker, '--no-paginate']);
    assert.deepEqual(rest.Users.map((u) => u.UserName), ['p3']);
    assert.equal(rest.IsTruncated, false);
  });

  it('renames a user, and its key then signs as the new ARN', async () => {
    await iam(server, ['create-user', '--user-name', 'old']);
    const { AccessKey: key } = await iam<{ AccessKey: Key }>(server, ['create-access-key', '--user-name', 'old']);
    await iam(server, ['update-user', '--user-name', 'old', '--new-user-name', 'new', '--new-path', '/moved/']);
    await iamError(server, ['get-user', '--user-name', 'old']);
    const who = await awsCli(server, ['sts', 'get-caller-identity'], keyEnv(key));
    assert.equal(JSON.parse(who.stdout).Arn, 'arn:aws:iam::000000000000:user/moved/new');
    const keys = await iam<{ AccessKeyMetadata: { UserName: string; AccessKeyId: string }[] }>(server, ['list-access-keys', '--user-name', 'new']);
    assert.deepEqual(keys.AccessKeyMetadata.map((k) => [k.UserName, k.AccessKeyId]), [['new', key.AccessKeyId]]);
  });

  it('allows two keys per user; an inactive key is refused at the front door; delete needs the keys gone', async () => {
    await iam(server, ['create-user', '--user-name', 'keys']);
    const { AccessKey: k1 } = await iam<{ AccessKey: Key }>(server, ['create-access-key', '--user-name', 'keys']);
    await iam(server, ['create-access-key', '--user-name', 'keys']);
    assert.deepEqual(await iamError(server, ['create-access-key', '--user-name', 'keys']), {
      code: 'LimitExceeded', message: 'Cannot exceed quota for AccessKeysPerUser: 2',
    });
    await iam(server, ['update-access-key', '--user-name', 'keys', '--access-key-id', k1.AccessKeyId, '--status', 'Inactive']);
    const refused = await awsCli(server, ['sts', 'get-caller-identity'], keyEnv(k1));
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /InvalidClientTokenId/);
    assert.deepEqual(await iamError(server, ['delete-user', '--user-name', 'keys']), {
      code: 'DeleteConflict', message: 'Cannot delete entity, must delete access keys first.',
    });
    const last = await iam<{ UserName: string; AccessKeyLastUsed: { ServiceName: string; Region: string } }>(server, ['get-access-key-last-used', '--access-key-id', k1.AccessKeyId]);
    assert.deepEqual(last, { UserName: 'keys', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
    const listed = await iam<{ AccessKeyMetadata: { AccessKeyId: string }[] }>(server, ['list-access-keys', '--user-name', 'keys']);
    for (const k of listed.AccessKeyMetadata) await iam(server, ['delete-access-key', '--user-name', 'keys', '--access-key-id', k.AccessKeyId]);
    assert.deepEqual(await iamError(server, ['delete-access-key', '--user-name', 'keys', '--access-key-id', k1.AccessKeyId]), {
      code: 'NoSuchEntity', message: `The Access Key with id ${k1.AccessKeyId} cannot be found.`,
    });
    await iam(server, ['delete-user', '--user-name', 'keys']);
    await iamError(server, ['get-user', '--user-name', 'keys']);
  });

  it('tags and untags a user', async () => {
    await iam(server, ['create-user', '--user-name', 'tagged']);
    await iam(server, ['tag-user', '--user-name', 'tagged', '--tags', 'Key=a,Value=1', 'Key=b,Value=2']);
    await iam(server, ['tag-user', '--user-name', 'tagged', '--tags', 'Key=A,Value=3']);
    await iam(server, ['untag-user', '--user-name', 'tagged', '--tag-keys', 'b']);
    const { Tags } = await iam<{ Tags: { Key: string; Value: string }[] }>(server, ['list-user-tags', '--user-name', 'tagged']);
    assert.deepEqual(Tags, [{ Key: 'A', Value: '3' }]);
    const dup = await iamError(server, ['tag-user', '--user-name', 'tagged', '--tags', 'Key=x,Value=1', 'Key=X,Value=2']);
    assert.equal(dup.code, 'InvalidInput');
  });
});
