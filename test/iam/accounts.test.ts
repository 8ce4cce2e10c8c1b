// IAM per account: a second account's root (its key seeded in the Store, as Organizations'
// accounts get theirs) sees only its own users and policies, and its ARNs carry its id.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCESS_KEYS, rootPrincipal, type AccessKey } from '../../src/identity/accessKeys.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { doc, iam, iamError, type Env } from './helpers.js';

const OTHER = '111122223333';

describe('IAM keeps each account to itself', () => {
  let server: TestServer;
  let other: Env;
  before(async () => {
    server = await startTestServer();
    const key: AccessKey = {
      accessKeyId: 'AKIAOTHERACCOUNT0001', secretAccessKey: 'other-account-secret-key-0000000000000000', status: 'Active',
      principal: { ...rootPrincipal(OTHER), kind: 'root' }, createDate: new Date(0).toISOString(),
    };
    await server.services.store.transaction((tx) => tx.put(ACCESS_KEYS, key.accessKeyId, key));
    other = { AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey };
  });
  after(async () => server.stop());

  it('lets two accounts have a user of the same name, each seeing only its own', async () => {
    const [mine, theirs] = await Promise.all([
      iam<{ User: { Arn: string } }>(server, ['create-user', '--user-name', 'sam']),
      iam<{ User: { Arn: string } }>(server, ['create-user', '--user-name', 'sam'], other),
    ]);
    assert.equal(mine.User.Arn, 'arn:aws:iam::000000000000:user/sam');
    assert.equal(theirs.User.Arn, `arn:aws:iam::${OTHER}:user/sam`);
    await iam(server, ['create-user', '--user-name', 'only-mine']);
    const listed = await iam<{ Users: { UserName: string }[] }>(server, ['list-users'], other);
    assert.deepEqual(listed.Users.map((u) => u.UserName), ['sam']);
    assert.equal((await iamError(server, ['get-user', '--user-name', 'only-mine'], other)).code, 'NoSuchEntity');
  });

  it('does not let one account attach or read another\'s customer managed policy', async () => {
    const { Policy: policy } = await iam<{ Policy: { Arn: string } }>(server, ['create-policy', '--policy-name', 'private',
      '--policy-document', doc({ Effect: 'Allow', Action: 'ecs:ListClusters', Resource: '*' })]);
    assert.deepEqual(await iamError(server, ['attach-user-policy', '--user-name', 'sam', '--policy-arn', policy.Arn], other), {
      code: 'NoSuchEntity', message: `Policy ${policy.Arn} does not exist or is not attachable.`,
    });
    assert.equal((await iamError(server, ['get-policy', '--policy-arn', policy.Arn], other)).code, 'NoSuchEntity');
    // AWS managed policies are visible to every account.
    await iam(server, ['attach-user-policy', '--user-name', 'sam', '--policy-arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess'], other);
    const [theirs, mine] = await Promise.all([
      iam<{ Policy: { AttachmentCount: number } }>(server, ['get-policy', '--policy-arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess'], other),
      iam<{ Policy: { AttachmentCount: number } }>(server, ['get-policy', '--policy-arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess']),
    ]);
    assert.equal(theirs.Policy.AttachmentCount, 1);
    assert.equal(mine.Policy.AttachmentCount, 0);
  });
});
