// Every Organizations request is authorized by IAM before it acts: a management account user
// needs organizations:<Operation>, on the account's ARN for DescribeAccount, and is refused with
// the JSON protocol's AccessDeniedException and AWS's sentence otherwise.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { awsCli, awsJson } from '../helpers/awsCli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { cliEnvFor, putUser, type Keys } from '../sts/fixtures.js';
import { cliError, newAccount } from './helpers.js';

function allow(action: string, resource: string) {
  return { name: 'p', document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] }) };
}

describe('Organizations authorization', () => {
  let server: TestServer;
  let allowed: string;
  let other: string;
  let nobody: { keys: Keys; arn: string };
  let reader: Keys;
  before(async () => {
    server = await startTestServer();
    allowed = await newAccount(server, 'allowed@example.com', 'allowed');
    other = await newAccount(server, 'other@example.com', 'other');
    const { Account: account } = await awsJson<{ Account: { Arn: string } }>(server, ['organizations', 'describe-account', '--account-id', allowed]);
    const n = await putUser(server, { name: 'nobody' });
    nobody = { keys: n.keys, arn: n.user.arn };
    reader = (await putUser(server, { name: 'reader', inlinePolicies: [allow('organizations:DescribeAccount', account.Arn)] })).keys;
  });
  after(async () => server.stop());

  it('a user with no policy is refused with AWS message, and nothing is made', async () => {
    const stderr = await cliError(server, ['organizations', 'list-accounts'], 'AccessDeniedException', cliEnvFor(nobody.keys));
    assert.ok(stderr.includes(`User: ${nobody.arn} is not authorized to perform: organizations:ListAccounts on resource: *`), stderr);
    await cliError(server, ['organizations', 'create-account', '--email', 'denied@example.com', '--account-name', 'd'],
      'AccessDeniedException', cliEnvFor(nobody.keys));
    const { Accounts: accounts } = await awsJson<{ Accounts: { Email: string }[] }>(server, ['organizations', 'list-accounts']);
    assert.ok(!accounts.some((a) => a.Email === 'denied@example.com'));
  });

  it('organizations:DescribeAccount on one account ARN allows that account only', async () => {
    const ok = await awsCli(server, ['organizations', 'describe-account', '--account-id', allowed], cliEnvFor(reader));
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as { Account: { Id: string } }).Account.Id, allowed);
    const stderr = await cliError(server, ['organizations', 'describe-account', '--account-id', other], 'AccessDeniedException', cliEnvFor(reader));
    assert.match(stderr, /organizations:DescribeAccount on resource: arn:aws:organizations::000000000000:account\/o-[a-z0-9]{10}\//);
    await cliError(server, ['organizations', 'list-accounts'], 'AccessDeniedException', cliEnvFor(reader));
  });
});
