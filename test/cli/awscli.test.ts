// Debian's AWS CLI v2 (/usr/bin/aws, not a v1 that may come first on PATH) against a real server.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

const AWS = '/usr/bin/aws';

function aws(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(AWS, args, { env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('AWS CLI v2', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.stop());

  it('is the v2 CLI', async () => {
    const r = await aws(['--version'], server.cliEnv);
    assert.match(r.stdout + r.stderr, /^aws-cli\/2\./);
  });

  it('aws sts get-caller-identity returns the root ARN', async () => {
    const r = await aws(['sts', 'get-caller-identity', '--endpoint-url', server.url, '--output', 'json'], server.cliEnv);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { Arn?: string; Account?: string };
    assert.equal(out.Arn, 'arn:aws:iam::000000000000:root');
    assert.equal(out.Account, '000000000000');
  });

  it('with a wrong secret it fails with SignatureDoesNotMatch', async () => {
    const env = { ...server.cliEnv, AWS_SECRET_ACCESS_KEY: 'not-the-secret' };
    const r = await aws(['sts', 'get-caller-identity', '--endpoint-url', server.url], env);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /SignatureDoesNotMatch/);
  });

  it('with an unknown key it fails with InvalidClientTokenId', async () => {
    const env = { ...server.cliEnv, AWS_ACCESS_KEY_ID: 'AKIAUNKNOWNKEY000000' };
    const r = await aws(['sts', 'get-caller-identity', '--endpoint-url', server.url], env);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /InvalidClientTokenId/);
  });
});
