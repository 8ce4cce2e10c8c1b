// ECR's repository and login operations through @aws-sdk/client-ecr, with ECR's errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeRepositoriesCommand,
  GetAuthorizationTokenCommand,
  type ECRClient,
} from '@aws-sdk/client-ecr';
import { awsCli, awsJson } from '../helpers/awsCli.js';
import { expectAwsError } from '../helpers/errors.js';
import { ecrClient, registryClient, registryLogin } from '../helpers/registry.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('ECR repositories and login', () => {
  let server: TestServer;
  let ecr: ECRClient;
  let host: string;
  before(async () => {
    server = await startTestServer();
    ecr = ecrClient(server);
    host = new URL(server.url).host;
  });
  after(async () => server.stop());

  it('creates a repository with ECR\'s defaults', async () => {
    const out = await ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/web', tags: [{ Key: 'env', Value: 'test' }] }));
    const repo = out.repository;
    assert.equal(repo?.repositoryName, 'team/web');
    assert.equal(repo?.repositoryArn, 'arn:aws:ecr:us-east-1:000000000000:repository/team/web');
    assert.equal(repo?.registryId, '000000000000');
    assert.equal(repo?.repositoryUri, `${host}/team/web`);
    assert.equal(repo?.imageTagMutability, 'MUTABLE');
    assert.deepEqual(repo?.imageScanningConfiguration, { scanOnPush: false });
    assert.deepEqual(repo?.encryptionConfiguration, { encryptionType: 'AES256' });
    assert.ok(repo?.createdAt instanceof Date);
  });

  it('creates an immutable, scan-on-push, KMS-encrypted repository', async () => {
    const out = await ecr.send(new CreateRepositoryCommand({
      repositoryName: 'secure',
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: { encryptionType: 'KMS' },
    }));
    assert.equal(out.repository?.imageTagMutability, 'IMMUTABLE');
    assert.deepEqual(out.repository?.imageScanningConfiguration, { scanOnPush: true });
    assert.equal(out.repository?.encryptionConfiguration?.encryptionType, 'KMS');
    assert.equal(out.repository?.encryptionConfiguration?.kmsKey, 'arn:aws:kms:us-east-1:000000000000:alias/aws/ecr');
  });

  it('refuses a second repository of the same name, and invalid names', async () => {
    await expectAwsError(ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/web' })), {
      name: 'RepositoryAlreadyExistsException',
      message: "The repository with name 'team/web' already exists in the registry with id '000000000000'",
    });
    for (const name of ['Upper', 'a', 'trailing/', 'double//slash', 'bad_-name']) {
      await expectAwsError(ecr.send(new CreateRepositoryCommand({ repositoryName: name })), { name: 'InvalidParameterException' });
    }
    await expectAwsError(ecr.send(new CreateRepositoryCommand({ repositoryName: 'x1', imageTagMutability: 'SOMETIMES' as 'MUTABLE' })), {
      name: 'InvalidParameterException',
    });
  });

  it('describes repositories by name and page by page', async () => {
    for (const name of ['p1', 'p2', 'p3']) await ecr.send(new CreateRepositoryCommand({ repositoryName: name }));
    const named = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['p2', 'team/web'] }));
    assert.deepEqual(named.repositories?.map((r) => r.repositoryName), ['p2', 'team/web']);
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecr.send(new DescribeRepositoriesCommand({ maxResults: 2, nextToken }));
      assert.ok((page.repositories?.length ?? 0) <= 2);
      seen.push(...(page.repositories ?? []).map((r) => r.repositoryName ?? ''));
      nextToken = page.nextToken;
    } while (nextToken);
    assert.deepEqual(seen, ['p1', 'p2', 'p3', 'secure', 'team/web']);
    await expectAwsError(ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['missing'] })), {
      name: 'RepositoryNotFoundException',
      message: "The repository with name 'missing' does not exist in the registry with id '000000000000'",
    });
  });

  it('refuses to delete a repository with images unless forced', async () => {
    const login = await registryLogin(server);
    const r = registryClient(server.url, login.authorization);
    const config = Buffer.from('{}');
    const digest = await r.pushBlob('p1', config);
    const put = await r.putManifest('p1', 'v1', { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest, size: 2 }, layers: [] }, 'application/vnd.oci.image.manifest.v1+json');
    assert.equal(put.status, 201);
    await expectAwsError(ecr.send(new DeleteRepositoryCommand({ repositoryName: 'p1' })), {
      name: 'RepositoryNotEmptyException',
      message: "The repository with name 'p1' in registry with id '000000000000' cannot be deleted because it still contains images",
    });
    const out = await ecr.send(new DeleteRepositoryCommand({ repositoryName: 'p1', force: true }));
    assert.equal(out.repository?.repositoryName, 'p1');
    assert.equal((await r.fetch('/v2/p1/manifests/v1')).status, 404);
    const deleted = await ecr.send(new DeleteRepositoryCommand({ repositoryName: 'p2' }));
    assert.equal(deleted.repository?.repositoryName, 'p2');
    await expectAwsError(ecr.send(new DeleteRepositoryCommand({ repositoryName: 'p2' })), { name: 'RepositoryNotFoundException' });
  });

  it('issues a 12-hour login token for the registry at this server', async () => {
    const out = await ecr.send(new GetAuthorizationTokenCommand({}));
    const data = out.authorizationData?.[0];
    assert.equal(data?.proxyEndpoint, `http://${host}`);
    const decoded = Buffer.from(data?.authorizationToken ?? '', 'base64').toString('utf8');
    assert.match(decoded, /^AWS:.+/);
    const hours = ((data?.expiresAt?.getTime() ?? 0) - Date.now()) / 3_600_000;
    assert.ok(hours > 11.9 && hours <= 12, `expires in ${hours} hours`);
    const ok = await fetch(`${server.url}/v2/`, { headers: { authorization: `Basic ${data?.authorizationToken ?? ''}` } });
    assert.equal(ok.status, 200);
  });

  it('refuses a token once it has expired', async () => {
    // The server's clock starts at the real time (SigV4 needs it) and is then moved on.
    let now = new Date();
    const timed = await startTestServer({ clock: () => now });
    try {
      const login = await registryLogin(timed);
      const r = registryClient(timed.url, login.authorization);
      assert.equal((await r.fetch('/v2/')).status, 200);
      now = new Date(now.getTime() + 12 * 3_600_000 + 1000);
      assert.equal((await r.fetch('/v2/')).status, 401);
    } finally {
      await timed.stop();
    }
  });

  it('works from the AWS CLI: create, describe, delete, and ECR\'s error text', async () => {
    const created = await awsJson<{ repository: { repositoryUri: string; imageTagMutability: string } }>(server,
      ['ecr', 'create-repository', '--repository-name', 'cli/repo', '--image-tag-mutability', 'IMMUTABLE']);
    assert.equal(created.repository.repositoryUri, `${host}/cli/repo`);
    assert.equal(created.repository.imageTagMutability, 'IMMUTABLE');
    const described = await awsJson<{ repositories: Array<{ repositoryName: string }> }>(server,
      ['ecr', 'describe-repositories', '--repository-names', 'cli/repo']);
    assert.deepEqual(described.repositories.map((r) => r.repositoryName), ['cli/repo']);
    await awsJson(server, ['ecr', 'delete-repository', '--repository-name', 'cli/repo']);
    const missing = await awsCli(server, ['ecr', 'describe-repositories', '--repository-names', 'cli/repo']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /RepositoryNotFoundException.*The repository with name 'cli\/repo' does not exist in the registry with id '000000000000'/);
  });
});
