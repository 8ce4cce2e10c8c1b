// Roles and users written straight into a test server's Store, as the IAM API will write them
// (identity/iam/model.ts), and clients that sign with temporary credentials.
import { STSClient } from '@aws-sdk/client-sts';
import { ACCESS_KEYS, type AccessKey } from '../../src/identity/accessKeys.js';
import { IAM_ROLES, IAM_USERS, iamArn, iamKey, type InlinePolicy, type RoleRecord, type UserRecord } from '../../src/identity/iam/model.js';
import type { TestServer } from '../helpers/server.js';

export const MAIN = '000000000000';
export const OTHER = '111111111111';
let serial = 0;

function uniqueId(prefix: string, width = 17): string {
  serial += 1;
  return `${prefix}${String(serial).padStart(width, '0')}`;
}

export function trustPolicy(principal: Record<string, string | string[]>, condition?: Record<string, unknown>): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }],
  });
}

export const ALLOW_ASSUME: InlinePolicy = {
  name: 'assume',
  document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' }] }),
};

export async function putRole(server: TestServer, opts: {
  account?: string; name: string; trust: string; maxSessionDuration?: number; inlinePolicies?: InlinePolicy[];
}): Promise<RoleRecord> {
  const accountId = opts.account ?? MAIN;
  const role: RoleRecord = {
    accountId, name: opts.name, path: '/', id: uniqueId('AROA'), arn: iamArn(accountId, 'role', '/', opts.name),
    createDate: new Date(0).toISOString(), inlinePolicies: opts.inlinePolicies ?? [], attachedPolicies: [], tags: [],
    assumeRolePolicyDocument: opts.trust, maxSessionDuration: opts.maxSessionDuration ?? 3600,
  };
  await server.services.store.transaction((tx) => tx.put(IAM_ROLES, iamKey(accountId, opts.name), role));
  return role;
}

export interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** An IAM user with the given inline policies and one active access key. */
export async function putUser(server: TestServer, opts: { account?: string; name: string; inlinePolicies?: InlinePolicy[] }): Promise<{ user: UserRecord; keys: Keys }> {
  const accountId = opts.account ?? MAIN;
  const user: UserRecord = {
    accountId, name: opts.name, path: '/', id: uniqueId('AIDA'), arn: iamArn(accountId, 'user', '/', opts.name),
    createDate: new Date(0).toISOString(), inlinePolicies: opts.inlinePolicies ?? [], attachedPolicies: [], tags: [], groups: [],
  };
  const key: AccessKey = {
    accessKeyId: uniqueId('AKIA', 16), secretAccessKey: `secret-of-${opts.name}-${serial}`, status: 'Active',
    principal: { arn: user.arn, userId: user.id, accountId, kind: 'user' }, createDate: new Date(0).toISOString(),
  };
  await server.services.store.transaction(async (tx) => {
    await tx.put(IAM_USERS, iamKey(accountId, opts.name), user);
    await tx.put(ACCESS_KEYS, key.accessKeyId, key);
  });
  return { user, keys: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey } };
}

export function stsAs(server: TestServer, credentials: Keys): STSClient {
  return new STSClient({ ...server.clientConfig, credentials });
}

/** Environment for the AWS CLI signing with `keys` (AWS_SESSION_TOKEN for temporary ones). */
export function cliEnvFor(keys: Keys): NodeJS.ProcessEnv {
  return {
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    ...(keys.sessionToken ? { AWS_SESSION_TOKEN: keys.sessionToken } : {}),
  };
}

export function keysOf(c: { AccessKeyId?: string | undefined; SecretAccessKey?: string | undefined; SessionToken?: string | undefined } | undefined): Keys {
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error('no credentials in the answer');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}
