// /v2/ requests authorized as ECR actions, over HTTP: 401 without a valid login, 403 with the OCI
// DENIED body and ECR's sentence when the principal may not; each endpoint asks its own action
// (catalog, tags, manifests, blobs, uploads, mounts need the source's read too).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRepository, registryClient, registryLogin, type RegistryClient } from '../helpers/registry.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { accountUser, MANAGEMENT } from './auth-users.js';

const arn = (name: string) => `arn:aws:ecr:us-east-1:${MANAGEMENT}:repository/${name}`;

describe('registry access, per ECR action', () => {
  let server: TestServer;
  let root: RegistryClient;
  let user: RegistryClient;
  let userArn: string;
  let blob: string;

  before(async () => {
    server = await startTestServer();
    for (const name of ['src', 'dst']) await createRepository(server, { repositoryName: name });
    root = registryClient(server.url, (await registryLogin(server)).authorization);
    blob = await root.pushBlob('src', Buffer.from('a layer'));
    const created = await accountUser(server.services.store, {
      account: MANAGEMENT, name: 'lister',
      inline: JSON.stringify({ Version: '2012-10-17', Statement: [
        { Effect: 'Allow', Action: ['ecr:GetAuthorizationToken', 'ecr:ListImages'], Resource: '*' },
        { Effect: 'Allow', Action: ['ecr:InitiateLayerUpload', 'ecr:BatchCheckLayerAvailability'], Resource: arn('dst') },
      ] }),
    });
    userArn = created.arn;
    const login = await registryLogin({ clientConfig: { ...server.clientConfig, credentials: created.credentials } });
    user = registryClient(server.url, login.authorization);
  });
  after(() => server.stop());

  async function denied(res: Response, action: string, name: string): Promise<void> {
    assert.equal(res.status, 403);
    const body = await res.json() as { errors: { code: string; message: string }[] };
    assert.equal(body.errors[0]?.code, 'DENIED');
    assert.equal(body.errors[0]?.message, `User: ${userArn} is not authorized to perform: ${action} on resource: ${arn(name)} because no identity-based policy allows the ${action} action`);
  }

  it('answers 401 for a missing or bad login, not 403', async () => {
    const bad = registryClient(server.url, `Basic ${Buffer.from('AWS:nope').toString('base64')}`);
    assert.equal((await bad.fetch('/v2/src/tags/list')).status, 401);
    assert.equal((await fetch(`${server.url}/v2/`)).status, 401);
    assert.equal((await user.fetch('/v2/')).status, 200);
  });

  it('asks each endpoint its own action', async () => {
    assert.equal((await user.fetch('/v2/src/tags/list')).status, 200);
    await denied(await user.fetch('/v2/src/manifests/latest'), 'ecr:BatchGetImage', 'src');
    await denied(await user.fetch('/v2/_catalog'), 'ecr:DescribeRepositories', '*');
    await denied(await user.fetch(`/v2/src/blobs/${blob}`), 'ecr:GetDownloadUrlForLayer', 'src');
    // A HEAD answer has no body: its 403 says enough, and the same user may HEAD in dst.
    assert.equal((await user.fetch(`/v2/src/blobs/${blob}`, { method: 'HEAD' })).status, 403);
    await denied(await user.fetch('/v2/src/blobs/uploads/', { method: 'POST' }), 'ecr:InitiateLayerUpload', 'src');
    await denied(await user.fetch('/v2/src/manifests/latest', { method: 'DELETE' }), 'ecr:BatchDeleteImage', 'src');
    assert.equal((await root.fetch('/v2/_catalog')).status, 200);
  });

  it('lets an upload start where allowed, but a mount needs the source repository\'s read too', async () => {
    assert.equal((await user.fetch(`/v2/dst/blobs/${blob}`, { method: 'HEAD' })).status, 404);
    assert.equal((await user.fetch('/v2/dst/blobs/uploads/', { method: 'POST' })).status, 202);
    await denied(await user.fetch(`/v2/dst/blobs/uploads/?mount=${blob}&from=src`, { method: 'POST' }), 'ecr:BatchGetImage', 'src');
    assert.equal((await root.fetch(`/v2/dst/blobs/uploads/?mount=${blob}&from=src`, { method: 'POST' })).status, 201);
  });
});
