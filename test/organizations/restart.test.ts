// Organizations' state is the Store's: the organization, its accounts, CreateAccount's statuses
// and the access roles are all still there after the server restarts on the same data dir.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { IAM_ROLES, iamKey } from '../../src/identity/iam/model.js';
import { awsJson } from '../helpers/awsCli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createAccount, newAccount, settled } from './helpers.js';

describe('Organizations across a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-org-'));
  let server: TestServer | undefined;
  after(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the organization id, the accounts, the statuses and the roles', async () => {
    server = await startTestServer({ dataDir });
    const org = await awsJson<{ Organization: { Id: string } }>(server, ['organizations', 'describe-organization']);
    const roots = await awsJson<{ Roots: { Id: string }[] }>(server, ['organizations', 'list-roots']);
    const started = await createAccount(server, 'kept@example.com', 'kept');
    const id = (await settled(server, started.Id)).AccountId ?? '';
    const listed = await awsJson<{ Accounts: { Id: string }[] }>(server, ['organizations', 'list-accounts']);
    await server.stop();

    server = await startTestServer({ dataDir });
    assert.deepEqual(await awsJson(server, ['organizations', 'describe-organization']), org);
    assert.deepEqual(await awsJson(server, ['organizations', 'list-roots']), roots);
    assert.deepEqual(await awsJson(server, ['organizations', 'list-accounts']), listed);
    const status = await settled(server, started.Id);
    assert.equal(status.AccountId, id);
    const { Account: account } = await awsJson<{ Account: { Name: string } }>(server, ['organizations', 'describe-account', '--account-id', id]);
    assert.equal(account.Name, 'kept');
    assert.ok(await server.services.store.get(IAM_ROLES, iamKey(id, 'OrganizationAccountAccessRole')));
    // Ids are still unique against what was kept.
    assert.notEqual(await newAccount(server, 'next@example.com', 'next'), id);
  });
});

describe('Organizations under another WHARF_ACCOUNT_ID', () => {
  let server: TestServer | undefined;
  after(async () => server?.stop());

  it('makes that account the management account', async () => {
    server = await startTestServer({ accountId: '222222222222' });
    const { Organization: org } = await awsJson<{ Organization: { MasterAccountId: string; Arn: string } }>(server,
      ['organizations', 'describe-organization']);
    assert.equal(org.MasterAccountId, '222222222222');
    assert.match(org.Arn, /^arn:aws:organizations::222222222222:organization\/o-[a-z0-9]{10}$/);
    const id = await newAccount(server, 'other@example.com', 'other');
    const r = await server.services.store.get<{ assumeRolePolicyDocument: string }>(IAM_ROLES, iamKey(id, 'OrganizationAccountAccessRole'));
    assert.match(r?.assumeRolePolicyDocument ?? '', /arn:aws:iam::222222222222:root/);
  });
});
