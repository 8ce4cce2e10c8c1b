// What each IAM operation needs to be authorized, keyed as the dispatch table (index.ts) keys it,
// from the Service Authorization Reference for AWS Identity and Access Management (prefix iam;
// resource types user, group, role, policy, instance-profile: arn:aws:iam::ACCOUNT:TYPE/PATH/NAME).
// IAM's resources live in the caller's account (the service is marked callerAccount), so the ARNs
// are built in it. An operation that names no user acts on the caller (GetUser, CreateAccessKey,
// ListAccessKeys: what `${aws:username}` self-service policies rely on).
//
// Rows build ARNs from the request alone: a create knows its path, every other operation names
// the entity at path `/` (a policy scoped to `user/division/*` matches a user at that path only on
// create). Reading the entity's path would need a Store lookup the rows do not make.
import { z } from 'zod';
import { anyResource, requestTagConditions, row, tagKeyConditions, type ConditionValues, type PermissionRequest, type PermissionTable } from '../../protocol/authorization.js';
import { iamArn } from '../../identity/iam/model.js';

type Kind = 'user' | 'group' | 'role' | 'instance-profile';

const opt = z.string().optional();
const named = z.object({
  UserName: opt, GroupName: opt, RoleName: opt, InstanceProfileName: opt, Path: opt,
  PolicyArn: opt, PolicyName: opt, PolicySourceArn: opt, PermissionsBoundary: opt, AWSServiceName: opt,
  Tags: z.array(z.object({ Key: z.string(), Value: z.string().optional() }).loose()).optional(),
  TagKeys: z.array(z.string()).optional(),
}).loose();
type Named = z.output<typeof named>;

const FIELD: Record<Kind, 'UserName' | 'GroupName' | 'RoleName' | 'InstanceProfileName'> = {
  user: 'UserName', group: 'GroupName', role: 'RoleName', 'instance-profile': 'InstanceProfileName',
};

/** The entity a request names, at its create path or `/`; the caller when it names no user. */
function entity(kind: Kind, req: PermissionRequest<Named>): string[] {
  const name = req.input[FIELD[kind]];
  if (name === undefined) return kind === 'user' && req.caller ? [req.caller] : ['*'];
  return [iamArn(req.account.accountId, kind, req.input.Path ?? '/', name)];
}

function tagConditions(input: Named): ConditionValues {
  return requestTagConditions(input.Tags?.map((t) => ({ key: t.Key, value: t.Value })));
}

function withBoundary(input: Named): ConditionValues {
  return input.PermissionsBoundary ? { 'iam:PermissionsBoundary': input.PermissionsBoundary } : {};
}

const on = (kind: Kind, action: string) => row(named, { action, resources: (req) => entity(kind, req) });

/** Attach/Detach: the entity, with iam:PolicyARN naming the policy. */
const attaching = (kind: Kind, action: string) => row(named, {
  action,
  resources: (req) => entity(kind, req),
  conditions: ({ input }): ConditionValues => (input.PolicyArn ? { 'iam:PolicyARN': input.PolicyArn } : {}),
});

/** A create of a taggable entity: its new ARN, the tags it carries, its boundary. */
const creating = (kind: Kind, action: string, tagAction: string) => row(named, {
  action,
  resources: (req) => entity(kind, req),
  conditions: ({ input }) => ({ ...tagConditions(input), ...withBoundary(input) }),
  also: (req) => (req.input.Tags && req.input.Tags.length > 0
    ? [{ action: tagAction, resources: entity(kind, req), conditions: tagConditions(req.input) }]
    : []),
});

const tagging = (kind: Kind, action: string) => row(named, { action, resources: (req) => entity(kind, req), conditions: ({ input }) => tagConditions(input) });
const untagging = (kind: Kind, action: string) => row(named, { action, resources: (req) => entity(kind, req), conditions: ({ input }) => tagKeyConditions(input.TagKeys) });
const boundary = (kind: Kind, action: string) => row(named, { action, resources: (req) => entity(kind, req), conditions: ({ input }) => withBoundary(input) });

/** A managed policy: the ARN it names, or the one CreatePolicy makes. */
const onPolicy = (action: string) => row(named, {
  action,
  resources: ({ input, account }) => [input.PolicyArn ?? (input.PolicyName ? iamArn(account.accountId, 'policy', input.Path ?? '/', input.PolicyName) : '*')],
});

export const iamPermissions: PermissionTable = {
  // users
  CreateUser: creating('user', 'iam:CreateUser', 'iam:TagUser'),
  GetUser: on('user', 'iam:GetUser'),
  ListUsers: anyResource('iam:ListUsers'),
  UpdateUser: on('user', 'iam:UpdateUser'),
  DeleteUser: on('user', 'iam:DeleteUser'),
  TagUser: tagging('user', 'iam:TagUser'),
  UntagUser: untagging('user', 'iam:UntagUser'),
  ListUserTags: on('user', 'iam:ListUserTags'),
  // access keys: the user they belong to (the caller when none is named)
  CreateAccessKey: on('user', 'iam:CreateAccessKey'),
  ListAccessKeys: on('user', 'iam:ListAccessKeys'),
  UpdateAccessKey: on('user', 'iam:UpdateAccessKey'),
  DeleteAccessKey: on('user', 'iam:DeleteAccessKey'),
  // The request names only the key id; whose key it is needs a lookup.
  GetAccessKeyLastUsed: anyResource('iam:GetAccessKeyLastUsed'),
  // groups
  CreateGroup: on('group', 'iam:CreateGroup'),
  GetGroup: on('group', 'iam:GetGroup'),
  ListGroups: anyResource('iam:ListGroups'),
  ListGroupsForUser: on('user', 'iam:ListGroupsForUser'),
  AddUserToGroup: on('group', 'iam:AddUserToGroup'),
  RemoveUserFromGroup: on('group', 'iam:RemoveUserFromGroup'),
  DeleteGroup: on('group', 'iam:DeleteGroup'),
  // roles
  CreateRole: creating('role', 'iam:CreateRole', 'iam:TagRole'),
  GetRole: on('role', 'iam:GetRole'),
  ListRoles: anyResource('iam:ListRoles'),
  UpdateRole: on('role', 'iam:UpdateRole'),
  UpdateAssumeRolePolicy: on('role', 'iam:UpdateAssumeRolePolicy'),
  DeleteRole: on('role', 'iam:DeleteRole'),
  TagRole: tagging('role', 'iam:TagRole'),
  UntagRole: untagging('role', 'iam:UntagRole'),
  ListRoleTags: on('role', 'iam:ListRoleTags'),
  CreateServiceLinkedRole: row(named, {
    action: 'iam:CreateServiceLinkedRole',
    // Wharf makes only ECS's service-linked role (AWSServiceRoleForECS at its service path).
    resources: ({ input, account }) => [input.AWSServiceName
      ? iamArn(account.accountId, 'role', `/aws-service-role/${input.AWSServiceName}/`, 'AWSServiceRoleForECS')
      : '*'],
    conditions: ({ input }): ConditionValues => (input.AWSServiceName ? { 'iam:AWSServiceName': input.AWSServiceName } : {}),
  }),
  // inline policies
  PutUserPolicy: on('user', 'iam:PutUserPolicy'),
  GetUserPolicy: on('user', 'iam:GetUserPolicy'),
  ListUserPolicies: on('user', 'iam:ListUserPolicies'),
  DeleteUserPolicy: on('user', 'iam:DeleteUserPolicy'),
  PutGroupPolicy: on('group', 'iam:PutGroupPolicy'),
  GetGroupPolicy: on('group', 'iam:GetGroupPolicy'),
  ListGroupPolicies: on('group', 'iam:ListGroupPolicies'),
  DeleteGroupPolicy: on('group', 'iam:DeleteGroupPolicy'),
  PutRolePolicy: on('role', 'iam:PutRolePolicy'),
  GetRolePolicy: on('role', 'iam:GetRolePolicy'),
  ListRolePolicies: on('role', 'iam:ListRolePolicies'),
  DeleteRolePolicy: on('role', 'iam:DeleteRolePolicy'),
  // managed policies
  CreatePolicy: row(named, {
    action: 'iam:CreatePolicy',
    resources: ({ input, account }) => [input.PolicyName ? iamArn(account.accountId, 'policy', input.Path ?? '/', input.PolicyName) : '*'],
    conditions: ({ input }) => tagConditions(input),
  }),
  GetPolicy: onPolicy('iam:GetPolicy'),
  ListPolicies: anyResource('iam:ListPolicies'),
  DeletePolicy: onPolicy('iam:DeletePolicy'),
  CreatePolicyVersion: onPolicy('iam:CreatePolicyVersion'),
  GetPolicyVersion: onPolicy('iam:GetPolicyVersion'),
  ListPolicyVersions: onPolicy('iam:ListPolicyVersions'),
  DeletePolicyVersion: onPolicy('iam:DeletePolicyVersion'),
  SetDefaultPolicyVersion: onPolicy('iam:SetDefaultPolicyVersion'),
  ListEntitiesForPolicy: onPolicy('iam:ListEntitiesForPolicy'),
  // attachments
  AttachUserPolicy: attaching('user', 'iam:AttachUserPolicy'),
  DetachUserPolicy: attaching('user', 'iam:DetachUserPolicy'),
  ListAttachedUserPolicies: on('user', 'iam:ListAttachedUserPolicies'),
  AttachGroupPolicy: attaching('group', 'iam:AttachGroupPolicy'),
  DetachGroupPolicy: attaching('group', 'iam:DetachGroupPolicy'),
  ListAttachedGroupPolicies: on('group', 'iam:ListAttachedGroupPolicies'),
  AttachRolePolicy: attaching('role', 'iam:AttachRolePolicy'),
  DetachRolePolicy: attaching('role', 'iam:DetachRolePolicy'),
  ListAttachedRolePolicies: on('role', 'iam:ListAttachedRolePolicies'),
  // permissions boundaries
  PutUserPermissionsBoundary: boundary('user', 'iam:PutUserPermissionsBoundary'),
  DeleteUserPermissionsBoundary: on('user', 'iam:DeleteUserPermissionsBoundary'),
  PutRolePermissionsBoundary: boundary('role', 'iam:PutRolePermissionsBoundary'),
  DeleteRolePermissionsBoundary: on('role', 'iam:DeleteRolePermissionsBoundary'),
  // instance profiles
  CreateInstanceProfile: row(named, {
    action: 'iam:CreateInstanceProfile',
    resources: (req) => entity('instance-profile', req),
    conditions: ({ input }) => tagConditions(input),
  }),
  GetInstanceProfile: on('instance-profile', 'iam:GetInstanceProfile'),
  ListInstanceProfiles: anyResource('iam:ListInstanceProfiles'),
  DeleteInstanceProfile: on('instance-profile', 'iam:DeleteInstanceProfile'),
  AddRoleToInstanceProfile: on('instance-profile', 'iam:AddRoleToInstanceProfile'),
  RemoveRoleFromInstanceProfile: on('instance-profile', 'iam:RemoveRoleFromInstanceProfile'),
  ListInstanceProfilesForRole: on('role', 'iam:ListInstanceProfilesForRole'),
  // the account
  GetAccountSummary: anyResource('iam:GetAccountSummary'),
  GetAccountAuthorizationDetails: anyResource('iam:GetAccountAuthorizationDetails'),
  // simulation: the user, group or role whose policies are simulated; custom documents name none
  SimulatePrincipalPolicy: row(named, { action: 'iam:SimulatePrincipalPolicy', resources: ({ input }) => [input.PolicySourceArn ?? '*'] }),
  SimulateCustomPolicy: anyResource('iam:SimulateCustomPolicy'),
};

