// authorize(): every requirement decided by the evaluator, the first refusal with AWS's sentence
// for its kind (implicit: the policy type that did not allow; explicit: the type that denied) and
// the statement that decided; root allowed in its own account; the policies gathered once a call.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authorize, denialMessage, type PolicySource, type Requirement } from '../../src/identity/authorize/index.js';
import { compilePolicy, type PolicySet } from '../../src/identity/policy/index.js';
import type { Principal } from '../../src/identity/principal.js';
import { allow, deny, type PolicyDoc } from './fixture.js';

const A = '111122223333';
const alice: Principal = { arn: `arn:aws:iam::${A}:user/alice`, userId: 'AIDAALICE', accountId: A, kind: 'user' };
const root: Principal = { arn: `arn:aws:iam::${A}:root`, userId: A, accountId: A };
const facts = { secureTransport: false, now: new Date('2026-05-01T00:00:00Z') };
const cluster = (n: string) => `arn:aws:ecs:us-east-1:${A}:cluster/${n}`;
const compile = (id: string, doc: PolicyDoc) => compilePolicy({ id, kind: 'identity', document: doc });

function source(policies: PolicySet): PolicySource & { calls: number } {
  const s = { calls: 0, policiesOf: async () => {
    s.calls += 1;
    return { policies, tags: {} };
  } };
  return s;
}

async function refusal(principal: Principal, policies: PolicySet, requirements: Requirement[]) {
  const verdict = await authorize({ reader: source(policies), principal, requirements, facts });
  assert.equal(verdict.allowed, false, 'expected a refusal');
  return verdict.allowed ? undefined : verdict.denial;
}

describe('authorize', () => {
  const del: Requirement = { action: 'ecs:DeleteCluster', resources: [cluster('prod')] };

  it('implicit deny: no identity-based policy allows', async () => {
    const d = await refusal(alice, { identity: [] }, [del]);
    assert.equal(d?.decision, 'ImplicitDeny');
    assert.equal(d?.statement, undefined);
    assert.equal(d?.message, `User: ${alice.arn} is not authorized to perform: ecs:DeleteCluster on resource: ${cluster('prod')} because no identity-based policy allows the ecs:DeleteCluster action`);
  });

  it('explicit deny: names the deny statement and the identity-based policy', async () => {
    const d = await refusal(alice, { identity: [compile('all', allow('ecs:*')), compile('guard', deny('ecs:Delete*'))] }, [del]);
    assert.equal(d?.decision, 'ExplicitDeny');
    assert.deepEqual(d?.statement, { policyId: 'guard', policyType: 'identity', sid: 'NoWay', index: 0 });
    assert.equal(d?.message, `User: ${alice.arn} is not authorized to perform: ecs:DeleteCluster on resource: ${cluster('prod')} with an explicit deny in an identity-based policy`);
  });

  it('a boundary or session policy that does not allow is named', async () => {
    const all = compile('all', allow('ecs:*'));
    const readOnly = compile('ro', allow('ecs:Describe*'));
    assert.match((await refusal(alice, { identity: [all], permissionsBoundary: readOnly }, [del]))?.message ?? '', /because no permissions boundary allows the ecs:DeleteCluster action$/);
    assert.match((await refusal(alice, { identity: [all], session: [readOnly] }, [del]))?.message ?? '', /because no session policy allows the ecs:DeleteCluster action$/);
    assert.match((await refusal(alice, { identity: [all], permissionsBoundary: compile('b', deny('ecs:*')) }, [del]))?.message ?? '', /with an explicit deny in a permissions boundary$/);
    assert.match((await refusal(alice, { identity: [all], session: [compile('s', deny('ecs:*'))] }, [del]))?.message ?? '', /with an explicit deny in a session policy$/);
  });

  it('a resource policy\'s deny is named as such', async () => {
    const resource = compilePolicy({ id: 'repo', kind: 'resource', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'ecr:*', Resource: '*' }] } });
    const verdict = await authorize({
      reader: source({ identity: [compile('all', allow('*'))] }), principal: alice, facts, resourcePolicy: resource,
      requirements: [{ action: 'ecr:BatchGetImage', resources: [`arn:aws:ecr:us-east-1:${A}:repository/web`] }],
    });
    assert.ok(!verdict.allowed && verdict.denial.message.endsWith('with an explicit deny in a resource-based policy'));
  });

  it('every requirement must be allowed: the `also` one that is not is the one refused', async () => {
    const d = await refusal(alice, { identity: [compile('c', allow('ecs:CreateCluster'))] }, [
      { action: 'ecs:CreateCluster', resources: [cluster('x')] },
      { action: 'ecs:TagResource', resources: [cluster('x')], conditions: { 'ecs:CreateAction': 'CreateCluster' } },
    ]);
    assert.equal(d?.action, 'ecs:TagResource');
  });

  it('several resources: the first one not allowed is named', async () => {
    const d = await refusal(alice, { identity: [compile('a', allow('ecs:DescribeClusters', cluster('a')))] }, [
      { action: 'ecs:DescribeClusters', resources: [cluster('a'), cluster('b')] },
    ]);
    assert.equal(d?.resource, cluster('b'));
  });

  it('the row\'s condition keys decide', async () => {
    const policies = { identity: [compile('run', allow('ecs:RunTask', '*', { ArnEquals: { 'ecs:cluster': cluster('dev') } }))] };
    const run = (c: string): Requirement => ({ action: 'ecs:RunTask', resources: ['td'], conditions: { 'ecs:cluster': cluster(c) } });
    assert.deepEqual(await authorize({ reader: source(policies), principal: alice, facts, requirements: [run('dev')] }), { allowed: true });
    assert.ok(await refusal(alice, policies, [run('prod')]));
  });

  it('the root user is allowed in its own account with no policy at all', async () => {
    const reader = source({});
    assert.deepEqual(await authorize({ reader, principal: root, facts, requirements: [del, { action: 'iam:CreateUser', resources: ['*'] }] }), { allowed: true });
    assert.equal(reader.calls, 1);
  });

  it('a call with no requirement is a bug, not an allow', async () => {
    await assert.rejects(authorize({ reader: source({}), principal: root, facts, requirements: [] }));
  });

  it('denialMessage wording', () => {
    assert.equal(denialMessage({ principalArn: 'P', action: 'x:Y', resource: '*', reason: 'identity', explicit: false }),
      'User: P is not authorized to perform: x:Y on resource: * because no identity-based policy allows the x:Y action');
    assert.equal(denialMessage({ principalArn: 'P', action: 'x:Y', resource: 'R', reason: 'resource', explicit: false }),
      'User: P is not authorized to perform: x:Y on resource: R because no resource-based policy allows the x:Y action');
  });
});
