// Gathering a principal's policies (identity/iam's identityPolicies, compiled by the source): a
// user's inline and attached policies, its groups' too, AWS managed ones, the boundary, tags; a
// role session's role policies with session tags over role tags and its session policies;
// nothing for root or an unknown user.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPolicySource } from '../../src/identity/authorize/index.js';
import { identityPolicies as recordDocuments } from '../../src/identity/iam/policiesOf.js';
import { evaluate } from '../../src/identity/policy/index.js';
import { IAM_ROLES, IAM_USERS, iamArn, iamKey, type RoleRecord, type UserRecord } from '../../src/identity/iam/model.js';
import type { Reader } from '../../src/state/store.js';
import type { Principal } from '../../src/identity/principal.js';
import { openMemoryStore } from '../../src/state/memory.js';
import { ACCOUNT, allow, createGroup, createPolicy, createUser, deny } from './fixture.js';

async function userPrincipal(store: Reader, name: string): Promise<Principal> {
  const user = await store.get<UserRecord>(IAM_USERS, iamKey(ACCOUNT, name));
  return { arn: iamArn(ACCOUNT, 'user', '/', name), userId: user?.id ?? 'AIDANOBODY', accountId: ACCOUNT, kind: 'user' };
}

describe('a principal\'s policies from IAM records', () => {
  it('a user: inline, attached, each group\'s inline and attached, the boundary, the tags', async () => {
    const store = openMemoryStore();
    const attached = await createPolicy(store, 'Attached', allow('ecs:List*'));
    const groupPolicy = await createPolicy(store, 'GroupPolicy', allow('ecr:Describe*'));
    const boundary = await createPolicy(store, 'Boundary', allow('*'));
    await createGroup(store, 'devs', { inline: { GroupInline: deny('ecs:Delete*') }, attached: [groupPolicy] });
    await createUser(store, {
      name: 'alice', inline: { Mine: allow('logs:*') }, attached: [attached, 'arn:aws:iam::aws:policy/NotShippedHere', 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly'],
      groups: ['devs', 'gone'], boundary, tags: { team: 'blue' },
    });
    const docs = await recordDocuments(store, await userPrincipal(store, 'alice'));
    assert.deepEqual(docs.identity.map((d) => d.id), [
      `arn:aws:iam::${ACCOUNT}:user/alice/inline/Mine`, attached, 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
      `arn:aws:iam::${ACCOUNT}:group/devs/inline/GroupInline`, groupPolicy,
    ]);
    const { policies } = await createPolicySource({ store }).policiesOf(await userPrincipal(store, 'alice'));
    assert.equal(policies.identity?.length, 5);
    assert.deepEqual(JSON.parse(docs.identity[1]?.document ?? '{}'), allow('ecs:List*'));
    assert.equal(docs.boundary?.id, boundary);
    assert.deepEqual(docs.tags, { team: 'blue' });
  });

  it('a boundary whose policy cannot be read allows nothing', async () => {
    const store = openMemoryStore();
    await createUser(store, { name: 'bob', inline: { All: allow('*') }, boundary: `arn:aws:iam::${ACCOUNT}:policy/Deleted` });
    const { policies } = await createPolicySource({ store }).policiesOf(await userPrincipal(store, 'bob'));
    assert.ok(policies.permissionsBoundary);
    const request = { principal: { kind: 'user' as const, arn: iamArn(ACCOUNT, 'user', '/', 'bob'), accountId: ACCOUNT }, action: 'ecs:ListClusters', resource: '*' };
    assert.equal(evaluate(request, { identity: policies.identity ?? [] }).decision, 'Allow');
    assert.equal(evaluate(request, policies).decision, 'ImplicitDeny');
  });

  it('root and unknown users have no documents', async () => {
    const store = openMemoryStore();
    assert.deepEqual(await recordDocuments(store, { arn: `arn:aws:iam::${ACCOUNT}:root`, userId: ACCOUNT, accountId: ACCOUNT }), { identity: [], tags: {} });
    assert.deepEqual(await recordDocuments(store, await userPrincipal(store, 'nobody')), { identity: [], tags: {} });
  });

  it('a role session: the role\'s policies and boundary, session tags over role tags, session policies', async () => {
    const store = openMemoryStore();
    const boundary = await createPolicy(store, 'RoleBoundary', allow('ecs:*'));
    const role: RoleRecord = {
      accountId: ACCOUNT, name: 'Deployer', path: '/ci/', id: 'AROADEPLOYER', arn: iamArn(ACCOUNT, 'role', '/ci/', 'Deployer'),
      createDate: '2026-01-01T00:00:00Z', inlinePolicies: [{ name: 'Run', document: JSON.stringify(allow('ecs:RunTask')) }], attachedPolicies: [],
      tags: [{ Key: 'team', Value: 'red' }, { Key: 'env', Value: 'prod' }], assumeRolePolicyDocument: '{}', maxSessionDuration: 3600, permissionsBoundary: boundary,
    };
    await store.transaction((tx) => tx.put(IAM_ROLES, iamKey(ACCOUNT, 'Deployer'), role));
    const session: Principal = {
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/build`, userId: 'AROADEPLOYER:build', accountId: ACCOUNT, kind: 'assumed-role',
      roleArn: role.arn, sessionTags: [{ Key: 'team', Value: 'blue' }], sessionPolicies: [JSON.stringify(allow('ecs:RunTask', 'arn:aws:ecs:*:*:task-definition/web:*'))],
    };
    const { policies, tags } = await createPolicySource({ store }).policiesOf(session);
    assert.deepEqual(policies.identity?.map((p) => p.id), [`${role.arn}/inline/Run`]);
    assert.equal(policies.permissionsBoundary?.id, boundary);
    assert.equal(policies.session?.length, 1);
    assert.deepEqual(tags, { team: 'blue', env: 'prod' });
  });
});
