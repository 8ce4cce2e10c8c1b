// AssumeRole through the AWS CLI and the JS SDK: the trust policy decides (same account and across
// accounts), a root user is refused, ExternalId conditions hold, durations are bounded, chaining is
// held to an hour, and the credentials answered work as the assumed role.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { awsCli } from '../helpers/awsCli.js';
import { expectAwsError } from '../helpers/errors.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ALLOW_ASSUME, MAIN, OTHER, cliEnvFor, keysOf, putRole, putUser, stsAs, trustPolicy, type Keys } from './fixtures.js';

describe('STS AssumeRole', () => {
  let server: TestServer;
  let alice: Keys;
  let aliceArn: string;
  let bob: Keys;
  before(async () => {
    server = await startTestServer();
    const a = await putUser(server, { name: 'alice', inlinePolicies: [ALLOW_ASSUME] });
    alice = a.keys;
    aliceArn = a.user.arn;
    bob = (await putUser(server, { name: 'bob' })).keys;
  });
  after(async () => server.stop());

  it('answers credentials that act as the assumed role (get-caller-identity through the CLI)', async () => {
    const role = await putRole(server, { name: 'app', trust: trustPolicy({ AWS: `arn:aws:iam::${MAIN}:root` }) });
    const out = await stsAs(server, alice).send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'build-7' }));
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${MAIN}:assumed-role/app/build-7`);
    assert.equal(out.AssumedRoleUser?.AssumedRoleId, `${role.id}:build-7`);
    assert.match(out.Credentials?.AccessKeyId ?? '', /^ASIA[A-Z2-7]{16}$/);
    const expires = out.Credentials?.Expiration?.getTime() ?? 0;
    assert.ok(Math.abs(expires - (Date.now() + 3600_000)) < 60_000, 'one hour by default');
    const r = await awsCli(server, ['sts', 'get-caller-identity'], cliEnvFor(keysOf(out.Credentials)));
    assert.equal(r.code, 0, r.stderr);
    const who = JSON.parse(r.stdout) as { Arn: string; UserId: string; Account: string };
    assert.deepEqual(who, { Arn: `arn:aws:sts::${MAIN}:assumed-role/app/build-7`, UserId: `${role.id}:build-7`, Account: MAIN });
  });

  it('refuses a caller the trust policy does not name, with AWS message (CLI)', async () => {
    const role = await putRole(server, { name: 'ci-only', trust: trustPolicy({ AWS: `arn:aws:iam::${MAIN}:user/ci` }) });
    const r = await awsCli(server, ['sts', 'assume-role', '--role-arn', role.arn, '--role-session-name', 's1'], cliEnvFor(alice));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /AccessDenied/);
    assert.ok(r.stderr.includes(`User: ${aliceArn} is not authorized to perform: sts:AssumeRole on resource: ${role.arn}`), r.stderr);
  });

  it('answers a role that does not exist exactly as one that does not trust the caller', async () => {
    const arn = `arn:aws:iam::${MAIN}:role/nothing-here`;
    await expectAwsError(stsAs(server, alice).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 's1' })), {
      name: 'AccessDenied', status: 403, message: `User: ${aliceArn} is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
    });
  });

  it('a trust policy naming the user lets it in without an identity policy; naming the account does not', async () => {
    const direct = await putRole(server, { name: 'for-bob', trust: trustPolicy({ AWS: `arn:aws:iam::${MAIN}:user/bob` }) });
    const out = await stsAs(server, bob).send(new AssumeRoleCommand({ RoleArn: direct.arn, RoleSessionName: 'bb' }));
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${MAIN}:assumed-role/for-bob/bb`);
    const delegated = await putRole(server, { name: 'for-account', trust: trustPolicy({ AWS: MAIN }) });
    await expectAwsError(stsAs(server, bob).send(new AssumeRoleCommand({ RoleArn: delegated.arn, RoleSessionName: 'bb' })), { name: 'AccessDenied', status: 403 });
  });

  it('refuses a root user with "Roles may not be assumed by root accounts."', async () => {
    const role = await putRole(server, { name: 'anyone', trust: trustPolicy({ AWS: '*' }) });
    const r = await awsCli(server, ['sts', 'assume-role', '--role-arn', role.arn, '--role-session-name', 'root']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /\(AccessDenied\).*Roles may not be assumed by root accounts\./);
  });

  it('evaluates sts:ExternalId conditions', async () => {
    const role = await putRole(server, {
      name: 'vendor', trust: trustPolicy({ AWS: `arn:aws:iam::${MAIN}:root` }, { StringEquals: { 'sts:ExternalId': 'ext-1234' } }),
    });
    const sts = stsAs(server, alice);
    await expectAwsError(sts.send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'vv' })), { name: 'AccessDenied', status: 403 });
    await expectAwsError(sts.send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'vv', ExternalId: 'ext-9999' })), { name: 'AccessDenied', status: 403 });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'vv', ExternalId: 'ext-1234' }));
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${MAIN}:assumed-role/vendor/vv`);
  });

  it('bounds DurationSeconds: 900 up to the role\'s MaxSessionDuration', async () => {
    const short = await putRole(server, { name: 'short', trust: trustPolicy({ AWS: MAIN }) });
    const long = await putRole(server, { name: 'long', trust: trustPolicy({ AWS: MAIN }), maxSessionDuration: 43200 });
    const sts = stsAs(server, alice);
    await expectAwsError(sts.send(new AssumeRoleCommand({ RoleArn: short.arn, RoleSessionName: 'ss', DurationSeconds: 899 })), {
      name: 'ValidationError', message: /Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900/,
    });
    await expectAwsError(sts.send(new AssumeRoleCommand({ RoleArn: short.arn, RoleSessionName: 'ss', DurationSeconds: 3601 })), {
      name: 'ValidationError', message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
    const ok = await sts.send(new AssumeRoleCommand({ RoleArn: long.arn, RoleSessionName: 'ss', DurationSeconds: 43200 }));
    const expires = ok.Credentials?.Expiration?.getTime() ?? 0;
    assert.ok(Math.abs(expires - (Date.now() + 43200_000)) < 60_000);
    const min = await sts.send(new AssumeRoleCommand({ RoleArn: short.arn, RoleSessionName: 'ss', DurationSeconds: 900 }));
    assert.ok(Math.abs((min.Credentials?.Expiration?.getTime() ?? 0) - (Date.now() + 900_000)) < 60_000);
  });

  it('holds role chaining to one hour', async () => {
    const first = await putRole(server, { name: 'hop1', trust: trustPolicy({ AWS: MAIN }), inlinePolicies: [ALLOW_ASSUME] });
    const second = await putRole(server, { name: 'hop2', trust: trustPolicy({ AWS: first.arn }), maxSessionDuration: 43200 });
    const hop1 = keysOf((await stsAs(server, alice).send(new AssumeRoleCommand({ RoleArn: first.arn, RoleSessionName: 'h1' }))).Credentials);
    const asHop1 = stsAs(server, hop1);
    await expectAwsError(asHop1.send(new AssumeRoleCommand({ RoleArn: second.arn, RoleSessionName: 'h2', DurationSeconds: 7200 })), {
      name: 'ValidationError', message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    });
    const out = await asHop1.send(new AssumeRoleCommand({ RoleArn: second.arn, RoleSessionName: 'h2', DurationSeconds: 3600 }));
    const who = await stsAs(server, keysOf(out.Credentials)).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, `arn:aws:sts::${MAIN}:assumed-role/hop2/h2`);
  });

  it('across accounts: the other account\'s role trusting this account works; one that does not trust it is refused', async () => {
    const trusting = await putRole(server, { account: OTHER, name: 'OrganizationAccountAccessRole', trust: trustPolicy({ AWS: `arn:aws:iam::${MAIN}:root` }) });
    const out = await stsAs(server, alice).send(new AssumeRoleCommand({ RoleArn: trusting.arn, RoleSessionName: 'xx' }));
    const who = await stsAs(server, keysOf(out.Credentials)).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Account, OTHER);
    assert.equal(who.Arn, `arn:aws:sts::${OTHER}:assumed-role/OrganizationAccountAccessRole/xx`);
    const byUser = await putRole(server, { account: OTHER, name: 'for-alice', trust: trustPolicy({ AWS: aliceArn }) });
    await stsAs(server, alice).send(new AssumeRoleCommand({ RoleArn: byUser.arn, RoleSessionName: 'xx' }));
    const untrusting = await putRole(server, { account: OTHER, name: 'private', trust: trustPolicy({ AWS: `arn:aws:iam::${OTHER}:root` }) });
    await expectAwsError(stsAs(server, alice).send(new AssumeRoleCommand({ RoleArn: untrusting.arn, RoleSessionName: 'xx' })), {
      name: 'AccessDenied', status: 403, message: `User: ${aliceArn} is not authorized to perform: sts:AssumeRole on resource: ${untrusting.arn}`,
    });
    // Across accounts the caller's own policies must allow it too: bob has none.
    await expectAwsError(stsAs(server, bob).send(new AssumeRoleCommand({ RoleArn: trusting.arn, RoleSessionName: 'xx' })), { name: 'AccessDenied', status: 403 });
  });

  it('session tags need sts:TagSession in the trust policy; too many packed bytes are PackedPolicyTooLarge', async () => {
    const plain = await putRole(server, { name: 'untagged', trust: trustPolicy({ AWS: MAIN }) });
    const sts = stsAs(server, alice);
    await expectAwsError(sts.send(new AssumeRoleCommand({ RoleArn: plain.arn, RoleSessionName: 'tt', Tags: [{ Key: 'team', Value: 'red' }] })), {
      name: 'AccessDenied', status: 403, message: `User: ${aliceArn} is not authorized to perform: sts:TagSession on resource: ${plain.arn}`,
    });
    const tagging = await putRole(server, {
      name: 'tagged',
      trust: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: MAIN }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] }),
    });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: tagging.arn, RoleSessionName: 'tt', Tags: [{ Key: 'team', Value: 'red' }] }));
    assert.ok((out.PackedPolicySize ?? 0) > 0 && (out.PackedPolicySize ?? 0) <= 100);
    // 50 tags of random text: past any packing's budget.
    const noisy = Array.from({ length: 50 }, (_, i) => ({ Key: `key-${i}`, Value: randomBytes(180).toString('base64') }));
    await expectAwsError(sts.send(new AssumeRoleCommand({ RoleArn: tagging.arn, RoleSessionName: 'tt', Tags: noisy })), {
      name: 'PackedPolicyTooLargeException', message: /^Packed policy consumes \d+% of allotted space, please use smaller policy\.$/,
    });
  });

  it('refuses a malformed session policy with MalformedPolicyDocument', async () => {
    const role = await putRole(server, { name: 'narrowed', trust: trustPolicy({ AWS: MAIN }) });
    await expectAwsError(stsAs(server, alice).send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'pp', Policy: '{"Statement": 3}' })), {
      name: 'MalformedPolicyDocumentException', message: 'Syntax errors in policy.',
    });
    const out = await stsAs(server, alice).send(new AssumeRoleCommand({
      RoleArn: role.arn, RoleSessionName: 'pp',
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecs:List*', Resource: '*' }] }),
    }));
    assert.ok((out.PackedPolicySize ?? 0) > 0);
  });
});
