// What the handlers answer a caller from another account (no server: the operations called with a
// Context over the in-memory Store, past IAM): a member account may describe the organization and
// nothing else (AccessDeniedException, AWS's sentence); an account in no organization gets
// AWSOrganizationsNotInUseException.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import { organizations } from '../../src/api/organizations/index.js';
import type { Principal } from '../../src/identity/principal.js';
import type { Context } from '../../src/protocol/context.js';
import { validate } from '../../src/protocol/operation.js';
import { openMemoryStore } from '../../src/state/memory.js';
import { randomIds } from '../../src/util/clock.js';

const MAIN = '000000000000';

function contextFor(store: ReturnType<typeof openMemoryStore>, accountId: string): Context {
  const principal: Principal = { arn: `arn:aws:iam::${accountId}:root`, userId: accountId, accountId, kind: 'root' };
  return {
    store, clock: () => new Date('2026-01-01T00:00:00Z'), ids: randomIds, account: { accountId: MAIN, region: 'us-east-1' },
    principal, requestId: 'test', log: pino({ level: 'silent' }),
  };
}

async function call(ctx: Context, operation: string, raw: unknown = {}): Promise<unknown> {
  const op = organizations.operations[operation];
  assert.ok(op, operation);
  return op.handler(ctx, validate(op.input, raw));
}

describe('Organizations for callers outside the management account', () => {
  it('a member account describes the organization, and is refused the rest', async () => {
    const store = openMemoryStore();
    const main = contextFor(store, MAIN);
    const started = await call(main, 'CreateAccount', { Email: 'm@example.com', AccountName: 'm' }) as { CreateAccountStatus: { Id: string } };
    const status = await call(main, 'DescribeCreateAccountStatus', { CreateAccountRequestId: started.CreateAccountStatus.Id }) as
      { CreateAccountStatus: { AccountId: string } };
    const member = contextFor(store, status.CreateAccountStatus.AccountId);

    const org = await call(member, 'DescribeOrganization') as { Organization: { MasterAccountId: string } };
    assert.equal(org.Organization.MasterAccountId, MAIN);
    const refused: [string, unknown][] = [
      ['ListAccounts', {}], ['ListRoots', {}], ['ListCreateAccountStatus', {}],
      ['DescribeAccount', { AccountId: status.CreateAccountStatus.AccountId }],
      ['DescribeCreateAccountStatus', { CreateAccountRequestId: started.CreateAccountStatus.Id }],
      ['CreateAccount', { Email: 'n@example.com', AccountName: 'n' }],
    ];
    for (const [operation, input] of refused) {
      await assert.rejects(call(member, operation, input), { name: 'AccessDeniedException', message: "You don't have permissions to access this resource." }, operation);
    }
    const listed = await call(main, 'ListAccounts') as { Accounts: unknown[] };
    assert.equal(listed.Accounts.length, 2, 'the member made no account');
  });

  it('an account in no organization is AWSOrganizationsNotInUseException', async () => {
    const stranger = contextFor(openMemoryStore(), '999999999999');
    for (const operation of ['DescribeOrganization', 'ListAccounts']) {
      await assert.rejects(call(stranger, operation), { name: 'AWSOrganizationsNotInUseException', message: 'Your account is not a member of an organization.' }, operation);
    }
  });
});
