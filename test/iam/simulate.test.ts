// SimulatePrincipalPolicy and SimulateCustomPolicy answer from the evaluator that enforces: a
// simulated decision agrees with what the same user is then allowed or refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { awsCli } from '../helpers/awsCli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { doc, iam, iamError, keyEnv, type Env } from './helpers.js';

interface Result { EvalActionName: string; EvalResourceName: string; EvalDecision: string; MatchedStatements: { SourcePolicyId: string; SourcePolicyType: string }[] }

describe('IAM policy simulation', () => {
  let server: TestServer;
  let env: Env;
  const userArn = 'arn:aws:iam::000000000000:user/sim';
  before(async () => {
    server = await startTestServer();
    await iam(server, ['create-user', '--user-name', 'sim']);
    await iam(server, ['attach-user-policy', '--user-name', 'sim', '--policy-arn', 'arn:aws:iam::aws:policy/IAMReadOnlyAccess']);
    await iam(server, ['put-user-policy', '--user-name', 'sim', '--policy-name', 'no-groups', '--policy-document',
      doc({ Effect: 'Deny', Action: 'iam:ListGroups', Resource: '*' })]);
    env = keyEnv((await iam<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>(server, ['create-access-key', '--user-name', 'sim'])).AccessKey);
  });
  after(async () => server.stop());

  it('simulates a user\'s policies, and enforcement agrees', async () => {
    const { EvaluationResults: results } = await iam<{ EvaluationResults: Result[] }>(server, [
      'simulate-principal-policy', '--policy-source-arn', userArn, '--action-names', 'iam:ListUsers', 'iam:ListGroups', 'iam:CreateUser',
    ]);
    assert.deepEqual(results.map((r) => [r.EvalActionName, r.EvalResourceName, r.EvalDecision]), [
      ['iam:ListUsers', '*', 'allowed'],
      ['iam:ListGroups', '*', 'explicitDeny'],
      ['iam:CreateUser', '*', 'implicitDeny'],
    ]);
    assert.deepEqual(results[0]?.MatchedStatements, [{ SourcePolicyId: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess', SourcePolicyType: 'aws-managed' }]);
    assert.deepEqual(results[1]?.MatchedStatements, [{ SourcePolicyId: 'no-groups', SourcePolicyType: 'user' }]);
    const [users, groups, create] = await Promise.all([
      awsCli(server, ['iam', 'list-users'], env),
      awsCli(server, ['iam', 'list-groups'], env),
      awsCli(server, ['iam', 'create-user', '--user-name', 'x'], env),
    ]);
    assert.equal(users.code, 0, users.stderr);
    assert.match(groups.stderr, /AccessDenied.*with an explicit deny in an identity-based policy/s);
    assert.match(create.stderr, /AccessDenied.*because no identity-based policy allows the iam:CreateUser action/s);
  });

  it('simulates custom documents with context keys and a boundary', async () => {
    const policy = doc({ Effect: 'Allow', Action: 'ecs:RunTask', Resource: '*', Condition: { StringEquals: { 'ecs:cluster': 'arn:aws:ecs:us-east-1:000000000000:cluster/prod' } } });
    const run = (cluster: string, extra: string[] = []) => iam<{ EvaluationResults: Result[] }>(server, [
      'simulate-custom-policy', '--policy-input-list', policy, '--action-names', 'ecs:RunTask',
      '--context-entries', `ContextKeyName=ecs:cluster,ContextKeyValues=${cluster},ContextKeyType=string`, ...extra,
    ]);
    assert.equal((await run('arn:aws:ecs:us-east-1:000000000000:cluster/prod')).EvaluationResults[0]?.EvalDecision, 'allowed');
    assert.equal((await run('arn:aws:ecs:us-east-1:000000000000:cluster/dev')).EvaluationResults[0]?.EvalDecision, 'implicitDeny');
    const bounded = await run('arn:aws:ecs:us-east-1:000000000000:cluster/prod', ['--permissions-boundary-policy-input-list', doc({ Effect: 'Allow', Action: 'logs:*', Resource: '*' })]);
    assert.equal(bounded.EvaluationResults[0]?.EvalDecision, 'implicitDeny');
    assert.deepEqual((await iamError(server, ['simulate-custom-policy', '--policy-input-list', '{"Statement":"x"}', '--action-names', 'ecs:RunTask'])).code, 'MalformedPolicyDocument');
  });
});
