// Permissions boundaries: Put/Delete User and Role PermissionsBoundary. A boundary is a managed
// policy's ARN (customer or AWS managed) kept in the user or role.
import { z } from 'zod';
import { IAM_ROLES, IAM_USERS, iamKey } from '../../identity/iam/model.js';
import { PolicyNotAttachable } from '../../protocol/errors.js';
import { operation } from '../../protocol/operation.js';
import type { Reader } from '../../state/store.js';
import { requireAttachable } from './policyRefs.js';
import { accountOf, requireRole, requireUser } from './repo.js';
import { refuseServiceLinked } from './roles.js';
import { arn, roleName, userName } from './schema.js';

async function boundaryArn(reader: Reader, accountId: string, policyArn: string): Promise<string> {
  const ref = await requireAttachable(reader, accountId, policyArn);
  if (ref.scope === 'aws' && !ref.policy.isAttachable) throw new PolicyNotAttachable(`Policy ${policyArn} is not attachable.`);
  return ref.arn;
}

export const boundaryOperations = {
  PutUserPermissionsBoundary: operation(z.object({ UserName: userName, PermissionsBoundary: arn }), async (ctx, input) => {
    const acct = accountOf(ctx);
    await ctx.store.transaction(async (tx) => {
      const user = await requireUser(tx, acct, input.UserName);
      const boundary = await boundaryArn(tx, acct, input.PermissionsBoundary);
      await tx.put(IAM_USERS, iamKey(acct, user.name), { ...user, permissionsBoundary: boundary });
    });
    return {};
  }),

  DeleteUserPermissionsBoundary: operation(z.object({ UserName: userName }), async (ctx, input) => {
    const acct = accountOf(ctx);
    await ctx.store.transaction(async (tx) => {
      const user = { ...(await requireUser(tx, acct, input.UserName)) };
      delete user.permissionsBoundary;
      await tx.put(IAM_USERS, iamKey(acct, user.name), user);
    });
    return {};
  }),

  PutRolePermissionsBoundary: operation(z.object({ RoleName: roleName, PermissionsBoundary: arn }), async (ctx, input) => {
    const acct = accountOf(ctx);
    await ctx.store.transaction(async (tx) => {
      const role = await requireRole(tx, acct, input.RoleName);
      refuseServiceLinked(role);
      const boundary = await boundaryArn(tx, acct, input.PermissionsBoundary);
      await tx.put(IAM_ROLES, iamKey(acct, role.name), { ...role, permissionsBoundary: boundary });
    });
    return {};
  }),

  DeleteRolePermissionsBoundary: operation(z.object({ RoleName: roleName }), async (ctx, input) => {
    const acct = accountOf(ctx);
    await ctx.store.transaction(async (tx) => {
      const role = { ...(await requireRole(tx, acct, input.RoleName)) };
      refuseServiceLinked(role);
      delete role.permissionsBoundary;
      await tx.put(IAM_ROLES, iamKey(acct, role.name), role);
    });
    return {};
  }),
};
