// IAM's permission table: a row for every dispatched operation, spot checks of resources and
// condition keys, and enforcement through the CLI: a user with no policy is refused with AWS's
// message, one with the AWS managed IAMReadOnlyAccess may read but not write.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { iam as service } from '../../src/api/iam/index.js';
import { iamPermissions } from '../../src/api/iam/permissions.js';
import type { PermissionRequest } from '../../src/protocol/authorization.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { iam, iamError, keyEnv, type Env } from './helpers.js';

const account = { accountId: '000000000000', region: 'us-east-1' };
const ask = (input: unknown): PermissionRequest => ({ input, account, caller: 'arn:aws:iam::000000000000:user/me' });

describe('IAM permission table', () => {
  it('has a row for every operation, with the iam: action of the same name', () => {
    const ops = Object.keys(service.operations).sort();
    assert.deepEqual(Object.keys(iamPermissions).sort(), ops);
    for (const op of ops) assert.equal(iamPermissions[op]?.action, `iam:${op}`, op);
  });

  it('names the entity, policy and condition keys the input gives', () => {
    const createUser = iamPermissions.CreateUser;
    assert.deepEqual(createUser?.resources(ask({ UserName: 'a', Path: '/x/' })), ['arn:aws:iam::000000000000:user/x/a']);
    assert.deepEqual(createUser?.conditions?.(ask({ UserName: 'a', Tags: [{ Key: 'k', Value: 'v' }], PermissionsBoundary: 'arn:b' })), {
      'aws:TagKeys': ['k'], 'aws:RequestTag/k': 'v', 'iam:PermissionsBoundary': 'arn:b',
    });
    assert.deepEqual(iamPermissions.AttachRolePolicy?.conditions?.(ask({ RoleName: 'r', PolicyArn: 'arn:p' })), { 'iam:PolicyARN': 'arn:p' });
    assert.deepEqual(iamPermissions.GetPolicy?.resources(ask({ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })), ['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    assert.deepEqual(iamPermissions.CreateServiceLinkedRole?.resources(ask({ AWSServiceName: 'ecs.amazonaws.com' })), [
      'arn:aws:iam::000000000000:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS',
    ]);
    assert.deepEqual(iamPermissions.ListUsers?.resources(ask({})), ['*']);
    assert.deepEqual(createUser?.also?.(ask({ UserName: 'a', Tags: [{ Key: 'k', Value: 'v' }] })).map((r) => r.action), ['iam:TagUser']);
    // An operation naming no user acts on the caller.
    assert.deepEqual(iamPermissions.GetUser?.resources(ask({})), ['arn:aws:iam::000000000000:user/me']);
    assert.deepEqual(iamPermissions.CreateAccessKey?.resources(ask({ UserName: 'b' })), ['arn:aws:iam::000000000000:user/b']);
  });
});

describe('IAM requests are authorized', () => {
  let server: TestServer;
  let nobody: Env;
  let reader: Env;
  before(async () => {
    server = await startTestServer();
    const make = async (name: string) => {
      await iam(server, ['create-user', '--user-name', name]);
      return keyEnv((await iam<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>(server, ['create-access-key', '--user-name', name])).AccessKey);
    };
    [nobody, reader] = await Promise.all([make('nobody'), make('reader')]);
    await iam(server, ['attach-user-policy', '--user-name', 'reader', '--policy-arn', 'arn:aws:iam::aws:policy/IAMReadOnlyAccess']);
  });
  after(async () => server.stop());

  it('refuses a user with no policy with AWS\'s AccessDenied', async () => {
    assert.deepEqual(await iamError(server, ['list-users'], nobody), {
      code: 'AccessDenied',
      message: 'User: arn:aws:iam::000000000000:user/nobody is not authorized to perform: iam:ListUsers on resource: * because no identity-based policy allows the iam:ListUsers action',
    });
  });

  it('lets IAMReadOnlyAccess read, not write', async () => {
    const users = await iam<{ Users: { UserName: string }[] }>(server, ['list-users'], reader);
    assert.deepEqual(users.Users.map((u) => u.UserName), ['nobody', 'reader']);
    const denied = await iamError(server, ['create-user', '--user-name', 'mallory'], reader);
    assert.equal(denied.code, 'AccessDenied');
    assert.match(denied.message, /not authorized to perform: iam:CreateUser on resource: arn:aws:iam::000000000000:user\/mallory/);
    assert.equal((await iamError(server, ['get-user', '--user-name', 'mallory'])).code, 'NoSuchEntity');
  });
});
