// Who uses which managed policy in an account: attachments (AttachmentCount, ListEntitiesForPolicy,
// DeletePolicy's conflict) and permissions boundaries (PermissionsBoundaryUsageCount), computed from
// the users, groups and roles themselves so that no count can drift from them.
import {
  IAM_GROUPS,
  IAM_ROLES,
  IAM_USERS,
  type GroupRecord,
  type RoleRecord,
  type UserRecord,
} from '../../identity/iam/model.js';
import type { Reader } from '../../state/store.js';
import { listAccount } from './repo.js';

export interface Entities {
  users: UserRecord[];
  groups: GroupRecord[];
  roles: RoleRecord[];
}

export interface Usage {
  users: UserRecord[];
  groups: GroupRecord[];
  roles: RoleRecord[];
  boundaryUsers: UserRecord[];
  boundaryRoles: RoleRecord[];
}

export async function accountEntities(reader: Reader, accountId: string): Promise<Entities> {
  const [users, groups, roles] = await Promise.all([
    listAccount<UserRecord>(reader, IAM_USERS, accountId),
    listAccount<GroupRecord>(reader, IAM_GROUPS, accountId),
    listAccount<RoleRecord>(reader, IAM_ROLES, accountId),
  ]);
  return { users, groups, roles };
}

export function usageOf(entities: Entities, policyArn: string): Usage {
  return {
    users: entities.users.filter((u) => u.attachedPolicies.includes(policyArn)),
    groups: entities.groups.filter((g) => g.attachedPolicies.includes(policyArn)),
    roles: entities.roles.filter((r) => r.attachedPolicies.includes(policyArn)),
    boundaryUsers: entities.users.filter((u) => u.permissionsBoundary === policyArn),
    boundaryRoles: entities.roles.filter((r) => r.permissionsBoundary === policyArn),
  };
}

export function attachmentCount(u: Usage): number {
  return u.users.length + u.groups.length + u.roles.length;
}

export function boundaryCount(u: Usage): number {
  return u.boundaryUsers.length + u.boundaryRoles.length;
}
