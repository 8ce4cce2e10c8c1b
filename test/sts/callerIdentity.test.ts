import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('STS GetCallerIdentity', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.stop());

  it('answers with the administrator identity', async () => {
    const sts = new STSClient(server.clientConfig);
    const out = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(out.Account, '000000000000');
    assert.equal(out.Arn, 'arn:aws:iam::000000000000:root');
    assert.equal(out.UserId, '000000000000');
  });

  it('rejects an unknown access key with InvalidClientTokenId', async () => {
    const sts = new STSClient({ ...server.clientConfig, credentials: { accessKeyId: 'AKIANOTAKEY000000000', secretAccessKey: 'x' } });
    await assert.rejects(sts.send(new GetCallerIdentityCommand({})), (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(err.name, 'InvalidClientTokenId');
      assert.equal(err.$metadata?.httpStatusCode, 403);
      return true;
    });
  });

  it('rejects a wrong secret with SignatureDoesNotMatch', async () => {
    const sts = new STSClient({ ...server.clientConfig, credentials: { ...server.clientConfig.credentials, secretAccessKey: 'wrong' } });
    await assert.rejects(sts.send(new GetCallerIdentityCommand({})), { name: 'SignatureDoesNotMatch' });
  });
});
