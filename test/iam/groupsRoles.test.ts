import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { doc, iam, iamError } from './helpers.js';

interface Role { RoleName: string; RoleId: string; Arn: string; Path: string; MaxSessionDuration: number; Description?: string; AssumeRolePolicyDocument: unknown }

const trust = doc({ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' });

describe('IAM groups, roles and instance profiles through the AWS CLI', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.stop());

  it('puts users in groups and lists both ways; a group with members cannot be deleted', async () => {
    await Promise.all([
      iam(server, ['create-group', '--group-name', 'devs', '--path', '/eng/']),
      iam(server, ['create-group', '--group-name', 'ops']),
      iam(server, ['create-user', '--user-name', 'gina']),
      iam(server, ['create-user', '--user-name', 'hal']),
    ]);
    await iam(server, ['add-user-to-group', '--group-name', 'devs', '--user-name', 'gina']);
    await iam(server, ['add-user-to-group', '--group-name', 'devs', '--user-name', 'hal']);
    await iam(server, ['add-user-to-group', '--group-name', 'ops', '--user-name', 'gina']);
    const [group, forUser, listed] = await Promise.all([
      iam<{ Group: { GroupName: string; Arn: string }; Users: { UserName: string }[] }>(server, ['get-group', '--group-name', 'devs']),
      iam<{ Groups: { GroupName: string }[] }>(server, ['list-groups-for-user', '--user-name', 'gina']),
      iam<{ Groups: { GroupName: string }[] }>(server, ['list-groups', '--path-prefix', '/eng/']),
    ]);
    assert.equal(group.Group.Arn, 'arn:aws:iam::000000000000:group/eng/devs');
    assert.deepEqual(group.Users.map((u) => u.UserName), ['gina', 'hal']);
    assert.deepEqual(forUser.Groups.map((g) => g.GroupName), ['devs', 'ops']);
    assert.deepEqual(listed.Groups.map((g) => g.GroupName), ['devs']);
    assert.deepEqual(await iamError(server, ['delete-group', '--group-name', 'devs']), {
      code: 'DeleteConflict', message: 'Cannot delete entity, must remove users from group first.',
    });
    assert.deepEqual(await iamError(server, ['delete-user', '--user-name', 'hal']), {
      code: 'DeleteConflict', message: 'Cannot delete entity, must remove user from all groups first.',
    });
    await iam(server, ['remove-user-from-group', '--group-name', 'devs', '--user-name', 'hal']);
    await iam(server, ['remove-user-from-group', '--group-name', 'devs', '--user-name', 'gina']);
    await iam(server, ['delete-group', '--group-name', 'devs']);
    assert.deepEqual(await iamError(server, ['get-group', '--group-name', 'devs']), {
      code: 'NoSuchEntity', message: 'The group with name devs cannot be found.',
    });
    assert.deepEqual(await iamError(server, ['create-group', '--group-name', 'OPS']), {
      code: 'EntityAlreadyExists', message: 'Group with name OPS already exists.',
    });
  });

  it('creates a role with a trust policy, updates it, and refuses a bad trust policy or duration', async () => {
    const { Role: role } = await iam<{ Role: Role }>(server, [
      'create-role', '--role-name', 'app', '--path', '/svc/', '--assume-role-policy-document', trust,
      '--description', 'the app', '--max-session-duration', '7200', '--tags', 'Key=env,Value=prod',
    ]);
    assert.equal(role.Arn, 'arn:aws:iam::000000000000:role/svc/app');
    assert.match(role.RoleId, /^AROA[A-Z0-9]{17}$/);
    assert.deepEqual(role.AssumeRolePolicyDocument, JSON.parse(trust));
    await iam(server, ['update-role', '--role-name', 'app', '--max-session-duration', '43200', '--description', 'changed']);
    const got = await iam<{ Role: Role & { Tags: unknown } }>(server, ['get-role', '--role-name', 'app']);
    assert.equal(got.Role.MaxSessionDuration, 43200);
    assert.equal(got.Role.Description, 'changed');
    assert.deepEqual(got.Role.Tags, [{ Key: 'env', Value: 'prod' }]);
    const tooLong = await iamError(server, ['update-role', '--role-name', 'app', '--max-session-duration', '50000']);
    assert.equal(tooLong.code, 'ValidationError');
    assert.match(tooLong.message, /at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200/);
    assert.deepEqual(await iamError(server, ['update-assume-role-policy', '--role-name', 'app', '--policy-document', doc({ Effect: 'Allow', Action: 'sts:AssumeRole' })]), {
      code: 'MalformedPolicyDocument', message: 'Missing required field Principal',
    });
    const after = await iam<{ Role: Role }>(server, ['get-role', '--role-name', 'app']);
    assert.deepEqual(after.Role.AssumeRolePolicyDocument, JSON.parse(trust));
    assert.deepEqual(await iamError(server, ['create-role', '--role-name', 'bad', '--assume-role-policy-document', '{"Statement": [}']), {
      code: 'MalformedPolicyDocument', message: 'Syntax errors in policy.',
    });
    await iamError(server, ['get-role', '--role-name', 'bad']);
  });

  it('keeps one role per instance profile; a role in one cannot be deleted', async () => {
    await iam(server, ['create-role', '--role-name', 'ecsInstanceRole', '--assume-role-policy-document', trust]);
    await iam(server, ['create-role', '--role-name', 'other', '--assume-role-policy-document', trust]);
    await iam(server, ['create-instance-profile', '--instance-profile-name', 'ecs-hosts']);
    await iam(server, ['add-role-to-instance-profile', '--instance-profile-name', 'ecs-hosts', '--role-name', 'ecsInstanceRole']);
    assert.deepEqual(await iamError(server, ['add-role-to-instance-profile', '--instance-profile-name', 'ecs-hosts', '--role-name', 'other']), {
      code: 'LimitExceeded', message: 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1',
    });
    const [profile, forRole] = await Promise.all([
      iam<{ InstanceProfile: { Arn: string; Roles: { RoleName: string }[] } }>(server, ['get-instance-profile', '--instance-profile-name', 'ecs-hosts']),
      iam<{ InstanceProfiles: { InstanceProfileName: string }[] }>(server, ['list-instance-profiles-for-role', '--role-name', 'ecsInstanceRole']),
    ]);
    assert.equal(profile.InstanceProfile.Arn, 'arn:aws:iam::000000000000:instance-profile/ecs-hosts');
    assert.deepEqual(profile.InstanceProfile.Roles.map((r) => r.RoleName), ['ecsInstanceRole']);
    assert.deepEqual(forRole.InstanceProfiles.map((p) => p.InstanceProfileName), ['ecs-hosts']);
    assert.deepEqual(await iamError(server, ['delete-role', '--role-name', 'ecsInstanceRole']), {
      code: 'DeleteConflict', message: 'Cannot delete entity, must remove roles from instance profile first.',
    });
    assert.deepEqual(await iamError(server, ['delete-instance-profile', '--instance-profile-name', 'ecs-hosts']), {
      code: 'DeleteConflict', message: 'Cannot delete entity, must remove roles from instance profile first.',
    });
    await iam(server, ['remove-role-from-instance-profile', '--instance-profile-name', 'ecs-hosts', '--role-name', 'ecsInstanceRole']);
    await iam(server, ['delete-instance-profile', '--instance-profile-name', 'ecs-hosts']);
    await iam(server, ['delete-role', '--role-name', 'ecsInstanceRole']);
    assert.deepEqual(await iamError(server, ['get-role', '--role-name', 'ecsInstanceRole']), {
      code: 'NoSuchEntity', message: 'The role with name ecsInstanceRole cannot be found.',
    });
  });

  it('creates ECS\'s service-linked role once, with its managed policy, and protects it', async () => {
    const { Role: role } = await iam<{ Role: Role }>(server, ['create-service-linked-role', '--aws-service-name', 'ecs.amazonaws.com']);
    assert.equal(role.Arn, 'arn:aws:iam::000000000000:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS');
    const attached = await iam<{ AttachedPolicies: { PolicyArn: string }[] }>(server, ['list-attached-role-policies', '--role-name', 'AWSServiceRoleForECS']);
    assert.deepEqual(attached.AttachedPolicies.map((p) => p.PolicyArn), ['arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy']);
    const again = await iamError(server, ['create-service-linked-role', '--aws-service-name', 'ecs.amazonaws.com']);
    assert.equal(again.code, 'InvalidInput');
    assert.match(again.message, /AWSServiceRoleForECS has been taken in this account/);
    assert.equal((await iamError(server, ['delete-role', '--role-name', 'AWSServiceRoleForECS'])).code, 'UnmodifiableEntity');
    const notAttachable = await iamError(server, ['attach-role-policy', '--role-name', 'other', '--policy-arn', 'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy']);
    assert.equal(notAttachable.code, 'PolicyNotAttachable');
  });
});
