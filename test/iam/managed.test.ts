// The AWS managed policy catalog: every document compiles as an identity policy, ARNs are AWS's,
// ids are 21-character ANPA ids and unique, and the ones the issue names are all there.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AWS_MANAGED_POLICIES, awsManagedArn, awsManagedDocument, awsManagedPolicy } from '../../src/identity/iam/managed/index.js';
import { compilePolicy } from '../../src/identity/policy/index.js';

const REQUIRED = [
  'arn:aws:iam::aws:policy/AdministratorAccess',
  'arn:aws:iam::aws:policy/PowerUserAccess',
  'arn:aws:iam::aws:policy/ReadOnlyAccess',
  'arn:aws:iam::aws:policy/AmazonECS_FullAccess',
  'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
  'arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role',
  'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess',
  'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser',
  'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
  'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly',
  'arn:aws:iam::aws:policy/CloudWatchLogsFullAccess',
  'arn:aws:iam::aws:policy/ElasticLoadBalancingFullAccess',
  'arn:aws:iam::aws:policy/IAMFullAccess',
  'arn:aws:iam::aws:policy/IAMReadOnlyAccess',
  'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy',
];

test('every policy the issue names is shipped under its AWS ARN', () => {
  for (const arn of REQUIRED) assert.ok(awsManagedPolicy(arn), arn);
  assert.equal(awsManagedPolicy('arn:aws:iam::aws:policy/NoSuchPolicy'), undefined);
});

test('every document compiles as an identity policy at version 2012-10-17', () => {
  for (const p of AWS_MANAGED_POLICIES) {
    const compiled = compilePolicy({ id: awsManagedArn(p), kind: 'identity', document: awsManagedDocument(p), requireVersion2012: true });
    assert.ok(compiled.statements.length > 0, p.name);
  }
});

test('ids are unique ANPA ids; only the service-linked role policy is not attachable', () => {
  const ids = AWS_MANAGED_POLICIES.map((p) => p.id);
  for (const id of ids) assert.match(id, /^ANPA[A-Z0-9]{17}$/);
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual(AWS_MANAGED_POLICIES.filter((p) => !p.isAttachable).map((p) => p.name), ['AmazonECSServiceRolePolicy']);
});
