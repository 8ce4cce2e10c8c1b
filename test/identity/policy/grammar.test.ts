// The grammar: what compiles, and IAM's MalformedPolicyDocument sentence for what does not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePolicy, MalformedPolicyDocumentError, type PolicyKind } from '../../../src/identity/policy/index.js';

const ok = { Effect: 'Allow', Action: 'ecs:*', Resource: '*' };
const doc = (Statement: unknown, Version = '2012-10-17') => ({ Version, Statement });

interface Bad {
  name: string;
  document: unknown;
  kind?: PolicyKind;
  requireVersion2012?: boolean;
  message: string;
}

describe('malformed documents', () => {
  const rows: Bad[] = [
    { name: 'not JSON', document: '{"Version": ', message: 'Syntax errors in policy.' },
    { name: 'a JSON array', document: '[]', message: 'Syntax errors in policy.' },
    { name: 'an unknown top-level element', document: { ...doc(ok), Extra: 1 }, message: 'Syntax errors in policy.' },
    { name: 'an unknown version', document: doc(ok, '2020-01-01'), message: 'Syntax errors in policy.' },
    { name: 'no Statement', document: { Version: '2012-10-17' }, message: 'Syntax errors in policy.' },
    { name: 'an empty Statement list', document: doc([]), message: 'Syntax errors in policy.' },
    { name: 'an unknown statement element', document: doc({ ...ok, Actions: 'x' }), message: 'Syntax errors in policy.' },
    { name: 'Action and NotAction together', document: doc({ ...ok, NotAction: 'iam:*' }), message: 'Syntax errors in policy.' },
    { name: 'Action not a string', document: doc({ ...ok, Action: 5 }), message: 'Syntax errors in policy.' },
    { name: 'identity policy without Effect', document: doc({ Action: 'ecs:*', Resource: '*' }), message: 'Syntax errors in policy.' },
    { name: 'resource policy without Effect', kind: 'resource', document: doc({ Principal: '*', Action: 'ecs:*', Resource: '*' }), message: 'Missing required field Effect' },
    { name: 'an Effect that is neither', document: doc({ ...ok, Effect: 'Permit' }), message: 'Syntax errors in policy.' },
    { name: 'Effect in the wrong case', document: doc({ ...ok, Effect: 'allow' }), message: 'The policy failed legacy parsing' },
    { name: 'a Principal in an identity policy', document: doc({ ...ok, Principal: '*' }), message: 'Policy document should not specify a principal.' },
    { name: 'a NotPrincipal in an identity policy', document: doc({ ...ok, NotPrincipal: { AWS: '111122223333' } }), message: 'Policy document should not specify a principal.' },
    { name: 'a resource policy without Principal', kind: 'resource', document: doc(ok), message: 'Missing required field Principal' },
    { name: 'duplicate Sids', document: doc([{ ...ok, Sid: 'x' }, { ...ok, Sid: 'x' }]), message: 'Statement IDs (SID) in a single policy must be unique.' },
    { name: 'no Action', document: doc({ Effect: 'Allow', Resource: '*' }), message: 'Policy statement must contain actions.' },
    { name: 'an empty Action list', document: doc({ ...ok, Action: [] }), message: 'Policy statement must contain actions.' },
    { name: 'no Resource', document: doc({ Effect: 'Allow', Action: 'ecs:*' }), message: 'Policy statement must contain resources.' },
    { name: 'a Resource in a trust policy', kind: 'trust', document: doc({ ...ok, Principal: '*' }), message: 'Has prohibited field Resource' },
    { name: 'an action without a vendor', document: doc({ ...ok, Action: 'RunTask' }), message: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.' },
    { name: 'an action with two colons', document: doc({ ...ok, Action: 'ecs:Run:Task' }), message: 'Actions/Condition can contain only one colon.' },
    { name: 'an invalid vendor', document: doc({ ...ok, Action: 'ec s:RunTask' }), message: 'Vendor ec s is not valid' },
    { name: 'a resource that is not an ARN', document: doc({ ...ok, Resource: 'bucket' }), message: 'Resource bucket must be in ARN format or "*".' },
    { name: 'an unknown condition operator', document: doc({ ...ok, Condition: { StringSortOf: { 'aws:x': 'y' } } }), message: 'Syntax errors in policy.' },
    { name: 'a condition block that is not an object', document: doc({ ...ok, Condition: { StringEquals: 'x' } }), message: 'Syntax errors in policy.' },
    { name: 'Null with a set qualifier', document: doc({ ...ok, Condition: { 'ForAnyValue:Null': { 'aws:x': 'true' } } }), message: 'Syntax errors in policy.' },
    { name: 'a principal that is not an account, root or identity ARN', kind: 'resource', document: doc({ ...ok, Principal: { AWS: 'alice' } }), message: 'Invalid principal in policy: "AWS":"alice"' },
    { name: 'an unknown principal type', kind: 'resource', document: doc({ ...ok, Principal: { Robot: 'x' } }), message: 'Syntax errors in policy.' },
    { name: '2008-10-17 where IAM requires 2012-10-17', requireVersion2012: true, document: doc(ok, '2008-10-17'), message: 'Policy document must be version 2012-10-17 or greater.' },
  ];
  for (const row of rows) {
    it(row.name, () => {
      assert.throws(
        () => compilePolicy({ id: 'p', kind: row.kind ?? 'identity', document: row.document, requireVersion2012: row.requireVersion2012 }),
        (e: unknown) => e instanceof MalformedPolicyDocumentError && e.name === 'MalformedPolicyDocument' && e.message === row.message,
      );
    });
  }
});

describe('well-formed documents', () => {
  const rows: { name: string; document: unknown; kind?: PolicyKind; statements: number; version?: string }[] = [
    { name: 'Statement as one object', document: doc(ok), statements: 1 },
    { name: 'Statement as an array', document: doc([ok, { ...ok, Effect: 'Deny' }]), statements: 2 },
    { name: 'JSON text', document: JSON.stringify(doc(ok)), statements: 1 },
    { name: 'no Version means 2008-10-17', document: { Statement: ok }, statements: 1, version: '2008-10-17' },
    { name: 'Id and Sid', document: { ...doc({ ...ok, Sid: 'S1' }), Id: 'my-policy' }, statements: 1 },
    { name: 'a resource policy with every principal form', kind: 'resource', document: doc({ ...ok, Principal: { AWS: ['*', '111122223333', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:user/a', 'arn:aws:iam::111122223333:role/path/r', 'arn:aws:sts::111122223333:assumed-role/r/s', 'arn:aws:sts::111122223333:federated-user/f'], Service: 'ecs-tasks.amazonaws.com', Federated: 'cognito-identity.amazonaws.com' } }), statements: 1 },
    { name: 'a trust policy without Resource', kind: 'trust', document: doc({ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }), statements: 1 },
    { name: 'condition values as JSON numbers and booleans', document: doc({ ...ok, Condition: { NumericLessThan: { 's3:max-keys': 10 }, Bool: { 'aws:SecureTransport': true } } }), statements: 1 },
    { name: 'empty Sids do not collide', document: doc([{ ...ok, Sid: '' }, { ...ok, Sid: '' }]), statements: 2 },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const p = compilePolicy({ id: 'p', kind: row.kind ?? 'identity', document: row.document });
      assert.equal(p.statements.length, row.statements);
      assert.equal(p.version, row.version ?? '2012-10-17');
    });
  }
});
