// CreateAccount and its statuses, accounts, the organization and its root, through the AWS CLI.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { awsJson } from '../helpers/awsCli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { cliError, createAccount, newAccount, settled } from './helpers.js';

interface Account {
  Id: string;
  Arn: string;
  Email: string;
  Name: string;
  Status: string;
  JoinedMethod: string;
}

describe('Organizations accounts', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.stop());

  it('the organization exists from the start, with the management account and feature set ALL', async () => {
    const { Organization: org } = await awsJson<{ Organization: Record<string, unknown> }>(server, ['organizations', 'describe-organization']);
    assert.match(String(org.Id), /^o-[a-z0-9]{10}$/);
    assert.equal(org.FeatureSet, 'ALL');
    assert.equal(org.MasterAccountId, '000000000000');
    assert.equal(org.Arn, `arn:aws:organizations::000000000000:organization/${String(org.Id)}`);
    assert.equal(org.MasterAccountArn, `arn:aws:organizations::000000000000:account/${String(org.Id)}/000000000000`);
    const { Roots: roots } = await awsJson<{ Roots: { Id: string; Arn: string; Name: string }[] }>(server, ['organizations', 'list-roots']);
    assert.equal(roots.length, 1);
    assert.match(roots[0]?.Id ?? '', /^r-[a-z0-9]{4}$/);
    assert.equal(roots[0]?.Arn, `arn:aws:organizations::000000000000:root/${String(org.Id)}/${roots[0]?.Id ?? ''}`);
  });

  it('create-account answers IN_PROGRESS, then the status says SUCCEEDED with a new 12-digit id', async () => {
    const started = await createAccount(server, 'dev@example.com', 'dev');
    assert.match(started.Id, /^car-[0-9a-f]{32}$/);
    assert.equal(started.State, 'IN_PROGRESS');
    assert.equal(started.AccountName, 'dev');
    const done = await settled(server, started.Id);
    assert.equal(done.State, 'SUCCEEDED');
    assert.match(done.AccountId ?? '', /^\d{12}$/);
    assert.notEqual(done.AccountId, '000000000000');
  });

  it('new accounts get unique ids and are listed, CREATED, beside the management account (INVITED)', async () => {
    const a = await newAccount(server, 'a@example.com', 'team-a');
    const b = await newAccount(server, 'b@example.com', 'team-b');
    assert.notEqual(a, b);
    const { Accounts: accounts } = await awsJson<{ Accounts: Account[] }>(server, ['organizations', 'list-accounts']);
    const byId = new Map(accounts.map((x) => [x.Id, x]));
    assert.equal(byId.get('000000000000')?.JoinedMethod, 'INVITED');
    assert.equal(byId.get(a)?.JoinedMethod, 'CREATED');
    assert.equal(byId.get(a)?.Name, 'team-a');
    assert.equal(byId.get(b)?.Email, 'b@example.com');
    assert.equal(byId.get(b)?.Status, 'ACTIVE');
    assert.equal(new Set(accounts.map((x) => x.Id)).size, accounts.length);
  });

  it('describe-account answers the account with its ARN', async () => {
    const id = await newAccount(server, 'described@example.com', 'described');
    const { Organization: org } = await awsJson<{ Organization: { Id: string } }>(server, ['organizations', 'describe-organization']);
    const { Account: account } = await awsJson<{ Account: Account }>(server, ['organizations', 'describe-account', '--account-id', id]);
    assert.equal(account.Id, id);
    assert.equal(account.Arn, `arn:aws:organizations::000000000000:account/${org.Id}/${id}`);
    assert.equal(account.Email, 'described@example.com');
    assert.equal(account.Name, 'described');
  });

  it('an unknown account id is AccountNotFoundException', async () => {
    const stderr = await cliError(server, ['organizations', 'describe-account', '--account-id', '123456789012'], 'AccountNotFoundException');
    assert.match(stderr, /You specified an account that doesn't exist\./);
  });

  it('an unknown request id is CreateAccountStatusNotFoundException', async () => {
    await cliError(server, ['organizations', 'describe-create-account-status', '--create-account-request-id', `car-${'0'.repeat(32)}`],
      'CreateAccountStatusNotFoundException');
  });

  it('a second account with the same email (any case) fails with EMAIL_ALREADY_EXISTS and makes no account', async () => {
    await newAccount(server, 'twice@example.com', 'first');
    const before = await awsJson<{ Accounts: Account[] }>(server, ['organizations', 'list-accounts']);
    const status = await settled(server, (await createAccount(server, 'Twice@Example.com', 'second')).Id);
    assert.equal(status.State, 'FAILED');
    assert.equal(status.FailureReason, 'EMAIL_ALREADY_EXISTS');
    assert.equal(status.AccountId, undefined);
    const after = await awsJson<{ Accounts: Account[] }>(server, ['organizations', 'list-accounts']);
    assert.equal(after.Accounts.length, before.Accounts.length);
    const failed = await awsJson<{ CreateAccountStatuses: { Id: string }[] }>(server,
      ['organizations', 'list-create-account-status', '--states', 'FAILED']);
    assert.deepEqual(failed.CreateAccountStatuses.map((s) => s.Id), [status.Id]);
    const succeeded = await awsJson<{ CreateAccountStatuses: { State: string }[] }>(server,
      ['organizations', 'list-create-account-status', '--states', 'SUCCEEDED']);
    assert.ok(succeeded.CreateAccountStatuses.length >= 1);
    assert.ok(succeeded.CreateAccountStatuses.every((s) => s.State === 'SUCCEEDED'));
  });

  it('a malformed email or account name is InvalidInputException and makes nothing', async () => {
    const before = await awsJson<{ CreateAccountStatuses: unknown[] }>(server, ['organizations', 'list-create-account-status']);
    const email = await cliError(server, ['organizations', 'create-account', '--email', 'not-an-email', '--account-name', 'x'], 'InvalidInputException');
    assert.match(email, /does not match the required pattern/);
    await cliError(server, ['organizations', 'create-account', '--email', 'ok@example.com', '--account-name', 'tab\there'], 'InvalidInputException');
    await cliError(server, ['organizations', 'create-account', '--email', 'ok@example.com', '--account-name', 'x',
      '--role-name', 'AWSServiceRoleForX'], 'InvalidInputException');
    const after = await awsJson<{ CreateAccountStatuses: unknown[] }>(server, ['organizations', 'list-create-account-status']);
    assert.equal(after.CreateAccountStatuses.length, before.CreateAccountStatuses.length);
  });

  it('tags: duplicate keys are InvalidInputException, more than 50 ConstraintViolationException', async () => {
    const base = ['organizations', 'create-account', '--email', 'tags@example.com', '--account-name', 'tags', '--tags'];
    const dup = await cliError(server, [...base, 'Key=a,Value=1', 'Key=a,Value=2'], 'InvalidInputException');
    assert.match(dup, /Tag keys must be unique/);
    const many = Array.from({ length: 51 }, (_, i) => `Key=k${i},Value=v`);
    await cliError(server, [...base, ...many], 'ConstraintViolationException');
    const ok = await newAccount(server, 'tags@example.com', 'tags', ['--tags', ...many.slice(0, 50)]);
    assert.match(ok, /^\d{12}$/);
  });

  it('list-accounts pages with --page-size; list-accounts-for-parent lists the root accounts', async () => {
    const all = await awsJson<{ Accounts: Account[] }>(server, ['organizations', 'list-accounts']);
    assert.ok(all.Accounts.length >= 3);
    const paged = await awsJson<{ Accounts: Account[] }>(server, ['organizations', 'list-accounts', '--page-size', '1']);
    assert.deepEqual(paged.Accounts.map((a) => a.Id), all.Accounts.map((a) => a.Id));
    const roots = await awsJson<{ Roots: { Id: string }[] }>(server, ['organizations', 'list-roots']);
    const parent = await awsJson<{ Accounts: Account[] }>(server,
      ['organizations', 'list-accounts-for-parent', '--parent-id', roots.Roots[0]?.Id ?? '']);
    assert.deepEqual(parent.Accounts.map((a) => a.Id), all.Accounts.map((a) => a.Id));
    await cliError(server, ['organizations', 'list-accounts-for-parent', '--parent-id', 'r-zzzz'], 'ParentNotFoundException');
  });
});
