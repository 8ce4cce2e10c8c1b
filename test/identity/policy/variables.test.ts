// Wildcards in actions and resources, and policy variables (AWS's "IAM policy elements: Variables and tags").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, type AuthorizationRequest, type RequestPrincipal } from '../../../src/identity/policy/index.js';
import { conditionHolds, policy, session, user, type ConditionCase } from './helpers.js';

interface Row {
  name: string;
  statement: object;
  action?: string;
  resource: string;
  principal?: RequestPrincipal;
  context?: AuthorizationRequest['context'];
  version?: string;
  want: boolean;
}

function table(rows: Row[]): void {
  for (const row of rows) {
    it(row.name, () => {
      const p = policy(row.statement, { version: row.version ?? '2012-10-17' });
      const result = evaluate({ principal: row.principal ?? user('alice'), action: row.action ?? 's3:GetObject', resource: row.resource, resourceAccount: '111122223333', context: row.context }, { identity: [p] });
      assert.equal(result.decision === 'Allow', row.want);
    });
  }
}

const allow = (Resource: string | string[], Action: string | string[] = 's3:*') => ({ Effect: 'Allow', Action, Resource });

describe('wildcards in Action and Resource', () => {
  table([
    { name: 'action * matches any', statement: allow('*', '*'), action: 'ecs:RunTask', resource: '*', want: true },
    { name: 'action prefix wildcard', statement: allow('*', 'ecs:Describe*'), action: 'ecs:DescribeTasks', resource: '*', want: true },
    { name: 'action wildcards are case-insensitive', statement: allow('*', 'ECS:describe*'), action: 'ecs:DescribeTasks', resource: '*', want: true },
    { name: 'action ? wildcard', statement: allow('*', 'ecs:?unTask'), action: 'ecs:RunTask', resource: '*', want: true },
    { name: 'another service does not match', statement: allow('*', 'ecs:*'), action: 'ecr:GetAuthorizationToken', resource: '*', want: false },
    { name: 'resource * crosses / segments', statement: allow('arn:aws:s3:::bucket/*'), resource: 'arn:aws:s3:::bucket/a/b/c.txt', want: true },
    { name: 'resource * crosses : segments', statement: allow('arn:aws:ecs:*'), resource: 'arn:aws:ecs:us-east-1:111122223333:cluster/default', want: true },
    { name: 'resource match is case-sensitive', statement: allow('arn:aws:s3:::bucket/*'), resource: 'arn:aws:s3:::Bucket/a', want: false },
    { name: 'resource ? matches one character', statement: allow('arn:aws:s3:::bucket/?.txt'), resource: 'arn:aws:s3:::bucket/ab.txt', want: false },
    { name: 'resource with several stars', statement: allow('arn:aws:ecs:*:*:task/*/abc*'), resource: 'arn:aws:ecs:us-east-1:111122223333:task/default/abc123', want: true },
  ]);
});

describe('policy variables', () => {
  // AWS's example: each user may list and use only their own home folder.
  const home = { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*' };
  const tagged = { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*' };
  table([
    { name: 'home folder: own folder', statement: home, resource: 'arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt', want: true },
    { name: 'home folder: someone else\'s', statement: home, resource: 'arn:aws:s3:::amzn-s3-demo-bucket/home/bob/notes.txt', want: false },
    { name: 'home folder: a role session has no aws:username, so the element does not match', statement: home, principal: session('Dev', 'alice'), resource: 'arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt', want: false },
    { name: 'a default stands in for a missing value', statement: { ...home, Resource: 'arn:aws:s3:::b/${aws:username, \'guest\'}/*' }, principal: session('Dev', 's'), resource: 'arn:aws:s3:::b/guest/x', want: true },
    { name: 'aws:userid', statement: { ...home, Resource: 'arn:aws:s3:::b/${aws:userid}/*' }, resource: 'arn:aws:s3:::b/AIDAALICE/x', want: true },
    { name: 'aws:PrincipalTag', statement: tagged, principal: user('alice', '111122223333', { tags: { team: 'blue' } }), resource: 'arn:aws:s3:::bucket/blue/x', want: true },
    { name: 'aws:PrincipalTag, other team', statement: tagged, principal: user('alice', '111122223333', { tags: { team: 'blue' } }), resource: 'arn:aws:s3:::bucket/red/x', want: false },
    { name: 'a tag value is literal, not a wildcard', statement: tagged, principal: user('alice', '111122223333', { tags: { team: '*' } }), resource: 'arn:aws:s3:::bucket/red/x', want: false },
    { name: 'aws:PrincipalAccount', statement: { ...home, Resource: 'arn:aws:s3:::b-${aws:PrincipalAccount}/*' }, resource: 'arn:aws:s3:::b-111122223333/x', want: true },
    { name: '${*} is a literal star', statement: { ...home, Resource: 'arn:aws:s3:::b/${*}' }, resource: 'arn:aws:s3:::b/anything', want: false },
    { name: '${*} matches a key named *', statement: { ...home, Resource: 'arn:aws:s3:::b/${*}' }, resource: 'arn:aws:s3:::b/*', want: true },
    { name: '${?} and ${$} are literal', statement: { ...home, Resource: 'arn:aws:s3:::b/${?}${$}' }, resource: 'arn:aws:s3:::b/?$', want: true },
    { name: 'a request context key as a variable', statement: { ...home, Resource: 'arn:aws:s3:::b/${aws:SourceIdentity}/*' }, context: { 'aws:SourceIdentity': 'carol' }, resource: 'arn:aws:s3:::b/carol/x', want: true },
    { name: 'in a 2008-10-17 policy ${...} is plain text', statement: home, version: '2008-10-17', resource: 'arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt', want: false },
    { name: 'in a 2008-10-17 policy the text matches itself', statement: home, version: '2008-10-17', resource: 'arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/x', want: true },
    { name: 'a policy without Version is 2008-10-17', statement: home, version: 'none', resource: 'arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt', want: false },
    { name: 'NotResource with an unresolved variable does not apply', statement: { Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::b/${aws:username}/*' }, principal: session('Dev', 's'), resource: 'arn:aws:s3:::other/x', want: false },
  ]);

  const rows: ConditionCase[] = [
    { name: 'in a condition: s3:prefix under the user\'s folder (AWS example)', condition: { StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/*'] } }, context: { 's3:prefix': 'home/alice/docs' }, want: true },
    { name: 'in a condition: another user\'s folder', condition: { StringLike: { 's3:prefix': ['home/${aws:username}/*'] } }, context: { 's3:prefix': 'home/bob/docs' }, want: false },
    { name: 'in a condition: no value and no other policy value: false', condition: { StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/owner}' } }, context: { 'aws:PrincipalTag/team': 'x' }, want: false },
    { name: 'numeric operators do not substitute variables', condition: { NumericEquals: { 'n:k': '${aws:PrincipalAccount}' } }, context: { 'n:k': 111122223333 }, want: false },
  ];
  for (const row of rows) it(row.name, () => assert.equal(conditionHolds(row), row.want));
});
