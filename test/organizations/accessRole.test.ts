// Each new account's access role: the record IAM reads, and the way in that AWS documents, an IAM
// user of the management account running `aws sts assume-role` of
// arn:aws:iam::NEWID:role/OrganizationAccountAccessRole. (What the member account may then do in
// Organizations is memberAccess.test.ts's.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IAM_ROLES, IAM_USERS, iamKey, type RoleRecord } from '../../src/identity/iam/model.js';
import { awsCli } from '../helpers/awsCli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ALLOW_ASSUME, MAIN, cliEnvFor, keysOf, putUser, type Keys } from '../sts/fixtures.js';
import { newAccount } from './helpers.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

function role(server: TestServer, account: string, name: string): Promise<RoleRecord | undefined> {
  return server.services.store.get<RoleRecord>(IAM_ROLES, iamKey(account, name));
}

async function assumeRole(server: TestServer, caller: Keys, roleArn: string): Promise<Keys> {
  const r = await awsCli(server, ['sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 'ops'], cliEnvFor(caller));
  assert.equal(r.code, 0, r.stderr);
  return keysOf((JSON.parse(r.stdout) as { Credentials?: Parameters<typeof keysOf>[0] }).Credentials);
}

describe('OrganizationAccountAccessRole', () => {
  let server: TestServer;
  let operator: Keys;
  before(async () => {
    server = await startTestServer();
    operator = (await putUser(server, { name: 'operator', inlinePolicies: [ALLOW_ASSUME] })).keys;
  });
  after(async () => server.stop());

  it('is written with the new account, trusting the management account, with AdministratorAccess', async () => {
    const id = await newAccount(server, 'role@example.com', 'role');
    const r = await role(server, id, 'OrganizationAccountAccessRole');
    assert.ok(r, 'the role exists');
    assert.equal(r.accountId, id);
    assert.equal(r.name, 'OrganizationAccountAccessRole');
    assert.equal(r.arn, `arn:aws:iam::${id}:role/OrganizationAccountAccessRole`);
    assert.equal(r.path, '/');
    assert.match(r.id, /^AROA[0-9A-Z]{17}$/);
    assert.equal(r.maxSessionDuration, 3600);
    assert.deepEqual(r.attachedPolicies, [ADMIN]);
    assert.deepEqual(r.inlinePolicies, []);
    assert.deepEqual(JSON.parse(r.assumeRolePolicyDocument), {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MAIN}:root` }, Action: 'sts:AssumeRole' }],
    });
    assert.equal(await role(server, MAIN, 'OrganizationAccountAccessRole'), undefined, 'only in the new account');
  });

  it('--role-name names the role instead', async () => {
    const id = await newAccount(server, 'named@example.com', 'named', ['--role-name', 'OpsAccess']);
    assert.equal((await role(server, id, 'OpsAccess'))?.arn, `arn:aws:iam::${id}:role/OpsAccess`);
    assert.equal(await role(server, id, 'OrganizationAccountAccessRole'), undefined);
  });

  it('a management account user assumes it with the CLI and is then a role session in the new account', async () => {
    const id = await newAccount(server, 'reach@example.com', 'reach');
    const session = await assumeRole(server, operator, `arn:aws:iam::${id}:role/OrganizationAccountAccessRole`);
    const who = await awsCli(server, ['sts', 'get-caller-identity'], cliEnvFor(session));
    assert.equal(who.code, 0, who.stderr);
    const identity = JSON.parse(who.stdout) as { Account: string; Arn: string };
    assert.equal(identity.Account, id);
    assert.equal(identity.Arn, `arn:aws:sts::${id}:assumed-role/OrganizationAccountAccessRole/ops`);
  });

  it('the role session administers IAM in its own account, and only there', async () => {
    const id = await newAccount(server, 'iam@example.com', 'iam');
    const session = await assumeRole(server, operator, `arn:aws:iam::${id}:role/OrganizationAccountAccessRole`);
    const made = await awsCli(server, ['iam', 'create-user', '--user-name', 'builder'], cliEnvFor(session));
    assert.equal(made.code, 0, made.stderr);
    assert.equal((JSON.parse(made.stdout) as { User: { Arn: string } }).User.Arn, `arn:aws:iam::${id}:user/builder`);
    const listed = await awsCli(server, ['iam', 'list-users'], cliEnvFor(session));
    assert.deepEqual((JSON.parse(listed.stdout) as { Users: { UserName: string }[] }).Users.map((u) => u.UserName), ['builder']);
    assert.ok(await server.services.store.get(IAM_USERS, iamKey(id, 'builder')), 'in the member account');
    assert.equal(await server.services.store.get(IAM_USERS, iamKey(MAIN, 'builder')), undefined, 'not in the management account');
    // ECS keeps one namespace (the management account's) for now: a member account is refused there.
    const ecs = await awsCli(server, ['ecs', 'list-clusters'], cliEnvFor(session));
    assert.notEqual(ecs.code, 0, ecs.stdout);
    assert.match(ecs.stderr, /\(AccessDeniedException\).*is not authorized to perform: ecs:ListClusters/);
  });

  it('a user of another account is refused by the trust policy', async () => {
    const id = await newAccount(server, 'guarded@example.com', 'guarded');
    const outsider = (await putUser(server, { account: '999999999999', name: 'outsider', inlinePolicies: [ALLOW_ASSUME] })).keys;
    const r = await awsCli(server, ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${id}:role/OrganizationAccountAccessRole`,
      '--role-session-name', 'ops'], cliEnvFor(outsider));
    assert.notEqual(r.code, 0, r.stdout);
    assert.match(r.stderr, /\(AccessDenied\)/);
  });
});
