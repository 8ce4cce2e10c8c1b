// Principal and NotPrincipal in resource-based policies, with AWS's NotPrincipal examples: to
// leave a caller out, list every identity it stands for (its account, its user; or its
// account, its role and its session).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, type Decision, type PolicySet, type RequestPrincipal } from '../../../src/identity/policy/index.js';
import { A, B, allowAll, policy, root, session, user } from './helpers.js';

interface Row {
  name: string;
  principal: RequestPrincipal;
  notPrincipal: unknown;
  extra?: Partial<PolicySet>;
  want: Decision;
}

const bucket = 'arn:aws:s3:::example-bucket/*';
const bob = user('Bob', B);
const bobSession = session('cross-account-read-only-role', 'bob-session', B);

describe('NotPrincipal with Deny', () => {
  const rows: Row[] = [
    // AWS: "NotPrincipal": {"AWS": ["arn:aws:iam::444455556666:user/Bob", "arn:aws:iam::444455556666:root"]}
    { name: 'Bob listed with his account: not denied', principal: bob, notPrincipal: { AWS: [bob.arn, `arn:aws:iam::${B}:root`] }, want: 'Allow' },
    { name: 'Bob listed without his account: denied', principal: bob, notPrincipal: { AWS: [bob.arn] }, want: 'ExplicitDeny' },
    { name: 'another user of Bob\'s account: denied', principal: user('eve', B), notPrincipal: { AWS: [bob.arn, `arn:aws:iam::${B}:root`] }, want: 'ExplicitDeny' },
    // AWS: the role, the session and the account.
    { name: 'a session listed with its role and account: not denied', principal: bobSession, notPrincipal: { AWS: [bobSession.arn, bobSession.roleArn, B] }, want: 'Allow' },
    { name: 'a session listed with its account but not its role: denied', principal: bobSession, notPrincipal: { AWS: [bobSession.arn, B] }, want: 'ExplicitDeny' },
    { name: 'the account root listed: not denied', principal: root(B), notPrincipal: { AWS: B }, want: 'Allow' },
    { name: 'with a permissions boundary a NotPrincipal Deny always denies (AWS warns)', principal: bob, notPrincipal: { AWS: [bob.arn, `arn:aws:iam::${B}:root`] }, extra: { permissionsBoundary: allowAll() }, want: 'ExplicitDeny' },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const resource = policy(
        [
          { Sid: 'Allow', Effect: 'Allow', Principal: { AWS: B }, Action: 's3:GetObject', Resource: bucket },
          { Sid: 'DenyAllBut', Effect: 'Deny', NotPrincipal: row.notPrincipal, Action: 's3:*', Resource: bucket },
        ],
        { kind: 'resource' },
      );
      const result = evaluate({ principal: row.principal, action: 's3:GetObject', resource: 'arn:aws:s3:::example-bucket/a', resourceAccount: A }, { identity: [allowAll()], resource, ...row.extra });
      assert.equal(result.decision, row.want);
    });
  }
});

describe('NotPrincipal with Allow', () => {
  const rows: Row[] = [
    { name: 'a caller not listed is allowed', principal: user('carol'), notPrincipal: { AWS: [`arn:aws:iam::${A}:user/dave`, A] }, want: 'Allow' },
    { name: 'a caller fully listed is not', principal: user('dave'), notPrincipal: { AWS: [`arn:aws:iam::${A}:user/dave`, A] }, want: 'ImplicitDeny' },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const resource = policy({ Effect: 'Allow', NotPrincipal: row.notPrincipal, Action: 's3:GetObject', Resource: bucket }, { kind: 'resource' });
      const result = evaluate({ principal: row.principal, action: 's3:GetObject', resource: 'arn:aws:s3:::example-bucket/a', resourceAccount: A }, { resource });
      assert.equal(result.decision, row.want);
    });
  }
});

describe('derived condition keys', () => {
  const rows: { name: string; principal: RequestPrincipal; condition: object; want: Decision }[] = [
    { name: 'aws:PrincipalArn of a session is its role ARN', principal: session('Dev', 's'), condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/Dev` } }, want: 'Allow' },
    { name: 'aws:PrincipalType of a user', principal: user('a'), condition: { StringEquals: { 'aws:PrincipalType': 'User' } }, want: 'Allow' },
    { name: 'aws:PrincipalType of a session', principal: session('Dev', 's'), condition: { StringEquals: { 'aws:PrincipalType': 'User' } }, want: 'ImplicitDeny' },
    { name: 'aws:ResourceAccount from the ARN', principal: user('a'), condition: { StringEquals: { 'aws:ResourceAccount': A } }, want: 'Allow' },
    { name: 'aws:PrincipalAccount', principal: user('a'), condition: { StringEquals: { 'aws:PrincipalAccount': B } }, want: 'ImplicitDeny' },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const p = policy({ Effect: 'Allow', Action: '*', Resource: '*', Condition: row.condition });
      const result = evaluate({ principal: row.principal, action: 'ecs:RunTask', resource: `arn:aws:ecs:us-east-1:${A}:cluster/x` }, { identity: [p] });
      assert.equal(result.decision, row.want);
    });
  }
});
