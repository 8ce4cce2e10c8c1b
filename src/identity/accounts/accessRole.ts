// The role every account made by CreateAccount gets, as AWS makes it: named by the request's
// RoleName (OrganizationAccountAccessRole by default), trusting the management account, with
// AdministratorAccess attached.
import { IAM_ROLES, iamArn, iamKey, type RoleRecord } from '../iam/model.js';

export const DEFAULT_ACCESS_ROLE = 'OrganizationAccountAccessRole';
export const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

export interface AccessRoleInput {
  accountId: string;
  managementAccountId: string;
  roleName: string;
  roleId: string;
  now: Date;
}

export function trustManagementAccount(managementAccountId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${managementAccountId}:root` }, Action: 'sts:AssumeRole' }],
  });
}

export function accessRole(input: AccessRoleInput): { kind: string; key: string; record: RoleRecord } {
  const record: RoleRecord = {
    accountId: input.accountId,
    name: input.roleName,
    path: '/',
    id: input.roleId,
    arn: iamArn(input.accountId, 'role', '/', input.roleName),
    createDate: input.now.toISOString(),
    inlinePolicies: [],
    attachedPolicies: [ADMINISTRATOR_ACCESS],
    tags: [],
    assumeRolePolicyDocument: trustManagementAccount(input.managementAccountId),
    maxSessionDuration: 3600,
  };
  return { kind: IAM_ROLES, key: iamKey(input.accountId, input.roleName), record };
}
