// IAM users of any account for the registry's authorization tests, written straight into the
// Store as identity/iam/model.ts defines them (what the IAM API writes), with an access key each.
import { randomBytes } from 'node:crypto';
import { ACCESS_KEYS, type AccessKey } from '../../src/identity/accessKeys.js';
import { IAM_USERS, iamArn, iamKey, type UserRecord } from '../../src/identity/iam/model.js';
import type { Store } from '../../src/state/store.js';

export const MANAGEMENT = '000000000000';
export const ACCOUNT_B = '222222222222';
export const READ_ONLY = 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly';

export interface AccountUser {
  arn: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export function allowDoc(actions: string[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
}

export async function accountUser(store: Store, spec: { account: string; name: string; inline?: string; attached?: string[] }): Promise<AccountUser> {
  const arn = iamArn(spec.account, 'user', '/', spec.name);
  const userId = `AIDA${randomBytes(9).toString('hex').toUpperCase().slice(0, 17)}`;
  const user: UserRecord = {
    accountId: spec.account, name: spec.name, path: '/', id: userId, arn, createDate: new Date().toISOString(),
    inlinePolicies: spec.inline ? [{ name: 'inline', document: spec.inline }] : [], attachedPolicies: spec.attached ?? [], groups: [], tags: [],
  };
  const key: AccessKey = {
    accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64').slice(0, 40),
    status: 'Active',
    principal: { arn, userId, accountId: spec.account, kind: 'user' },
    createDate: user.createDate,
  };
  await store.transaction(async (tx) => {
    await tx.put(IAM_USERS, iamKey(spec.account, spec.name), user);
    await tx.put(ACCESS_KEYS, key.accessKeyId, key);
  });
  return { arn, credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey } };
}
