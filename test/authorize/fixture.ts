// IAM users and managed policies for authorization tests, written straight into a server's Store
// as the records identity/iam/model.ts defines (what the IAM API writes), with an access key each.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ACCESS_KEYS, type AccessKey } from '../../src/identity/accessKeys.js';
import {
  IAM_GROUPS,
  IAM_POLICIES,
  IAM_USERS,
  iamArn,
  iamKey,
  type GroupRecord,
  type ManagedPolicyRecord,
  type UserRecord,
} from '../../src/identity/iam/model.js';
import type { Store } from '../../src/state/store.js';

export const ACCOUNT = '000000000000';

export interface PolicyDoc {
  Version: '2012-10-17';
  Statement: object[];
}

export function allow(action: string | string[], resource: string | string[] = '*', condition?: object): PolicyDoc {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) }] };
}

export function deny(action: string | string[], resource: string | string[] = '*'): PolicyDoc {
  return { Version: '2012-10-17', Statement: [{ Sid: 'NoWay', Effect: 'Deny', Action: action, Resource: resource }] };
}

function id(prefix: string): string {
  return `${prefix}${randomBytes(9).toString('hex').toUpperCase().slice(0, 17)}`;
}

export interface UserSpec {
  name: string;
  inline?: Record<string, PolicyDoc>;
  attached?: string[];
  groups?: string[];
  boundary?: string;
  tags?: Record<string, string>;
}

export interface TestUser {
  arn: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

const inlineOf = (inline: Record<string, PolicyDoc> | undefined) =>
  Object.entries(inline ?? {}).map(([name, doc]) => ({ name, document: JSON.stringify(doc) }));

export async function createUser(store: Store, spec: UserSpec): Promise<TestUser> {
  const arn = iamArn(ACCOUNT, 'user', '/', spec.name);
  const user: UserRecord = {
    accountId: ACCOUNT, name: spec.name, path: '/', id: id('AIDA'), arn, createDate: new Date().toISOString(),
    inlinePolicies: inlineOf(spec.inline), attachedPolicies: spec.attached ?? [], groups: spec.groups ?? [],
    tags: Object.entries(spec.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    ...(spec.boundary ? { permissionsBoundary: spec.boundary } : {}),
  };
  const key: AccessKey = {
    accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64').slice(0, 40),
    status: 'Active',
    principal: { arn, userId: user.id, accountId: ACCOUNT, kind: 'user' },
    createDate: user.createDate,
  };
  await store.transaction(async (tx) => {
    await tx.put(IAM_USERS, iamKey(ACCOUNT, spec.name), user);
    await tx.put(ACCESS_KEYS, key.accessKeyId, key);
  });
  return { arn, credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey } };
}

/** Replaces a user's inline policies, as PutUserPolicy / DeleteUserPolicy would. */
export async function setInlinePolicies(store: Store, name: string, inline: Record<string, PolicyDoc>): Promise<void> {
  await store.transaction(async (tx) => {
    const user = await tx.get<UserRecord>(IAM_USERS, iamKey(ACCOUNT, name));
    if (!user) throw new Error(`no user ${name}`);
    await tx.put(IAM_USERS, iamKey(ACCOUNT, name), { ...user, inlinePolicies: inlineOf(inline) });
  });
}

/** A customer managed policy (one version, the default); returns its ARN. */
export async function createPolicy(store: Store, name: string, doc: PolicyDoc): Promise<string> {
  const arn = iamArn(ACCOUNT, 'policy', '/', name);
  const now = new Date().toISOString();
  const record: ManagedPolicyRecord = {
    accountId: ACCOUNT, name, path: '/', id: id('ANPA'), arn, createDate: now, updateDate: now, defaultVersionId: 'v1',
    versions: [{ versionId: 'v1', document: JSON.stringify(doc), createDate: now }], nextVersion: 2, tags: [],
  };
  await store.transaction((tx) => tx.put(IAM_POLICIES, iamKey(ACCOUNT, `/${name}`), record));
  return arn;
}

export async function createGroup(store: Store, name: string, spec: { inline?: Record<string, PolicyDoc>; attached?: string[] }): Promise<void> {
  const group: GroupRecord = {
    accountId: ACCOUNT, name, path: '/', id: id('AGPA'), arn: iamArn(ACCOUNT, 'group', '/', name), createDate: new Date().toISOString(),
    inlinePolicies: inlineOf(spec.inline), attachedPolicies: spec.attached ?? [],
  };
  await store.transaction((tx) => tx.put(IAM_GROUPS, iamKey(ACCOUNT, name), group));
}

type AwsError = Error & { $metadata?: { httpStatusCode?: number } };

/** Asserts a JSON-protocol `call` is refused with AccessDeniedException (HTTP 400) and exactly `message`. */
export async function denied(call: Promise<unknown>, message: string): Promise<void> {
  await assert.rejects(call, (err: AwsError) => {
    assert.equal(err.name, 'AccessDeniedException');
    assert.equal(err.$metadata?.httpStatusCode, 400);
    assert.equal(err.message, message);
    return true;
  });
}
