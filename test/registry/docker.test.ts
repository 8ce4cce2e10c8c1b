// The docker CLI against the registry: ECR login with the AWS CLI's get-login-password, push
// and pull of a multi-layer image, immutable tags, and a missing repository.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { awsCli } from '../helpers/awsCli.js';
import { buildLayeredImage, dockerCli, type DockerCli } from '../helpers/docker.js';
import { ensureBusyboxImage } from '../helpers/images.js';
import { createRepository } from '../helpers/registry.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('docker CLI with the registry', () => {
  let server: TestServer;
  let docker: DockerCli;
  let host: string;
  const made: string[] = [];
  before(async () => {
    ensureBusyboxImage();
    server = await startTestServer();
    docker = dockerCli();
    host = new URL(server.url).host;
    await createRepository(server, { repositoryName: 'web', imageTagMutability: 'IMMUTABLE' });
    await createRepository(server, { repositoryName: 'team/app' });
  });
  after(async () => {
    for (const tag of made) await docker.run(['rmi', '-f', tag]);
    docker.cleanup();
    await server.stop();
  });

  it('logs in with the password from aws ecr get-login-password', async () => {
    const password = await awsCli(server, ['ecr', 'get-login-password']);
    assert.equal(password.code, 0, password.stderr);
    const out = await docker.ok(['login', '--username', 'AWS', '--password-stdin', host], password.stdout.trim());
    assert.match(out, /Login Succeeded/);
  });

  it('refuses a login with a wrong password', async () => {
    const r = await docker.run(['login', '--username', 'AWS', '--password-stdin', host], 'not-a-token');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /401|unauthorized/i);
    // Log back in for the tests that follow.
    const password = await awsCli(server, ['ecr', 'get-login-password']);
    await docker.ok(['login', '--username', 'AWS', '--password-stdin', host], password.stdout.trim());
  });

  it('pushes a multi-layer image and pulls back the same image id', async () => {
    const tag = `${host}/team/app:1`;
    made.push(tag);
    await buildLayeredImage(docker, ensureBusyboxImage(), tag, `pushed ${randomUUID()}\n`);
    const id = (await docker.ok(['image', 'inspect', '--format', '{{.Id}}', tag])).trim();
    const layers = (await docker.ok(['image', 'inspect', '--format', '{{len .RootFS.Layers}}', tag])).trim();
    assert.ok(Number(layers) >= 2, `expected several layers, got ${layers}`);
    const pushed = await docker.ok(['push', tag]);
    assert.match(pushed, /1: digest: sha256:[a-f0-9]{64}/);
    await docker.ok(['rmi', tag]);
    const pulled = await docker.ok(['pull', tag]);
    assert.match(pulled, /Downloaded newer image|Image is up to date/);
    assert.equal((await docker.ok(['image', 'inspect', '--format', '{{.Id}}', tag])).trim(), id);
    const run = await docker.ok(['run', '--rm', tag, 'cat', '/built.txt']);
    assert.equal(run.trim(), 'built');
  });

  it('refuses to overwrite a tag of an immutable repository, with ECR\'s text', async () => {
    const tag = `${host}/web:1`;
    made.push(tag);
    await buildLayeredImage(docker, ensureBusyboxImage(), tag, `first ${randomUUID()}\n`);
    await docker.ok(['push', tag]);
    await buildLayeredImage(docker, ensureBusyboxImage(), tag, `second ${randomUUID()}\n`);
    const again = await docker.run(['push', tag]);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr + again.stdout,
      /tag invalid: The image tag '1' already exists in the 'web' repository and cannot be overwritten because the repository is immutable\./);
  });

  it('says name unknown when pulling from a repository that does not exist', async () => {
    const r = await docker.run(['pull', `${host}/nope:1`]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /name unknown: The repository with name 'nope' does not exist in the registry with id '000000000000'/);
  });
});
