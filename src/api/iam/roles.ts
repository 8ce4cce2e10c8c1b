// Roles: CreateRole, GetRole, ListRoles, UpdateRole, UpdateAssumeRolePolicy, DeleteRole,
// TagRole, UntagRole, ListRoleTags, CreateServiceLinkedRole.
import { z } from 'zod';
import { IAM_INSTANCE_PROFILES, IAM_ROLES, iamArn, iamKey, type InstanceProfileRecord, type RoleRecord } from '../../identity/iam/model.js';
import type { Context } from '../../protocol/context.js';
import { DeleteConflict, EntityAlreadyExists, InvalidInput, UnmodifiableEntity } from '../../protocol/errors.js';
import { operation } from '../../protocol/operation.js';
import type { Reader } from '../../state/store.js';
import { checkTrustPolicy } from './documents.js';
import { pageOf } from './paging.js';
import { requireAttachable } from './policyRefs.js';
import { accountOf, listAccount, now, requireRole, uniqueId } from './repo.js';
import { arn, groupName, maxSessionDuration, path, pathPrefix, paging, policyDocument, roleDescription, roleName, tagKeyList, tagList, text } from './schema.js';
import { isServiceLinked, SERVICE_LINKED_ROLES, serviceLinkedPath, serviceTrustPolicy } from './serviceLinked.js';
import { roleShape, tagsShape } from './shapes.js';
import { mergeTags, removeTags, requestTags } from './tags.js';

/** IAM's refusal to change a service-linked role except through its service. */
export function refuseServiceLinked(role: Pick<RoleRecord, 'name' | 'path'>): void {
  if (isServiceLinked(role.path)) {
    throw new UnmodifiableEntity(`Cannot perform the operation on the protected role '${role.name}' - this role is only modifiable by AWS`);
  }
}

export async function profilesOfRole(reader: Reader, role: RoleRecord): Promise<InstanceProfileRecord[]> {
  const all = await listAccount<InstanceProfileRecord>(reader, IAM_INSTANCE_PROFILES, role.accountId);
  return all.filter((p) => p.roles.some((r) => r.toLowerCase() === role.name.toLowerCase()));
}

interface NewRole {
  name: string;
  path: string;
  trust: string;
  description?: string | undefined;
  maxSessionDuration?: number | undefined;
  boundary?: string | undefined;
  tags?: RoleRecord['tags'];
  attached?: string[];
}

function newRole(ctx: Context, r: NewRole): RoleRecord {
  const acct = accountOf(ctx);
  return {
    accountId: acct, name: r.name, path: r.path, id: uniqueId(ctx, 'AROA'), arn: iamArn(acct, 'role', r.path, r.name),
    createDate: now(ctx), inlinePolicies: [], attachedPolicies: r.attached ?? [], tags: r.tags ?? [],
    assumeRolePolicyDocument: r.trust, maxSessionDuration: r.maxSessionDuration ?? 3600,
    ...(r.description === undefined ? {} : { description: r.description }),
    ...(r.boundary === undefined ? {} : { permissionsBoundary: r.boundary }),
  };
}

export const roleOperations = {
  CreateRole: operation(z.object({
    RoleName: roleName,
    Path: path.optional(),
    AssumeRolePolicyDocument: policyDocument,
    Description: roleDescription.optional(),
    MaxSessionDuration: maxSessionDuration.optional(),
    PermissionsBoundary: arn.optional(),
    Tags: tagList.optional(),
  }), async (ctx, input) => {
    const acct = accountOf(ctx);
    const tags = requestTags(input.Tags);
    checkTrustPolicy(input.AssumeRolePolicyDocument);
    return ctx.store.transaction(async (tx) => {
      if (await tx.get(IAM_ROLES, iamKey(acct, input.RoleName))) throw new EntityAlreadyExists(`Role with name ${input.RoleName} already exists.`);
      const boundary = input.PermissionsBoundary === undefined ? undefined : await requireAttachable(tx, acct, input.PermissionsBoundary);
      const role = newRole(ctx, {
        name: input.RoleName, path: input.Path ?? '/', trust: input.AssumeRolePolicyDocument, description: input.Description,
        maxSessionDuration: input.MaxSessionDuration, boundary: boundary?.arn, tags,
      });
      await tx.put(IAM_ROLES, iamKey(acct, role.name), role);
      return { Role: roleShape(role, true) };
    });
  }),

  GetRole: operation(z.object({ RoleName: roleName }), async (ctx, input) => ({
    Role: roleShape(await requireRole(ctx.store, accountOf(ctx), input.RoleName), true),
  })),

  ListRoles: operation(z.object({ PathPrefix: pathPrefix.optional(), ...paging }), async (ctx, input) => {
    const roles = await listAccount<RoleRecord>(ctx.store, IAM_ROLES, accountOf(ctx));
    const page = pageOf(roles.filter((r) => r.path.startsWith(input.PathPrefix ?? '/')), input);
    return { Roles: page.items.map((r) => roleShape(r, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
  }),

  UpdateRole: operation(z.object({
    RoleName: roleName,
    Description: roleDescription.optional(),
    MaxSessionDuration: maxSessionDuration.optional(),
  }), async (ctx, input) => {
    const acct = accountOf(ctx);
    await ctx.store.transaction(async (tx) => {
      const role = await requireRole(tx, acct, input.RoleName);
      refuseServiceLinked(role);
      await tx.put(IAM_ROLES, iamKey(acct, role.name), {
        ...role,
        ...(input.Description === undefined ? {} : { description: input.Description }),
        ...(input.MaxSessionDuration === undefined ? {} : { maxSessionDuration: input.MaxSessionDuration }),
      });
    });
    return {};
  }),

  UpdateAssumeRolePolicy: operation(z.object({ RoleName: roleName, PolicyDocument: policyDocument }), async (ctx, input) => {
    const acct = accountOf(ctx);
    checkTrustPolicy(input.PolicyDocument);
    await ctx.store.transaction(async (tx) => {
      const role = await requireRole(tx, acct, input.RoleName);
      refuseServiceLinked(role);
      await tx.put(IAM_ROLES, iamKey(acct, role.name), { ...role, assumeRolePolicyDocument: input.PolicyDocument });
    });
    return {};
  }),

  DeleteRole: operation(z.object({ RoleName: roleName }), async (ctx, input) => {
    const acct = accountOf(ctx);
    await ctx.store.transaction(async (tx) => {
      const role = await requireRole(tx, acct, input.RoleName);
      refuseServiceLinked(role);
      if ((await profilesOfRole(tx, role)).length > 0) throw new DeleteConflict('Cannot delete entity, must remove roles from instance profile first.');
      if (role.inlinePolicies.length > 0) throw new DeleteConflict('Cannot delete entity, must delete policies first.');
      if (role.attachedPolicies.length > 0) throw new DeleteConflict('Cannot delete entity, must detach all policies first.');
      await tx.delete(IAM_ROLES, iamKey(acct, role.name));
    });
    return {};
  }),

  TagRole: operation(z.object({ RoleName: roleName, Tags: tagList }), async (ctx, input) => {
    const acct = accountOf(ctx);
    const added = requestTags(input.Tags);
    await ctx.store.transaction(async (tx) => {
      const role = await requireRole(tx, acct, input.RoleName);
      await tx.put(IAM_ROLES, iamKey(acct, role.name), { ...role, tags: mergeTags(role.tags, added) });
    });
    return {};
  }),

  UntagRole: operation(z.object({ RoleName: roleName, TagKeys: tagKeyList }), async (ctx, input) => {
    const acct = accountOf(ctx);
    await ctx.store.transaction(async (tx) => {
      const role = await requireRole(tx, acct, input.RoleName);
      await tx.put(IAM_ROLES, iamKey(acct, role.name), { ...role, tags: removeTags(role.tags, input.TagKeys) });
    });
    return {};
  }),

  ListRoleTags: operation(z.object({ RoleName: roleName, ...paging }), async (ctx, input) => {
    const role = await requireRole(ctx.store, accountOf(ctx), input.RoleName);
    const page = pageOf(role.tags, input);
    return { Tags: tagsShape(page.items), IsTruncated: page.IsTruncated, Marker: page.Marker };
  }),

  CreateServiceLinkedRole: operation(z.object({
    AWSServiceName: groupName,
    Description: roleDescription.optional(),
    CustomSuffix: text(1, 64, '[\\w+=,.@-]+').optional(),
  }), async (ctx, input) => {
    const acct = accountOf(ctx);
    const linked = SERVICE_LINKED_ROLES.find((s) => s.service === input.AWSServiceName);
    // Wharf knows only the services it serves; AWS answers an unknown service name this way too.
    if (!linked) throw new InvalidInput(`Service name ${input.AWSServiceName} is not eligible for a service-linked role.`);
    if (input.CustomSuffix !== undefined) throw new InvalidInput(`Custom suffix is not allowed for ${linked.service}`);
    return ctx.store.transaction(async (tx) => {
      if (await tx.get(IAM_ROLES, iamKey(acct, linked.roleName))) {
        throw new InvalidInput(`Service role name ${linked.roleName} has been taken in this account, please try a different suffix.`);
      }
      const role = newRole(ctx, {
        name: linked.roleName, path: serviceLinkedPath(linked.service), trust: serviceTrustPolicy(linked.service),
        description: input.Description ?? linked.description, attached: [linked.policyArn],
      });
      await tx.put(IAM_ROLES, iamKey(acct, role.name), role);
      return { Role: roleShape(role, false) };
    });
  }),
};
