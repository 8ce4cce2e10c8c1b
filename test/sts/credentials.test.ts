// Temporary credentials at the front door: the session token is checked (header and presigned
// forms), expiry answers ExpiredToken (Query) / ExpiredTokenException (JSON), sessions survive a
// restart, and GetSessionToken, GetAccessKeyInfo and DecodeAuthorizationMessage answer.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import {
  AssumeRoleCommand, DecodeAuthorizationMessageCommand, GetAccessKeyInfoCommand, GetCallerIdentityCommand, GetSessionTokenCommand,
} from '@aws-sdk/client-sts';
import { encodeAuthorizationMessage } from '../../src/identity/sts/authorizationMessage.js';
import { awsCli } from '../helpers/awsCli.js';
import { expectAwsError } from '../helpers/errors.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { presignUrl, send, xmlText } from '../protocol/signing.js';
import { ALLOW_ASSUME, MAIN, OTHER, cliEnvFor, keysOf, putRole, putUser, stsAs, trustPolicy, type Keys } from './fixtures.js';

const INVALID = 'The security token included in the request is invalid.';
const EXPIRED = 'The security token included in the request is expired';
const CALLER = { Action: 'GetCallerIdentity', Version: '2011-06-15' };

describe('STS temporary credentials', () => {
  let server: TestServer;
  let now = Date.now();
  let alice: Keys;
  let roleArn: string;
  before(async () => {
    server = await startTestServer({ clock: () => new Date(now) });
    alice = (await putUser(server, { name: 'alice', inlinePolicies: [ALLOW_ASSUME] })).keys;
    const listClusters = { name: 'list', document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecs:ListClusters', Resource: '*' }] }) };
    roleArn = (await putRole(server, { name: 'app', trust: trustPolicy({ AWS: MAIN }), inlinePolicies: [listClusters] })).arn;
  });
  after(async () => server.stop());

  async function assume(durationSeconds = 900): Promise<Keys> {
    const out = await stsAs(server, alice).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sess', DurationSeconds: durationSeconds }));
    return keysOf(out.Credentials);
  }

  it('refuses a temporary key without its session token, or with another one (STS and ECS)', async () => {
    const keys = await assume();
    const bare = { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey };
    await expectAwsError(stsAs(server, bare).send(new GetCallerIdentityCommand({})), { name: 'InvalidClientTokenId', status: 403, message: INVALID });
    const other = await assume();
    const wrong = { ...keys, sessionToken: other.sessionToken };
    await expectAwsError(stsAs(server, wrong).send(new GetCallerIdentityCommand({})), { name: 'InvalidClientTokenId', status: 403, message: INVALID });
    const ecs = new ECSClient({ ...server.clientConfig, credentials: wrong });
    await expectAwsError(ecs.send(new ListClustersCommand({})), { name: 'UnrecognizedClientException', message: INVALID });
    // A long-term key with a stray token is refused too, as AWS does.
    const stray = { ...server.clientConfig.credentials, sessionToken: keys.sessionToken };
    await expectAwsError(stsAs(server, stray).send(new GetCallerIdentityCommand({})), { name: 'InvalidClientTokenId', status: 403 });
    // And with the right token the same key works.
    assert.equal((await stsAs(server, keys).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${MAIN}:assumed-role/app/sess`);
  });

  it('checks the token in the presigned form (X-Amz-Security-Token in the query)', async () => {
    const keys = await assume();
    const ok = await send({ endpoint: await presignUrl({ endpoint: server.url, method: 'GET', query: CALLER }, { credentials: keys, service: 'sts' }), method: 'GET' });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(xmlText(ok.text, 'Arn'), `arn:aws:sts::${MAIN}:assumed-role/app/sess`);
    const bare = { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey };
    const refused = await send({ endpoint: await presignUrl({ endpoint: server.url, method: 'GET', query: CALLER }, { credentials: bare, service: 'sts' }), method: 'GET' });
    assert.equal(refused.status, 403);
    assert.equal(xmlText(refused.text, 'Code'), 'InvalidClientTokenId');
  });

  it('answers ExpiredToken (STS, Query) and ExpiredTokenException (ECS, JSON) once the session ends', async () => {
    const keys = await assume(900);
    const ecs = new ECSClient({ ...server.clientConfig, credentials: keys });
    await ecs.send(new ListClustersCommand({}));
    now += 901_000;
    try {
      await expectAwsError(stsAs(server, keys).send(new GetCallerIdentityCommand({})), { name: 'ExpiredToken', status: 400, message: EXPIRED });
      await expectAwsError(ecs.send(new ListClustersCommand({})), { name: 'ExpiredTokenException', status: 400, message: EXPIRED });
      const r = await awsCli(server, ['sts', 'get-caller-identity'], cliEnvFor(keys));
      assert.match(r.stderr, /\(ExpiredToken\)/);
    } finally {
      now -= 901_000;
    }
  });

  it('GetSessionToken: a user\'s lasts 12 h by default, a root user\'s at most 1 h, not from session credentials', async () => {
    const user = await stsAs(server, alice).send(new GetSessionTokenCommand({}));
    assert.equal(user.Credentials?.Expiration?.getTime(), Math.floor((now + 43200_000) / 1000) * 1000);
    const userKeys = keysOf(user.Credentials);
    assert.equal((await stsAs(server, userKeys).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${MAIN}:user/alice`);
    await expectAwsError(stsAs(server, userKeys).send(new GetSessionTokenCommand({})), {
      name: 'AccessDenied', status: 403, message: 'Cannot call GetSessionToken with session credentials',
    });
    await expectAwsError(stsAs(server, await assume()).send(new GetSessionTokenCommand({})), { name: 'AccessDenied', status: 403 });
    const root = await stsAs(server, server.clientConfig.credentials).send(new GetSessionTokenCommand({ DurationSeconds: 43200 }));
    assert.equal(root.Credentials?.Expiration?.getTime(), Math.floor((now + 3600_000) / 1000) * 1000);
    await expectAwsError(stsAs(server, alice).send(new GetSessionTokenCommand({ DurationSeconds: 129601 })), {
      name: 'ValidationError', message: /at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600/,
    });
    const r = await awsCli(server, ['sts', 'get-session-token', '--duration-seconds', '900'], cliEnvFor(alice));
    assert.equal(r.code, 0, r.stderr);
    assert.match((JSON.parse(r.stdout) as { Credentials: { AccessKeyId: string } }).Credentials.AccessKeyId, /^ASIA/);
  });

  it('GetAccessKeyInfo answers the account of a kept key, and of an AWS-style id it has never seen', async () => {
    const root = stsAs(server, server.clientConfig.credentials);
    assert.equal((await root.send(new GetAccessKeyInfoCommand({ AccessKeyId: server.rootKey.accessKeyId }))).Account, MAIN);
    const other = await putRole(server, { account: OTHER, name: 'x', trust: trustPolicy({ AWS: MAIN }) });
    const keys = keysOf((await stsAs(server, alice).send(new AssumeRoleCommand({ RoleArn: other.arn, RoleSessionName: 'kk' }))).Credentials);
    assert.equal((await root.send(new GetAccessKeyInfoCommand({ AccessKeyId: keys.accessKeyId }))).Account, OTHER);
    // AWS's documented example key decodes to its account.
    assert.equal((await root.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'ASIAY34FZKBOKMUTVV7A' }))).Account, '609629065308');
  });

  it('DecodeAuthorizationMessage opens what Wharf sealed and refuses anything else', async () => {
    const root = stsAs(server, server.clientConfig.credentials);
    const sealed = await encodeAuthorizationMessage(server.services.store, { allowed: false, context: { action: 'ecs:RunTask' } });
    const out = await root.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: sealed }));
    assert.deepEqual(JSON.parse(out.DecodedMessage ?? ''), { allowed: false, context: { action: 'ecs:RunTask' } });
    await expectAwsError(root.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'not-a-message' })), { name: 'InvalidAuthorizationMessageException' });
    await expectAwsError(root.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: `${sealed.slice(0, -4)}AAAA` })), { name: 'InvalidAuthorizationMessageException' });
  });
});

describe('STS sessions across a restart', () => {
  it('a session keeps working after the server restarts, until it expires', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wharf-sts-'));
    let now = Date.now();
    try {
      const first = await startTestServer({ dataDir, clock: () => new Date(now) });
      let keys: Keys;
      try {
        const alice = (await putUser(first, { name: 'alice', inlinePolicies: [ALLOW_ASSUME] })).keys;
        const role = await putRole(first, { name: 'app', trust: trustPolicy({ AWS: MAIN }) });
        keys = keysOf((await stsAs(first, alice).send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'kept', DurationSeconds: 900 }))).Credentials);
      } finally {
        await first.stop();
      }
      const second = await startTestServer({ dataDir, clock: () => new Date(now) });
      try {
        const who = await stsAs(second, keys).send(new GetCallerIdentityCommand({}));
        assert.equal(who.Arn, `arn:aws:sts::${MAIN}:assumed-role/app/kept`);
        now += 901_000;
        await expectAwsError(stsAs(second, keys).send(new GetCallerIdentityCommand({})), { name: 'ExpiredToken', message: EXPIRED });
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
