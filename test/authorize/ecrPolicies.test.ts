// ECR API operations honour repository policies, through @aws-sdk/client-ecr: a repository policy
// grants another account, and its removal revokes; in the same account it grants a user without
// an identity policy; its explicit deny refuses a user whose identity policy allows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DeleteRepositoryPolicyCommand, DescribeImagesCommand, ECRClient, ListImagesCommand, SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createRepository, ecrClient } from '../helpers/registry.js';
import { ACCOUNT_B, accountUser, allowDoc, MANAGEMENT, type AccountUser } from '../registry/auth-users.js';

const READ = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:ListImages', 'ecr:DescribeImages'];
const ARN = (name: string) => `arn:aws:ecr:us-east-1:${MANAGEMENT}:repository/${name}`;

function policy(effect: 'Allow' | 'Deny', principal: string, actions: string[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'S', Effect: effect, Principal: { AWS: principal }, Action: actions }] });
}

describe('ECR repository policies, enforced', () => {
  let server: TestServer;
  let root: ECRClient;
  let other: AccountUser;
  let local: AccountUser;
  let allowed: AccountUser;
  const as = (u: AccountUser) => new ECRClient({ ...server.clientConfig, credentials: u.credentials });

  before(async () => {
    server = await startTestServer();
    root = ecrClient(server);
    for (const name of ['shared', 'local', 'guarded']) await createRepository(server, { repositoryName: name });
    other = await accountUser(server.services.store, { account: ACCOUNT_B, name: 'reader', inline: allowDoc(READ) });
    local = await accountUser(server.services.store, { account: MANAGEMENT, name: 'nopolicy' });
    allowed = await accountUser(server.services.store, { account: MANAGEMENT, name: 'allowed', inline: allowDoc(READ) });
  });
  after(() => server.stop());

  it('grants another account through the repository policy, and revokes when it is deleted', async () => {
    const client = as(other);
    await assert.rejects(client.send(new ListImagesCommand({ repositoryName: 'shared' })), (err: Error) => {
      assert.equal(err.name, 'AccessDeniedException');
      assert.equal(err.message, `User: ${other.arn} is not authorized to perform: ecr:ListImages on resource: ${ARN('shared')} because no resource-based policy allows the ecr:ListImages action`);
      return true;
    });
    await root.send(new SetRepositoryPolicyCommand({ repositoryName: 'shared', policyText: policy('Allow', `arn:aws:iam::${ACCOUNT_B}:root`, READ) }));
    const listed = await client.send(new ListImagesCommand({ repositoryName: 'shared' }));
    assert.deepEqual(listed.imageIds, []);
    await client.send(new DescribeImagesCommand({ repositoryName: 'shared' }));
    await root.send(new DeleteRepositoryPolicyCommand({ repositoryName: 'shared' }));
    await assert.rejects(client.send(new ListImagesCommand({ repositoryName: 'shared' })), { name: 'AccessDeniedException' });
  });

  it('in the same account, a policy naming a user grants it without an identity policy', async () => {
    const client = as(local);
    await assert.rejects(client.send(new ListImagesCommand({ repositoryName: 'local' })), { name: 'AccessDeniedException' });
    await root.send(new SetRepositoryPolicyCommand({ repositoryName: 'local', policyText: policy('Allow', local.arn, ['ecr:ListImages']) }));
    await client.send(new ListImagesCommand({ repositoryName: 'local' }));
    // Only the actions the policy names, and only on its repository.
    await assert.rejects(client.send(new DescribeImagesCommand({ repositoryName: 'local' })), { name: 'AccessDeniedException' });
    await assert.rejects(client.send(new ListImagesCommand({ repositoryName: 'shared' })), { name: 'AccessDeniedException' });
  });

  it('an explicit deny in the repository policy refuses a user its identity policy allows', async () => {
    const client = as(allowed);
    await client.send(new ListImagesCommand({ repositoryName: 'guarded' }));
    await root.send(new SetRepositoryPolicyCommand({ repositoryName: 'guarded', policyText: policy('Deny', allowed.arn, ['ecr:ListImages']) }));
    await assert.rejects(client.send(new ListImagesCommand({ repositoryName: 'guarded' })), (err: Error) => {
      assert.equal(err.name, 'AccessDeniedException');
      assert.equal(err.message, `User: ${allowed.arn} is not authorized to perform: ecr:ListImages on resource: ${ARN('guarded')} with an explicit deny in a resource-based policy`);
      return true;
    });
    await client.send(new DescribeImagesCommand({ repositoryName: 'guarded' }));
  });
});
