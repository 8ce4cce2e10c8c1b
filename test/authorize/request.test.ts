// Building the evaluator's request: the principal's fields, the request's facts as condition keys,
// and a row's condition keys; each checked through the evaluator where it matters (a policy with
// a condition on the key is allowed only when the key has the value).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { factContext, requestFor, requestPrincipal } from '../../src/identity/authorize/index.js';
import { roleArnOf } from '../../src/identity/authorize/request.js';
import { compilePolicy, evaluate } from '../../src/identity/policy/index.js';
import type { Principal } from '../../src/identity/principal.js';

const A = '111122223333';
const alice: Principal = { arn: `arn:aws:iam::${A}:user/dev/alice`, userId: 'AIDAALICE', accountId: A, kind: 'user' };
const session: Principal = { arn: `arn:aws:sts::${A}:assumed-role/deployer/ci`, userId: 'AROADEPLOYER:ci', accountId: A, kind: 'assumed-role' };
const now = new Date('2026-05-01T12:00:00.250Z');

function allowedWith(condition: object, principal: Principal, facts = factContext({ secureTransport: true, now })): boolean {
  const policy = compilePolicy({ id: 'p', kind: 'identity', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecs:ListClusters', Resource: '*', Condition: condition }] } });
  const request = requestFor(requestPrincipal(principal, { team: 'blue' }), facts, { action: 'ecs:ListClusters', resources: ['*'] });
  return evaluate(request, { identity: [policy] }).decision === 'Allow';
}

describe('the evaluator request', () => {
  it('facts: aws:CurrentTime (ISO), aws:EpochTime (whole seconds), aws:SecureTransport, aws:SourceIp, aws:RequestedRegion', () => {
    assert.deepEqual(factContext({ sourceIp: '10.1.2.3', secureTransport: false, now, region: 'eu-west-1' }), {
      'aws:CurrentTime': '2026-05-01T12:00:00.250Z',
      'aws:EpochTime': 1777636800,
      'aws:SecureTransport': false,
      'aws:SourceIp': '10.1.2.3',
      'aws:RequestedRegion': 'eu-west-1',
    });
  });

  it('an IPv4-mapped IPv6 address is given as IPv4, so IPv4 ranges match it', () => {
    const facts = factContext({ sourceIp: '::ffff:127.0.0.1', secureTransport: false, now });
    assert.equal(facts['aws:SourceIp'], '127.0.0.1');
    assert.ok(allowedWith({ IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } }, alice, facts));
    assert.ok(!allowedWith({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, alice, facts));
  });

  it('an unknown address sets no aws:SourceIp (an IpAddress condition then fails)', () => {
    assert.ok(!('aws:SourceIp' in factContext({ secureTransport: false, now })));
    assert.ok(!allowedWith({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, alice));
  });

  it('aws:SecureTransport and aws:CurrentTime reach conditions', () => {
    assert.ok(allowedWith({ Bool: { 'aws:SecureTransport': 'true' } }, alice));
    assert.ok(!allowedWith({ Bool: { 'aws:SecureTransport': 'true' } }, alice, factContext({ secureTransport: false, now })));
    assert.ok(allowedWith({ DateLessThan: { 'aws:CurrentTime': '2026-05-02T00:00:00Z' } }, alice));
    assert.ok(!allowedWith({ DateGreaterThan: { 'aws:CurrentTime': '2026-05-02T00:00:00Z' } }, alice));
    assert.ok(allowedWith({ NumericEquals: { 'aws:EpochTime': '1777636800' } }, alice));
  });

  it('a user: kind, ARN, account, aws:username from the ARN (without its path), aws:userid, tags', () => {
    assert.deepEqual(requestPrincipal(alice, { team: 'blue' }), {
      kind: 'user', arn: alice.arn, accountId: A, userId: 'AIDAALICE', userName: 'alice', tags: { team: 'blue' },
    });
    assert.ok(allowedWith({ StringEquals: { 'aws:username': 'alice', 'aws:userid': 'AIDAALICE', 'aws:PrincipalAccount': A } }, alice));
    assert.ok(allowedWith({ StringEquals: { 'aws:PrincipalArn': alice.arn, 'aws:PrincipalTag/team': 'blue' } }, alice));
  });

  it('a role session: no aws:username, aws:PrincipalArn is the role\'s ARN (given or from the session ARN)', () => {
    const p = requestPrincipal(session, {});
    assert.equal(p.kind, 'assumed-role');
    assert.equal(p.userName, undefined);
    assert.equal(p.roleArn, `arn:aws:iam::${A}:role/deployer`);
    assert.equal(roleArnOf({ ...session, roleArn: `arn:aws:iam::${A}:role/ops/deployer` }), `arn:aws:iam::${A}:role/ops/deployer`);
    assert.ok(allowedWith({ ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/deployer` } }, session));
    assert.ok(!allowedWith({ Null: { 'aws:username': 'false' } }, session));
  });

  it('the root user: kind from the ARN where the stored key does not say', () => {
    assert.equal(requestPrincipal({ arn: `arn:aws:iam::${A}:root`, userId: A, accountId: A }, {}).kind, 'root');
  });

  it('a row\'s condition keys join the facts, multivalued keys as lists', () => {
    const facts = factContext({ secureTransport: true, now });
    const request = requestFor(requestPrincipal(alice, {}), facts, {
      action: 'ecs:RunTask', resources: ['arn:td'], conditions: { 'ecs:cluster': 'arn:c', 'aws:TagKeys': ['a', 'b'] },
    });
    assert.deepEqual(request.context, { ...facts, 'ecs:cluster': 'arn:c', 'aws:TagKeys': ['a', 'b'] });
    assert.deepEqual(request.resource, ['arn:td']);
    assert.equal(request.action, 'ecs:RunTask');
  });
});
