// One table per rule of AWS's documented evaluation flow ("Policy evaluation logic",
// "Cross-account policy evaluation logic").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, type AuthorizationRequest, type Decision, type PolicySet } from '../../../src/identity/policy/index.js';
import { A, B, allowAll, policy, root, session, user } from './helpers.js';

interface Row {
  name: string;
  request: AuthorizationRequest;
  policies: PolicySet;
  want: Decision;
  /** The statement that decided, as `policyType:sid`. */
  by?: string;
}

function table(rows: Row[]): void {
  for (const row of rows) {
    it(row.name, () => {
      const result = evaluate(row.request, row.policies);
      assert.equal(result.decision, row.want);
      if (row.by !== undefined) assert.equal(`${result.statement?.policyType}:${result.statement?.sid}`, row.by);
    });
  }
}

const cluster = `arn:aws:ecs:us-east-1:${A}:cluster/default`;
const clusterB = `arn:aws:ecs:us-east-1:${B}:cluster/default`;
const bucket = 'arn:aws:s3:::shared-bucket/report.csv';
const alice = user('alice');
const run = (principal = alice, resource = cluster, extra: Partial<AuthorizationRequest> = {}): AuthorizationRequest => ({ principal, action: 'ecs:RunTask', resource, ...extra });

const allowRun = (sid = 'AllowRun') => policy({ Sid: sid, Effect: 'Allow', Action: 'ecs:RunTask', Resource: '*' });
const denyRun = (sid = 'DenyRun') => policy({ Sid: sid, Effect: 'Deny', Action: 'ecs:*', Resource: cluster });
const resourcePolicy = (statement: object) => policy(statement, { kind: 'resource' });

describe('rule: implicit deny by default', () => {
  table([
    { name: 'no policies at all', request: run(), policies: {}, want: 'ImplicitDeny' },
    { name: 'an identity policy for another action', request: run(), policies: { identity: [policy({ Effect: 'Allow', Action: 'ecs:ListClusters', Resource: '*' })] }, want: 'ImplicitDeny' },
    { name: 'an identity policy for another resource', request: run(), policies: { identity: [policy({ Effect: 'Allow', Action: 'ecs:RunTask', Resource: clusterB })] }, want: 'ImplicitDeny' },
    { name: 'a resource policy naming someone else', request: run(), policies: { resource: resourcePolicy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/bob` }, Action: '*', Resource: '*' }) }, want: 'ImplicitDeny' },
    { name: 'an empty list of resources', request: run(alice, cluster, { resource: [] }), policies: { identity: [allowAll()] }, want: 'ImplicitDeny' },
  ]);
});

describe('rule: an explicit deny wins', () => {
  table([
    { name: 'deny in the same identity policy as the allow', request: run(), policies: { identity: [policy([{ Sid: 'A', Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'D', Effect: 'Deny', Action: 'ecs:RunTask', Resource: '*' }])] }, want: 'ExplicitDeny', by: 'identity:D' },
    { name: 'deny in another identity policy (a group policy)', request: run(), policies: { identity: [allowAll(), denyRun()] }, want: 'ExplicitDeny', by: 'identity:DenyRun' },
    { name: 'deny in the resource policy over an identity allow', request: run(), policies: { identity: [allowAll()], resource: resourcePolicy({ Sid: 'R', Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }) }, want: 'ExplicitDeny', by: 'resource:R' },
    { name: 'deny in the permissions boundary', request: run(), policies: { identity: [allowAll()], permissionsBoundary: policy([{ Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'B', Effect: 'Deny', Action: 'ecs:RunTask', Resource: '*' }]) }, want: 'ExplicitDeny', by: 'boundary:B' },
    { name: 'deny in a session policy', request: run(session('Dev', 's1')), policies: { identity: [allowAll()], session: [policy({ Sid: 'S', Effect: 'Deny', Action: '*', Resource: '*' })] }, want: 'ExplicitDeny', by: 'session:S' },
    { name: 'deny over a resource policy naming the caller directly', request: run(), policies: { identity: [denyRun()], resource: resourcePolicy({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: '*', Resource: '*' }) }, want: 'ExplicitDeny' },
    { name: 'a deny whose condition does not hold does not apply', request: run(alice, cluster, { context: { 'aws:SecureTransport': true } }), policies: { identity: [allowAll(), policy({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] }, want: 'Allow' },
    { name: 'one denied resource of several denies the request', request: run(alice, cluster, { resource: [cluster, `${cluster}x`] }), policies: { identity: [allowAll(), policy({ Effect: 'Deny', Action: '*', Resource: `${cluster}x` })] }, want: 'ExplicitDeny' },
  ]);
});

describe('rule: an identity-based allow suffices within the account', () => {
  table([
    { name: 'exact action', request: run(), policies: { identity: [allowRun()] }, want: 'Allow', by: 'identity:AllowRun' },
    { name: 'action matched case-insensitively', request: run(alice, cluster, { action: 'ECS:runtask' }), policies: { identity: [allowRun()] }, want: 'Allow' },
    { name: 'NotAction allows everything else', request: run(), policies: { identity: [policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })] }, want: 'Allow' },
    { name: 'NotAction excludes what it lists', request: run(alice, cluster, { action: 'iam:CreateUser' }), policies: { identity: [policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })] }, want: 'ImplicitDeny' },
    { name: 'NotResource allows every other resource', request: run(), policies: { identity: [policy({ Effect: 'Allow', Action: '*', NotResource: clusterB })] }, want: 'Allow' },
    { name: 'NotResource excludes what it lists', request: run(alice, clusterB, { resourceAccount: A }), policies: { identity: [policy({ Effect: 'Allow', Action: '*', NotResource: clusterB })] }, want: 'ImplicitDeny' },
    { name: 'every resource of several must be allowed', request: run(alice, cluster, { resource: [cluster, `${cluster}-2`] }), policies: { identity: [policy({ Effect: 'Allow', Action: '*', Resource: cluster })] }, want: 'ImplicitDeny' },
    { name: 'a role session with the role\'s policy', request: run(session('Dev', 's1')), policies: { identity: [allowRun()] }, want: 'Allow' },
  ]);
});

describe('rule: a resource-based allow suffices within the account', () => {
  const grant = (principal: unknown, sid = 'Grant') => resourcePolicy({ Sid: sid, Effect: 'Allow', Principal: principal, Action: 'ecs:RunTask', Resource: '*' });
  table([
    { name: 'naming the user ARN, no identity policy', request: run(), policies: { resource: grant({ AWS: alice.arn }) }, want: 'Allow', by: 'resource:Grant' },
    { name: 'naming the user in a list', request: run(), policies: { resource: grant({ AWS: [`arn:aws:iam::${A}:user/bob`, alice.arn] }) }, want: 'Allow' },
    { name: 'Principal "*"', request: run(), policies: { resource: grant('*') }, want: 'Allow' },
    { name: '{"AWS": "*"}', request: run(), policies: { resource: grant({ AWS: '*' }) }, want: 'Allow' },
    { name: 'naming the role session ARN', request: run(session('Dev', 's1')), policies: { resource: grant({ AWS: `arn:aws:sts::${A}:assumed-role/Dev/s1` }) }, want: 'Allow' },
    { name: 'naming the role ARN covers its sessions', request: run(session('Dev', 's1')), policies: { resource: grant({ AWS: `arn:aws:iam::${A}:role/Dev` }) }, want: 'Allow' },
    { name: 'naming another session of the role does not', request: run(session('Dev', 's1')), policies: { resource: grant({ AWS: `arn:aws:sts::${A}:assumed-role/Dev/s2` }) }, want: 'ImplicitDeny' },
    { name: 'naming only the account delegates to identity policies: no grant by itself', request: run(), policies: { resource: grant({ AWS: A }) }, want: 'ImplicitDeny' },
    { name: 'naming the account, plus an identity allow', request: run(), policies: { resource: grant({ AWS: `arn:aws:iam::${A}:root` }), identity: [allowRun()] }, want: 'Allow' },
    { name: 'a service principal is let in by the resource policy alone', request: run({ kind: 'service', arn: 'ecs-tasks.amazonaws.com' }), policies: { resource: grant({ Service: 'ecs-tasks.amazonaws.com' }) }, want: 'Allow' },
    { name: 'a service principal not named', request: run({ kind: 'service', arn: 'lambda.amazonaws.com' }), policies: { resource: grant({ Service: 'ecs-tasks.amazonaws.com' }) }, want: 'ImplicitDeny' },
    { name: 'a web-identity provider named by Federated', request: run({ kind: 'federated', arn: 'cognito-identity.amazonaws.com' }, cluster, { action: 'sts:AssumeRoleWithWebIdentity' }), policies: { resource: resourcePolicy({ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Resource: '*' }) }, want: 'Allow' },
    { name: 'an anonymous caller with Principal "*"', request: run({ kind: 'anonymous', arn: '*' }), policies: { resource: grant('*') }, want: 'Allow' },
    { name: 'an anonymous caller with an account principal', request: run({ kind: 'anonymous', arn: '*' }), policies: { resource: grant({ AWS: A }) }, want: 'ImplicitDeny' },
  ]);
});

describe('rule: across accounts both sides must allow', () => {
  const bob = user('bob', B);
  const grant = (principal: unknown) => resourcePolicy({ Sid: 'Cross', Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: bucket });
  const get = (principal = bob) => ({ principal, action: 's3:GetObject', resource: bucket, resourceAccount: A });
  const bobReads = () => policy({ Sid: 'Id', Effect: 'Allow', Action: 's3:GetObject', Resource: bucket });
  table([
    { name: 'identity allow only', request: get(), policies: { identity: [bobReads()] }, want: 'ImplicitDeny' },
    { name: 'resource policy naming the user only', request: get(), policies: { resource: grant({ AWS: bob.arn }) }, want: 'ImplicitDeny' },
    { name: 'both: resource names the user', request: get(), policies: { identity: [bobReads()], resource: grant({ AWS: bob.arn }) }, want: 'Allow', by: 'resource:Cross' },
    { name: 'both: resource names the other account (delegation)', request: get(), policies: { identity: [bobReads()], resource: grant({ AWS: B }) }, want: 'Allow' },
    { name: 'resource names a third account', request: get(), policies: { identity: [bobReads()], resource: grant({ AWS: '999988887777' }) }, want: 'ImplicitDeny' },
    { name: 'the boundary still narrows the caller\'s side', request: get(), policies: { identity: [bobReads()], resource: grant({ AWS: bob.arn }), permissionsBoundary: policy({ Effect: 'Allow', Action: 'ecs:*', Resource: '*' }) }, want: 'ImplicitDeny' },
    { name: 'the account is read from the resource ARN', request: run(alice, clusterB), policies: { identity: [allowAll()] }, want: 'ImplicitDeny' },
    { name: 'the same ARN with the caller\'s account is its own', request: run(user('carol', B), clusterB), policies: { identity: [allowAll()] }, want: 'Allow' },
  ]);
});

describe('rule: the permissions boundary narrows', () => {
  const boundary = () => policy({ Sid: 'Bound', Effect: 'Allow', Action: ['ecs:*', 's3:*'], Resource: '*' });
  const dev = session('Dev', 's1');
  const grant = (principal: string) => resourcePolicy({ Sid: 'Grant', Effect: 'Allow', Principal: { AWS: principal }, Action: '*', Resource: '*' });
  table([
    { name: 'identity and boundary both allow', request: run(), policies: { identity: [allowAll()], permissionsBoundary: boundary() }, want: 'Allow' },
    { name: 'identity allows, boundary does not', request: run(alice, cluster, { action: 'iam:CreateUser' }), policies: { identity: [allowAll()], permissionsBoundary: boundary() }, want: 'ImplicitDeny' },
    { name: 'boundary allows, identity does not: a boundary grants nothing', request: run(), policies: { identity: [], permissionsBoundary: boundary() }, want: 'ImplicitDeny' },
    { name: 'a resource policy naming the IAM user is not limited by the boundary', request: run(alice, cluster, { action: 'iam:CreateUser' }), policies: { resource: grant(alice.arn), permissionsBoundary: boundary() }, want: 'Allow' },
    { name: 'a resource policy naming the role ARN is limited by the boundary', request: run(dev, cluster, { action: 'iam:CreateUser' }), policies: { resource: grant(`arn:aws:iam::${A}:role/Dev`), permissionsBoundary: boundary() }, want: 'ImplicitDeny' },
    { name: 'a resource policy naming the role ARN, within the boundary', request: run(dev), policies: { resource: grant(`arn:aws:iam::${A}:role/Dev`), permissionsBoundary: boundary() }, want: 'Allow' },
    { name: 'a resource policy naming the role session ARN is not limited by the boundary', request: run(dev, cluster, { action: 'iam:CreateUser' }), policies: { resource: grant(dev.arn), permissionsBoundary: boundary() }, want: 'Allow' },
  ]);
});

describe('rule: session policies narrow', () => {
  const dev = session('Dev', 's1');
  const sessionPolicy = () => policy({ Sid: 'Sess', Effect: 'Allow', Action: 'ecs:Describe*', Resource: '*' });
  const grant = (principal: string) => resourcePolicy({ Effect: 'Allow', Principal: { AWS: principal }, Action: '*', Resource: '*' });
  table([
    { name: 'role allows, session policy allows', request: run(dev, cluster, { action: 'ecs:DescribeTasks' }), policies: { identity: [allowAll()], session: [sessionPolicy()] }, want: 'Allow' },
    { name: 'role allows, session policy does not', request: run(dev), policies: { identity: [allowAll()], session: [sessionPolicy()] }, want: 'ImplicitDeny' },
    { name: 'session policy allows, role does not: session policies grant nothing', request: run(dev, cluster, { action: 'ecs:DescribeTasks' }), policies: { session: [sessionPolicy()] }, want: 'ImplicitDeny' },
    { name: 'any one of several session policies allowing suffices', request: run(dev), policies: { identity: [allowAll()], session: [sessionPolicy(), allowRun()] }, want: 'Allow' },
    { name: 'boundary and session policy both apply', request: run(dev), policies: { identity: [allowAll()], session: [allowRun()], permissionsBoundary: sessionPolicy() }, want: 'ImplicitDeny' },
    { name: 'a resource policy naming the role ARN is limited by the session policy', request: run(dev), policies: { resource: grant(`arn:aws:iam::${A}:role/Dev`), session: [sessionPolicy()] }, want: 'ImplicitDeny' },
    { name: 'a resource policy naming the session ARN is not limited by the session policy', request: run(dev), policies: { resource: grant(dev.arn), session: [sessionPolicy()] }, want: 'Allow' },
  ]);
});

describe('rule: the root user', () => {
  const own = root(A);
  table([
    { name: 'is allowed everything in its own account with no policies', request: run(own, cluster, { action: 'iam:DeleteAccountPasswordPolicy' }), policies: {}, want: 'Allow' },
    { name: 'a resource policy in its account can still deny it', request: run(own), policies: { resource: resourcePolicy({ Sid: 'NoRoot', Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: '*', Resource: '*' }) }, want: 'ExplicitDeny', by: 'resource:NoRoot' },
    { name: 'a deny naming its account by id denies it too', request: run(own), policies: { resource: resourcePolicy({ Effect: 'Deny', Principal: { AWS: A }, Action: '*', Resource: '*' }) }, want: 'ExplicitDeny' },
    { name: 'across accounts it needs the resource policy', request: run(root(B), cluster), policies: {}, want: 'ImplicitDeny' },
    { name: 'across accounts, a resource policy naming its account lets it in', request: run(root(B), cluster), policies: { resource: resourcePolicy({ Effect: 'Allow', Principal: { AWS: B }, Action: 'ecs:*', Resource: '*' }) }, want: 'Allow' },
    { name: 'a user of the account is not the root user', request: run(alice), policies: {}, want: 'ImplicitDeny' },
  ]);
});
