// The registry authorizes docker's requests as ECR actions, through the docker CLI and the AWS
// CLI: a user with AmazonEC2ContainerRegistryReadOnly pulls but cannot push (and docker prints
// ECR's denial); a repository policy grants another account pull and its deletion revokes it; a
// role session logs in with get-login-password; root pushes and pulls as before.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { awsCli, awsJson } from '../helpers/awsCli.js';
import { buildLayeredImage, dockerCli, type DockerCli } from '../helpers/docker.js';
import { ensureBusyboxImage } from '../helpers/images.js';
import { createRepository } from '../helpers/registry.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ACCOUNT_B, accountUser, allowDoc, MANAGEMENT, READ_ONLY, type AccountUser } from './auth-users.js';

const REPO_ARN = `arn:aws:ecr:us-east-1:${MANAGEMENT}:repository/app`;

describe('docker CLI, authorized as ECR actions', () => {
  let server: TestServer;
  let host: string;
  let root: DockerCli;
  const made: string[] = [];
  const clis: DockerCli[] = [];
  const envOf = (c: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): NodeJS.ProcessEnv => ({
    AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.secretAccessKey, ...(c.sessionToken ? { AWS_SESSION_TOKEN: c.sessionToken } : {}),
  });

  /** A docker config logged in with the password get-login-password gives these credentials. */
  async function loggedIn(env: NodeJS.ProcessEnv): Promise<DockerCli> {
    const cli = dockerCli();
    clis.push(cli);
    const password = await awsCli(server, ['ecr', 'get-login-password'], env);
    assert.equal(password.code, 0, password.stderr);
    await cli.ok(['login', '--username', 'AWS', '--password-stdin', host], password.stdout.trim());
    return cli;
  }

  async function freshImage(cli: DockerCli, tag: string): Promise<void> {
    made.push(tag);
    await buildLayeredImage(cli, ensureBusyboxImage(), tag, `layer ${randomUUID()}\n`);
  }

  before(async () => {
    ensureBusyboxImage();
    server = await startTestServer();
    host = new URL(server.url).host;
    await createRepository(server, { repositoryName: 'app' });
    root = await loggedIn({});
  });
  after(async () => {
    for (const tag of made) await root.run(['rmi', '-f', tag]);
    for (const cli of clis) cli.cleanup();
    await server.stop();
  });

  it('root pushes and pulls as before', async () => {
    const tag = `${host}/app:1`;
    await freshImage(root, tag);
    assert.match(await root.ok(['push', tag]), /1: digest: sha256:[a-f0-9]{64}/);
    await root.ok(['rmi', tag]);
    assert.match(await root.ok(['pull', tag]), /Downloaded newer image|Image is up to date/);
  });

  it('a user with AmazonEC2ContainerRegistryReadOnly pulls, and its push is denied with ECR\'s message', async () => {
    const user = await accountUser(server.services.store, { account: MANAGEMENT, name: 'ro', attached: [READ_ONLY] });
    const cli = await loggedIn(envOf(user.credentials));
    const tag = `${host}/app:1`;
    await cli.run(['rmi', tag]);
    assert.match(await cli.ok(['pull', tag]), /Downloaded newer image|Image is up to date/);
    const mine = `${host}/app:ro`;
    await freshImage(cli, mine);
    const pushed = await cli.run(['push', mine]);
    assert.notEqual(pushed.code, 0);
    assert.match(pushed.stderr, new RegExp(`denied: User: ${user.arn} is not authorized to perform: ecr:InitiateLayerUpload on resource: ${REPO_ARN} because no identity-based policy allows the ecr:InitiateLayerUpload action`));
  });

  it('a repository policy grants another account pull, and deleting it revokes', async () => {
    const other: AccountUser = await accountUser(server.services.store, { account: ACCOUNT_B, name: 'puller', attached: [READ_ONLY] });
    const cli = await loggedIn(envOf(other.credentials));
    const tag = `${host}/app:1`;
    await cli.run(['rmi', tag]);
    const refused = await cli.run(['pull', tag]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, new RegExp(`denied: User: ${other.arn} is not authorized to perform: ecr:BatchGetImage on resource: ${REPO_ARN} because no resource-based policy allows the ecr:BatchGetImage action`));

    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{
      Sid: 'PullFromB', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:root` },
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
    }] });
    await awsJson(server, ['ecr', 'set-repository-policy', '--repository-name', 'app', '--policy-text', policy]);
    assert.match(await cli.ok(['pull', tag]), /Downloaded newer image|Image is up to date/);

    await awsJson(server, ['ecr', 'delete-repository-policy', '--repository-name', 'app']);
    await cli.ok(['rmi', tag]);
    const revoked = await cli.run(['pull', tag]);
    assert.notEqual(revoked.code, 0);
    assert.match(revoked.stderr, /denied: User: .* is not authorized to perform: ecr:BatchGetImage/);
  });

  it('a role session logs in with get-login-password and is held to the role\'s policy', async () => {
    const assumer = await accountUser(server.services.store, { account: MANAGEMENT, name: 'assumer', inline: allowDoc(['sts:AssumeRole']) });
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'sts:AssumeRole' }] });
    await awsJson(server, ['iam', 'create-role', '--role-name', 'puller', '--assume-role-policy-document', trust]);
    await awsJson(server, ['iam', 'attach-role-policy', '--role-name', 'puller', '--policy-arn', READ_ONLY]);
    const assumed = await awsCli(server, ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${MANAGEMENT}:role/puller`, '--role-session-name', 'ci'], envOf(assumer.credentials));
    assert.equal(assumed.code, 0, assumed.stderr);
    const c = (JSON.parse(assumed.stdout) as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }).Credentials;
    const cli = await loggedIn(envOf({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }));
    const tag = `${host}/app:1`;
    await cli.run(['rmi', tag]);
    assert.match(await cli.ok(['pull', tag]), /Downloaded newer image|Image is up to date/);
    const mine = `${host}/app:role`;
    await freshImage(cli, mine);
    const pushed = await cli.run(['push', mine]);
    assert.notEqual(pushed.code, 0);
    assert.match(pushed.stderr, new RegExp(`denied: User: arn:aws:sts::${MANAGEMENT}:assumed-role/puller/ci is not authorized to perform: ecr:InitiateLayerUpload`));
  });
});
