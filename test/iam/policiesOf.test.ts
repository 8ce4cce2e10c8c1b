// identityPolicies: which documents apply to a user (its own, its groups', its boundary) and to a
// role session, read from IAM's records over the in-memory Store.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePolicy, evaluate, type AuthorizationRequest } from '../../src/identity/policy/index.js';
import { identityPolicies } from '../../src/identity/iam/policiesOf.js';
import {
  IAM_GROUPS,
  IAM_POLICIES,
  IAM_ROLES,
  IAM_USERS,
  iamKey,
  type GroupRecord,
  type ManagedPolicyRecord,
  type RoleRecord,
  type UserRecord,
} from '../../src/identity/iam/model.js';
import { openMemoryStore } from '../../src/state/memory.js';

const A = '111122223333';
const doc = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const common = { accountId: A, path: '/', createDate: '2026-01-01T00:00:00.000Z' };

const policy: ManagedPolicyRecord = {
  ...common, name: 'Mine', id: 'ANPAEXAMPLE0000000001', arn: `arn:aws:iam::${A}:policy/Mine`, updateDate: common.createDate,
  defaultVersionId: 'v2', nextVersion: 3, tags: [],
  versions: [{ versionId: 'v1', document: doc('ecs:Old'), createDate: common.createDate }, { versionId: 'v2', document: doc('ecs:New'), createDate: common.createDate }],
};
const group: GroupRecord = {
  ...common, name: 'Devs', id: 'AGPAEXAMPLE0000000001', arn: `arn:aws:iam::${A}:group/Devs`,
  inlinePolicies: [{ name: 'g', document: doc('logs:G') }], attachedPolicies: [policy.arn],
};
const user: UserRecord = {
  ...common, name: 'alice', id: 'AIDAEXAMPLE0000000001', arn: `arn:aws:iam::${A}:user/alice`, tags: [{ Key: 'team', Value: 'blue' }],
  inlinePolicies: [{ name: 'own', document: doc('ecr:Own') }], attachedPolicies: ['arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly'],
  groups: ['Devs'], permissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
};
const role: RoleRecord = {
  ...common, name: 'App', id: 'AROAEXAMPLE0000000001', arn: `arn:aws:iam::${A}:role/App`, tags: [{ Key: 'a', Value: '1' }],
  inlinePolicies: [{ name: 'r', document: doc('ecs:R') }], attachedPolicies: [`arn:aws:iam::${A}:policy/Missing`],
  assumeRolePolicyDocument: '{}', maxSessionDuration: 3600, permissionsBoundary: `arn:aws:iam::${A}:policy/Missing`,
};

async function seeded() {
  const store = openMemoryStore();
  await store.transaction(async (tx) => {
    await tx.put(IAM_POLICIES, iamKey(A, '/Mine'), policy);
    await tx.put(IAM_GROUPS, iamKey(A, 'Devs'), group);
    await tx.put(IAM_USERS, iamKey(A, 'alice'), user);
    await tx.put(IAM_ROLES, iamKey(A, 'App'), role);
  });
  return store;
}

test('a user gets its own, its groups\' and its boundary\'s documents, managed ones at their default version', async () => {
  const store = await seeded();
  const got = await identityPolicies(store, { arn: user.arn, userId: user.id, accountId: A, kind: 'user' });
  assert.deepEqual(got.identity.map((d) => d.id), [
    `${user.arn}/inline/own`,
    'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
    `${group.arn}/inline/g`,
    policy.arn,
  ]);
  assert.match(got.identity[1]?.document ?? '', /ecr:BatchGetImage/);
  assert.equal(got.identity[3]?.document, doc('ecs:New'));
  assert.equal(got.boundary?.id, 'arn:aws:iam::aws:policy/PowerUserAccess');
  assert.deepEqual(got.tags, { team: 'blue' });
});

test('a user of the same name but another unique id gets nothing; root gets nothing', async () => {
  const store = await seeded();
  assert.deepEqual((await identityPolicies(store, { arn: user.arn, userId: 'AIDAOTHER', accountId: A, kind: 'user' })).identity, []);
  assert.deepEqual((await identityPolicies(store, { arn: `arn:aws:iam::${A}:root`, userId: A, accountId: A })).identity, []);
});

test('a role session gets the role\'s documents; an unreadable boundary allows nothing; session tags win', async () => {
  const store = await seeded();
  const got = await identityPolicies(store, {
    arn: `arn:aws:sts::${A}:assumed-role/App/s1`, userId: `${role.id}:s1`, accountId: A, kind: 'assumed-role', roleArn: role.arn,
    sessionTags: [{ Key: 'a', Value: '2' }],
  });
  assert.deepEqual(got.identity.map((d) => d.id), [`${role.arn}/inline/r`]);
  // The role's own document allows ecs:R; the unreadable boundary takes that away.
  const identity = got.identity.map((d) => compilePolicy({ id: d.id, kind: 'identity', document: d.document }));
  const boundary = compilePolicy({ id: 'b', kind: 'identity', document: got.boundary?.document });
  const request: AuthorizationRequest = {
    principal: { kind: 'assumed-role', arn: `arn:aws:sts::${A}:assumed-role/App/s1`, accountId: A, userId: `${role.id}:s1`, tags: {} },
    action: 'ecs:R',
    resource: '*',
  };
  assert.equal(evaluate(request, { identity }).decision, 'Allow');
  assert.equal(evaluate(request, { identity, permissionsBoundary: boundary }).decision, 'ImplicitDeny');
  assert.deepEqual(got.tags, { a: '2' });
});
