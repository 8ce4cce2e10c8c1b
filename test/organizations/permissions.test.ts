// Organizations' permission table: a row for every dispatched operation and no other, each action
// organizations:<Operation>, and the ARNs the reference names, which are those the API answers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { organizations } from '../../src/api/organizations/index.js';
import { organizationsPermissions } from '../../src/api/organizations/permissions.js';
import { awsJson } from '../helpers/awsCli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { newAccount } from './helpers.js';

const ACCOUNT = { accountId: '000000000000', region: 'us-east-1' };

function ask(operation: string, input: unknown) {
  const op = organizations.operations[operation];
  const r = organizationsPermissions[operation];
  assert.ok(op && r, operation);
  const req = { input: op.input.parse(input), account: ACCOUNT };
  return { action: r.action, resources: r.resources(req), conditions: r.conditions?.(req) ?? {}, also: r.also?.(req) ?? [] };
}

describe('Organizations permission table', () => {
  it('has a row for every dispatched operation, and only those, each organizations:<Operation>', () => {
    assert.deepEqual(Object.keys(organizationsPermissions).sort(), Object.keys(organizations.operations).sort());
    for (const [op, r] of Object.entries(organizationsPermissions)) {
      assert.equal(r.action, `organizations:${op}`);
      assert.notEqual(r.unauthorized, true, op);
    }
  });

  it('names * where the reference gives no resource type', () => {
    for (const op of ['DescribeOrganization', 'ListAccounts', 'ListRoots', 'ListCreateAccountStatus']) {
      assert.deepEqual(ask(op, {}).resources, ['*'], op);
    }
    assert.deepEqual(ask('DescribeCreateAccountStatus', { CreateAccountRequestId: `car-${'a'.repeat(32)}` }).resources, ['*']);
  });

  it('a tagged CreateAccount carries its tag keys and needs organizations:TagResource', () => {
    const plain = ask('CreateAccount', { Email: 'a@example.com', AccountName: 'a' });
    assert.deepEqual(plain.conditions, {});
    assert.deepEqual(plain.also, []);
    const tagged = ask('CreateAccount', { Email: 'a@example.com', AccountName: 'a', Tags: [{ Key: 'team', Value: 'x' }] });
    const conditions = { 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'x' };
    assert.deepEqual(tagged.conditions, conditions);
    assert.deepEqual(tagged.also, [{ action: 'organizations:TagResource', resources: ['*'], conditions }]);
  });

  describe('ARNs, against the running API', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer();
    });
    after(async () => server.stop());

    it('DescribeAccount names the account ARN DescribeAccount answers', async () => {
      const id = await newAccount(server, 'perm@example.com', 'perm');
      const { Account: account } = await awsJson<{ Account: { Arn: string } }>(server, ['organizations', 'describe-account', '--account-id', id]);
      assert.deepEqual(ask('DescribeAccount', { AccountId: id }).resources, [account.Arn]);
    });

    it('ListAccountsForParent names the root ARN ListRoots answers', async () => {
      const { Roots: [root] } = await awsJson<{ Roots: { Id: string; Arn: string }[] }>(server, ['organizations', 'list-roots']);
      assert.ok(root);
      assert.deepEqual(ask('ListAccountsForParent', { ParentId: root.Id }).resources, [root.Arn]);
    });
  });
});
