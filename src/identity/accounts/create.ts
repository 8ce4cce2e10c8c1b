// CreateAccount's work, all in one transaction: the request's status, and when the email is free
// a new account with a fresh 12-digit id and its access role. The status is written as it ends
// (SUCCEEDED, or FAILED with AWS's reason), so a caller answered IN_PROGRESS finds it finished
// on its first DescribeCreateAccountStatus. A request that throws writes nothing.
import type { Store, Tx } from '../../state/store.js';
import type { Ids } from '../../util/clock.js';
import { accessRole } from './accessRole.js';
import { accountIdFromHex, roleIdFromHex } from './ids.js';
import {
  ORG_ACCOUNTS, ORG_ACCOUNT_EMAILS, ORG_CREATE_ACCOUNT_STATUSES,
  type AccountRecord, type AccountTag, type CreateAccountStatusRecord,
} from './model.js';
import { ensureOrganization } from './organization.js';

export interface CreateAccountRequest {
  email: string;
  accountName: string;
  roleName: string;
  iamUserAccessToBilling: 'ALLOW' | 'DENY';
  tags: AccountTag[];
}

export interface CreateAccountOptions {
  store: Store;
  ids: Ids;
  now: Date;
  managementAccountId: string;
  request: CreateAccountRequest;
}

/** Tries this many random ids before giving up (a collision in 10^12 ids is already rare). */
const ID_ATTEMPTS = 20;

export async function createAccount(opts: CreateAccountOptions): Promise<CreateAccountStatusRecord> {
  const { store, ids, now, managementAccountId, request } = opts;
  return store.transaction(async (tx) => {
    const org = await ensureOrganization(tx, { managementAccountId, now });
    const status: CreateAccountStatusRecord = {
      id: `car-${ids.hex(16)}`,
      accountName: request.accountName,
      state: 'IN_PROGRESS',
      requestedTimestamp: now.toISOString(),
    };
    const emailKey = request.email.toLowerCase();
    let done: CreateAccountStatusRecord;
    if (await tx.get(ORG_ACCOUNT_EMAILS, emailKey)) {
      done = { ...status, state: 'FAILED', completedTimestamp: now.toISOString(), failureReason: 'EMAIL_ALREADY_EXISTS' };
    } else {
      const accountId = await freshAccountId(tx, ids);
      const account: AccountRecord = {
        id: accountId,
        organizationId: org.id,
        email: request.email,
        name: request.accountName,
        status: 'ACTIVE',
        joinedMethod: 'CREATED',
        joinedTimestamp: now.toISOString(),
        parentId: org.rootId,
        iamUserAccessToBilling: request.iamUserAccessToBilling,
        tags: request.tags,
      };
      const role = accessRole({ accountId, managementAccountId, roleName: request.roleName, roleId: roleIdFromHex(ids.hex(9)), now });
      await tx.put(ORG_ACCOUNTS, accountId, account);
      await tx.put(ORG_ACCOUNT_EMAILS, emailKey, { accountId });
      await tx.put(role.kind, role.key, role.record);
      done = { ...status, state: 'SUCCEEDED', completedTimestamp: now.toISOString(), accountId };
    }
    await tx.put(ORG_CREATE_ACCOUNT_STATUSES, done.id, done);
    return status;
  });
}

async function freshAccountId(tx: Tx, ids: Ids): Promise<string> {
  for (let i = 0; i < ID_ATTEMPTS; i++) {
    const id = accountIdFromHex(ids.hex(6));
    if (!(await tx.get(ORG_ACCOUNTS, id))) return id;
  }
  throw new Error('No free account id after several attempts.');
}
