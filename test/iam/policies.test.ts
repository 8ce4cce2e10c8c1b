import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { doc, iam, iamError } from './helpers.js';

interface Policy { PolicyName: string; Arn: string; DefaultVersionId: string; AttachmentCount: number; PermissionsBoundaryUsageCount: number; IsAttachable: boolean }
interface Version { VersionId: string; IsDefaultVersion: boolean; Document?: unknown }

const allow = (action: string) => doc({ Effect: 'Allow', Action: action, Resource: '*' });
const trust = doc({ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' });
const ACCT = '000000000000';

describe('IAM policies through the AWS CLI', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    await Promise.all([
      iam(server, ['create-user', '--user-name', 'ursula']),
      iam(server, ['create-group', '--group-name', 'readers']),
      iam(server, ['create-role', '--role-name', 'worker', '--assume-role-policy-document', trust]),
    ]);
  });
  after(async () => server.stop());

  it('puts, gets, lists and deletes inline policies of users, groups and roles', async () => {
    await Promise.all([
      iam(server, ['put-user-policy', '--user-name', 'ursula', '--policy-name', 'run', '--policy-document', allow('ecs:RunTask')]),
      iam(server, ['put-group-policy', '--group-name', 'readers', '--policy-name', 'read', '--policy-document', allow('ecs:Describe*')]),
      iam(server, ['put-role-policy', '--role-name', 'worker', '--policy-name', 'logs', '--policy-document', allow('logs:PutLogEvents')]),
    ]);
    const [user, group, role, names] = await Promise.all([
      iam<{ UserName: string; PolicyName: string; PolicyDocument: unknown }>(server, ['get-user-policy', '--user-name', 'ursula', '--policy-name', 'run']),
      iam<{ GroupName: string; PolicyDocument: unknown }>(server, ['get-group-policy', '--group-name', 'readers', '--policy-name', 'read']),
      iam<{ RoleName: string; PolicyDocument: unknown }>(server, ['get-role-policy', '--role-name', 'worker', '--policy-name', 'logs']),
      iam<{ PolicyNames: string[] }>(server, ['list-role-policies', '--role-name', 'worker']),
    ]);
    assert.deepEqual(user, { UserName: 'ursula', PolicyName: 'run', PolicyDocument: JSON.parse(allow('ecs:RunTask')) });
    assert.equal(group.GroupName, 'readers');
    assert.deepEqual(group.PolicyDocument, JSON.parse(allow('ecs:Describe*')));
    assert.deepEqual(role.PolicyDocument, JSON.parse(allow('logs:PutLogEvents')));
    assert.deepEqual(names.PolicyNames, ['logs']);
    // An inline policy is replaced by name.
    await iam(server, ['put-role-policy', '--role-name', 'worker', '--policy-name', 'logs', '--policy-document', allow('logs:*')]);
    const replaced = await iam<{ PolicyDocument: unknown }>(server, ['get-role-policy', '--role-name', 'worker', '--policy-name', 'logs']);
    assert.deepEqual(replaced.PolicyDocument, JSON.parse(allow('logs:*')));
    await iam(server, ['delete-role-policy', '--role-name', 'worker', '--policy-name', 'logs']);
    assert.deepEqual(await iamError(server, ['get-role-policy', '--role-name', 'worker', '--policy-name', 'logs']), {
      code: 'NoSuchEntity', message: 'The role policy with name logs cannot be found.',
    });
    assert.deepEqual(await iamError(server, ['delete-user', '--user-name', 'ursula']), {
      code: 'DeleteConflict', message: 'Cannot delete entity, must delete policies first.',
    });
  });

  it('refuses a malformed document with IAM\'s message and changes nothing', async () => {
    const withPrincipal = doc({ Effect: 'Allow', Principal: '*', Action: 'ecs:*', Resource: '*' });
    assert.deepEqual(await iamError(server, ['put-user-policy', '--user-name', 'ursula', '--policy-name', 'run', '--policy-document', withPrincipal]), {
      code: 'MalformedPolicyDocument', message: 'Policy document should not specify a principal.',
    });
    const still = await iam<{ PolicyDocument: unknown }>(server, ['get-user-policy', '--user-name', 'ursula', '--policy-name', 'run']);
    assert.deepEqual(still.PolicyDocument, JSON.parse(allow('ecs:RunTask')));
    assert.deepEqual(await iamError(server, ['create-policy', '--policy-name', 'broken', '--policy-document', doc({ Effect: 'Allow', Action: 'RunTask', Resource: '*' })]), {
      code: 'MalformedPolicyDocument', message: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
    });
    const local = await iam<{ Policies: Policy[] }>(server, ['list-policies', '--scope', 'Local']);
    assert.equal(local.Policies.some((p) => p.PolicyName === 'broken'), false);
  });

  it('keeps at most 5 versions, switches the default, and refuses to delete the default', async () => {
    const { Policy: policy } = await iam<{ Policy: Policy }>(server, ['create-policy', '--policy-name', 'versioned', '--path', '/team/', '--policy-document', allow('ecs:ListClusters')]);
    assert.equal(policy.Arn, `arn:aws:iam::${ACCT}:policy/team/versioned`);
    assert.equal(policy.DefaultVersionId, 'v1');
    assert.deepEqual(await iamError(server, ['create-policy', '--policy-name', 'versioned', '--policy-document', allow('ecs:ListClusters')]), {
      code: 'EntityAlreadyExists', message: 'A policy called versioned already exists. Duplicate names are not allowed.',
    });
    for (const n of [2, 3, 4, 5]) {
      const args = ['create-policy-version', '--policy-arn', policy.Arn, '--policy-document', allow(`ecs:Action${n}`), ...(n === 3 ? ['--set-as-default'] : [])];
      const created: { PolicyVersion: Version } = await iam(server, args);
      const v = created.PolicyVersion;
      assert.equal(v.VersionId, `v${n}`);
      assert.equal(v.IsDefaultVersion, n === 3);
    }
    assert.deepEqual(await iamError(server, ['create-policy-version', '--policy-arn', policy.Arn, '--policy-document', allow('ecs:Six')]), {
      code: 'LimitExceeded', message: 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    });
    const got = await iam<{ Policy: Policy }>(server, ['get-policy', '--policy-arn', policy.Arn]);
    assert.equal(got.Policy.DefaultVersionId, 'v3');
    assert.deepEqual(await iamError(server, ['delete-policy-version', '--policy-arn', policy.Arn, '--version-id', 'v3']), {
      code: 'DeleteConflict', message: 'Cannot delete the default version of a policy.',
    });
    await iam(server, ['set-default-policy-version', '--policy-arn', policy.Arn, '--version-id', 'v5']);
    await iam(server, ['delete-policy-version', '--policy-arn', policy.Arn, '--version-id', 'v1']);
    // A new version takes the next number: IAM never reuses one.
    const { PolicyVersion: next } = await iam<{ PolicyVersion: Version }>(server, ['create-policy-version', '--policy-arn', policy.Arn, '--policy-document', allow('ecs:Six')]);
    assert.equal(next.VersionId, 'v6');
    const [versions, v5] = await Promise.all([
      iam<{ Versions: Version[] }>(server, ['list-policy-versions', '--policy-arn', policy.Arn]),
      iam<{ PolicyVersion: Version }>(server, ['get-policy-version', '--policy-arn', policy.Arn, '--version-id', 'v5']),
    ]);
    assert.deepEqual(versions.Versions.map((v) => [v.VersionId, v.IsDefaultVersion]), [['v6', false], ['v5', true], ['v4', false], ['v3', false], ['v2', false]]);
    assert.deepEqual(v5.PolicyVersion.Document, JSON.parse(allow('ecs:Action5')));
    assert.deepEqual(await iamError(server, ['get-policy-version', '--policy-arn', policy.Arn, '--version-id', 'v1']), {
      code: 'NoSuchEntity', message: `Policy ${policy.Arn} version v1 does not exist or is not attachable.`,
    });
    assert.deepEqual(await iamError(server, ['delete-policy', '--policy-arn', policy.Arn]), {
      code: 'DeleteConflict',
      message: 'This policy has more than one version. Before you delete a policy, you must delete the policy\'s versions. The default version is deleted with the policy.',
    });
    for (const v of ['v2', 'v3', 'v4', 'v6']) await iam(server, ['delete-policy-version', '--policy-arn', policy.Arn, '--version-id', v]);
    await iam(server, ['delete-policy', '--policy-arn', policy.Arn]);
    assert.deepEqual(await iamError(server, ['get-policy', '--policy-arn', policy.Arn]), {
      code: 'NoSuchEntity', message: `Policy ${policy.Arn} was not found.`,
    });
  });

  it('attaches customer and AWS managed policies, counts them, and limits them to 10 per entity', async () => {
    const { Policy: mine } = await iam<{ Policy: Policy }>(server, ['create-policy', '--policy-name', 'mine', '--policy-document', allow('ecs:ListClusters')]);
    const readOnly = 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly';
    await iam(server, ['attach-user-policy', '--user-name', 'ursula', '--policy-arn', mine.Arn]);
    await iam(server, ['attach-group-policy', '--group-name', 'readers', '--policy-arn', mine.Arn]);
    await iam(server, ['attach-role-policy', '--role-name', 'worker', '--policy-arn', readOnly]);
    const [counted, aws, entities, attached] = await Promise.all([
      iam<{ Policy: Policy }>(server, ['get-policy', '--policy-arn', mine.Arn]),
      iam<{ Policy: Policy & { Description: string } }>(server, ['get-policy', '--policy-arn', readOnly]),
      iam<{ PolicyUsers: { UserName: string }[]; PolicyGroups: { GroupName: string }[]; PolicyRoles: unknown[] }>(server, ['list-entities-for-policy', '--policy-arn', mine.Arn]),
      iam<{ AttachedPolicies: { PolicyName: string; PolicyArn: string }[] }>(server, ['list-attached-role-policies', '--role-name', 'worker']),
    ]);
    assert.equal(counted.Policy.AttachmentCount, 2);
    assert.equal(aws.Policy.AttachmentCount, 1);
    assert.equal(aws.Policy.DefaultVersionId, 'v3');
    assert.equal(aws.Policy.Description, 'Provides read-only access to Amazon EC2 Container Registry repositories.');
    assert.deepEqual(entities.PolicyUsers.map((u) => u.UserName), ['ursula']);
    assert.deepEqual(entities.PolicyGroups.map((g) => g.GroupName), ['readers']);
    assert.deepEqual(entities.PolicyRoles, []);
    assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'AmazonEC2ContainerRegistryReadOnly', PolicyArn: readOnly }]);
    const awsVersion = await iam<{ PolicyVersion: Version }>(server, ['get-policy-version', '--policy-arn', readOnly, '--version-id', 'v3']);
    assert.equal(awsVersion.PolicyVersion.IsDefaultVersion, true);
    assert.match(JSON.stringify(awsVersion.PolicyVersion.Document), /ecr:BatchGetImage/);

    assert.deepEqual(await iamError(server, ['delete-policy', '--policy-arn', mine.Arn]), {
      code: 'DeleteConflict', message: 'Cannot delete a policy attached to entities.',
    });
    assert.deepEqual(await iamError(server, ['attach-user-policy', '--user-name', 'ursula', '--policy-arn', `arn:aws:iam::${ACCT}:policy/nope`]), {
      code: 'NoSuchEntity', message: `Policy arn:aws:iam::${ACCT}:policy/nope does not exist or is not attachable.`,
    });
    const awsArns = [
      'AdministratorAccess', 'PowerUserAccess', 'ReadOnlyAccess', 'AmazonECS_FullAccess', 'AmazonEC2ContainerRegistryFullAccess',
      'AmazonEC2ContainerRegistryPowerUser', 'AmazonEC2ContainerRegistryReadOnly', 'CloudWatchLogsFullAccess', 'IAMFullAccess',
    ].map((n) => `arn:aws:iam::aws:policy/${n}`);
    for (const a of awsArns) await iam(server, ['attach-user-policy', '--user-name', 'ursula', '--policy-arn', a]);
    assert.deepEqual(await iamError(server, ['attach-user-policy', '--user-name', 'ursula', '--policy-arn', 'arn:aws:iam::aws:policy/IAMReadOnlyAccess']), {
      code: 'LimitExceeded', message: 'Cannot exceed quota for PoliciesPerUser: 10',
    });
    const mineOnUser = await iam<{ AttachedPolicies: unknown[] }>(server, ['list-attached-user-policies', '--user-name', 'ursula']);
    assert.equal(mineOnUser.AttachedPolicies.length, 10);
    await iam(server, ['detach-user-policy', '--user-name', 'ursula', '--policy-arn', mine.Arn]);
    await iam(server, ['detach-group-policy', '--group-name', 'readers', '--policy-arn', mine.Arn]);
    assert.deepEqual(await iamError(server, ['detach-group-policy', '--group-name', 'readers', '--policy-arn', mine.Arn]), {
      code: 'NoSuchEntity', message: `Policy ${mine.Arn} was not found.`,
    });
    await iam(server, ['delete-policy', '--policy-arn', mine.Arn]);
  });

  it('lists AWS managed policies by scope, path and attachment', async () => {
    const [all, aws, serviceRole, attached] = await Promise.all([
      iam<{ Policies: Policy[] }>(server, ['list-policies']),
      iam<{ Policies: Policy[] }>(server, ['list-policies', '--scope', 'AWS']),
      iam<{ Policies: Policy[] }>(server, ['list-policies', '--scope', 'AWS', '--path-prefix', '/service-role/']),
      iam<{ Policies: Policy[] }>(server, ['list-policies', '--scope', 'AWS', '--only-attached']),
    ]);
    assert.ok(aws.Policies.length >= 15);
    assert.ok(all.Policies.length >= aws.Policies.length);
    assert.ok(aws.Policies.every((p) => p.Arn.startsWith('arn:aws:iam::aws:policy/')));
    assert.deepEqual(serviceRole.Policies.map((p) => p.PolicyName).sort(), ['AmazonEC2ContainerServiceforEC2Role', 'AmazonECSTaskExecutionRolePolicy']);
    assert.ok(attached.Policies.some((p) => p.PolicyName === 'AdministratorAccess' && p.AttachmentCount === 1));
    assert.ok(!attached.Policies.some((p) => p.PolicyName === 'IAMReadOnlyAccess'));
  });

  it('sets and removes permissions boundaries, counted as boundary usage', async () => {
    const boundary = 'arn:aws:iam::aws:policy/PowerUserAccess';
    await iam(server, ['put-role-permissions-boundary', '--role-name', 'worker', '--permissions-boundary', boundary]);
    const [role, policy] = await Promise.all([
      iam<{ Role: { PermissionsBoundary: unknown } }>(server, ['get-role', '--role-name', 'worker']),
      iam<{ Policy: Policy }>(server, ['get-policy', '--policy-arn', boundary]),
    ]);
    assert.deepEqual(role.Role.PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: boundary });
    assert.equal(policy.Policy.PermissionsBoundaryUsageCount, 1);
    await iam(server, ['delete-role-permissions-boundary', '--role-name', 'worker']);
    const cleared = await iam<{ Role: { PermissionsBoundary?: unknown } }>(server, ['get-role', '--role-name', 'worker']);
    assert.equal(cleared.Role.PermissionsBoundary, undefined);
    assert.equal((await iamError(server, ['put-user-permissions-boundary', '--user-name', 'ursula', '--permissions-boundary', `arn:aws:iam::${ACCT}:policy/none`])).code, 'NoSuchEntity');
  });

  it('summarises the account with real counts and IAM\'s quotas', async () => {
    const { SummaryMap: map } = await iam<{ SummaryMap: Record<string, number> }>(server, ['get-account-summary']);
    assert.equal(map.Users, 1);
    assert.equal(map.Groups, 1);
    assert.equal(map.Policies, 0);
    assert.equal(map.UsersQuota, 5000);
    assert.equal(map.AttachedPoliciesPerUserQuota, 10);
    assert.equal(map.AccessKeysPerUserQuota, 2);
    assert.equal(map.AccountAccessKeysPresent, 1);
    const details = await iam<{ UserDetailList: { UserName: string; UserPolicyList: { PolicyName: string }[] }[]; RoleDetailList: { RoleName: string }[]; Policies: { PolicyName: string }[] }>(server, ['get-account-authorization-details']);
    assert.deepEqual(details.UserDetailList.map((u) => [u.UserName, u.UserPolicyList.map((p) => p.PolicyName)]), [['ursula', ['run']]]);
    assert.deepEqual(details.RoleDetailList.map((r) => r.RoleName), ['worker']);
    assert.ok(details.Policies.some((p) => p.PolicyName === 'AmazonEC2ContainerRegistryReadOnly'));
  });
});
