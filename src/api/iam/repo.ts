// IAM's records in the Store for one account: lookups that answer IAM's NoSuchEntity, listings,
// unique ids, and the per-user access key index. Kinds and keys as identity/iam/model.ts says.
import { NoSuchEntity } from '../../protocol/errors.js';
import type { Context } from '../../protocol/context.js';
import type { Reader } from '../../state/store.js';
import {
  IAM_GROUPS,
  IAM_INSTANCE_PROFILES,
  IAM_POLICIES,
  IAM_ROLES,
  IAM_USERS,
  iamKey,
  type GroupRecord,
  type InstanceProfileRecord,
  type ManagedPolicyRecord,
  type RoleRecord,
  type UserRecord,
} from '../../identity/iam/model.js';

/** The caller's account: every IAM operation acts in it. */
export function accountOf(ctx: Context): string {
  return ctx.principal.accountId;
}

/** IAM's unique ids: a four-letter prefix (AIDA, AGPA, AROA, ANPA, AIPA) and 17 more characters. */
export function uniqueId(ctx: Context, prefix: 'AIDA' | 'AGPA' | 'AROA' | 'ANPA' | 'AIPA'): string {
  return `${prefix}${ctx.ids.hex(9).toUpperCase().slice(0, 17)}`;
}

export function now(ctx: Context): string {
  return ctx.clock().toISOString();
}

/** Every record of a kind in one account, in key order (lower-cased name). */
export async function listAccount<T>(reader: Reader, kind: string, accountId: string): Promise<T[]> {
  const out: T[] = [];
  let after: string | undefined;
  for (;;) {
    const rows = await reader.list<T>(kind, { prefix: `${accountId}/`, after, limit: 500 });
    for (const r of rows) out.push(r.value);
    const last = rows[rows.length - 1];
    if (rows.length < 500 || !last) return out;
    after = last.key;
  }
}

export async function requireUser(reader: Reader, accountId: string, name: string): Promise<UserRecord> {
  const user = await reader.get<UserRecord>(IAM_USERS, iamKey(accountId, name));
  if (!user) throw new NoSuchEntity(`The user with name ${name} cannot be found.`);
  return user;
}

export async function requireGroup(reader: Reader, accountId: string, name: string): Promise<GroupRecord> {
  const group = await reader.get<GroupRecord>(IAM_GROUPS, iamKey(accountId, name));
  if (!group) throw new NoSuchEntity(`The group with name ${name} cannot be found.`);
  return group;
}

export async function requireRole(reader: Reader, accountId: string, name: string): Promise<RoleRecord> {
  const role = await reader.get<RoleRecord>(IAM_ROLES, iamKey(accountId, name));
  if (!role) throw new NoSuchEntity(`The role with name ${name} cannot be found.`);
  return role;
}

export async function requireInstanceProfile(reader: Reader, accountId: string, name: string): Promise<InstanceProfileRecord> {
  const profile = await reader.get<InstanceProfileRecord>(IAM_INSTANCE_PROFILES, iamKey(accountId, name));
  if (!profile) throw new NoSuchEntity(`Instance Profile ${name} cannot be found.`);
  return profile;
}

/** A customer managed policy of this account, by ARN (another account's ARN is not found here). */
export async function findCustomerPolicy(reader: Reader, accountId: string, arn: string): Promise<ManagedPolicyRecord | undefined> {
  const m = /^arn:aws:iam::(\d{12}):policy(\/.*)$/.exec(arn);
  if (!m?.[2] || m[1] !== accountId) return undefined;
  const record = await reader.get<ManagedPolicyRecord>(IAM_POLICIES, iamKey(accountId, m[2]));
  return record?.arn === arn ? record : undefined;
}

// The access keys of each user (`<acct>/<lower user name>/<access key id>`) beside
// identity/accessKeys' kind, which is keyed by access key id alone.
export const USER_ACCESS_KEYS = 'iam/user-access-keys';

export function userKeyPrefix(accountId: string, userName: string): string {
  return `${iamKey(accountId, userName)}/`;
}

export async function userAccessKeyIds(reader: Reader, accountId: string, userName: string): Promise<string[]> {
  const rows = await reader.list<{ accessKeyId: string }>(USER_ACCESS_KEYS, { prefix: userKeyPrefix(accountId, userName) });
  return rows.map((r) => r.value.accessKeyId);
}
