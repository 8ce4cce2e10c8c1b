// Instance profiles: CreateInstanceProfile, GetInstanceProfile, ListInstanceProfiles,
// DeleteInstanceProfile, AddRoleToInstanceProfile (one role, IAM's quota),
// RemoveRoleFromInstanceProfile, ListInstanceProfilesForRole.
import { z } from 'zod';
import { IAM_INSTANCE_PROFILES, IAM_ROLES, iamArn, iamKey, type InstanceProfileRecord, type RoleRecord } from '../../identity/iam/model.js';
import { DeleteConflict, EntityAlreadyExists, LimitExceeded, NoSuchEntity } from '../../protocol/errors.js';
import { operation } from '../../protocol/operation.js';
import type { Reader } from '../../state/store.js';
import { pageOf } from './paging.js';
import { accountOf, listAccount, now, requireInstanceProfile, requireRole, uniqueId } from './repo.js';
import { profilesOfRole } from './roles.js';
import { instanceProfileName, path, pathPrefix, paging, roleName, tagList } from './schema.js';
import { instanceProfileShape } from './shapes.js';
import { requestTags } from './tags.js';

export const ROLES_PER_INSTANCE_PROFILE = 1;

export async function rolesOf(reader: Reader, profile: InstanceProfileRecord): Promise<RoleRecord[]> {
  const out: RoleRecord[] = [];
  for (const name of profile.roles) {
    const role = await reader.get<RoleRecord>(IAM_ROLES, iamKey(profile.accountId, name));
    if (role) out.push(role);
  }
  return out;
}

async function shapes(reader: Reader, profiles: readonly InstanceProfileRecord[]) {
  const out = [];
  for (const p of profiles) out.push(instanceProfileShape(p, await rolesOf(reader, p)));
  return out;
}

export const instanceProfileOperations = {
  CreateInstanceProfile: operation(z.object({
    InstanceProfileName: instanceProfileName,
    Path: path.optional(),
    Tags: tagList.optional(),
  }), async (ctx, input) => {
    const acct = accountOf(ctx);
    const tags = requestTags(input.Tags);
    return ctx.store.transaction(async (tx) => {
      if (await tx.get(IAM_INSTANCE_PROFILES, iamKey(acct, input.InstanceProfileName))) {
        throw new EntityAlreadyExists(`Instance Profile ${input.InstanceProfileName} already exists.`);
      }
      const p = input.Path ?? '/';
      const profile: InstanceProfileRecord = {
        accountId: acct, name: input.InstanceProfileName, path: p, id: uniqueId(ctx, 'AIPA'),
        arn: iamArn(acct, 'instance-profile', p, input.InstanceProfileName), createDate: now(ctx), roles: [], tags,
      };
      await tx.put(IAM_INSTANCE_PROFILES, iamKey(acct, profile.name), profile);
      return { InstanceProfile: instanceProfileShape(profile, []) };
    });
  }),

  GetInstanceProfile: operation(z.object({ InstanceProfileName: instanceProfileName }), async (ctx, input) => {
    const profile = await requireInstanceProfile(ctx.store, accountOf(ctx), input.InstanceProfileName);
    return { InstanceProfile: instanceProfileShape(profile, await rolesOf(ctx.store, profile)) };
  }),

  ListInstanceProfiles: operation(z.object({ PathPrefix: pathPrefix.optional(), ...paging }), async (ctx, input) => {
    const all = await listAccount<InstanceProfileRecord>(ctx.store, IAM_INSTANCE_PROFILES, accountOf(ctx));
    const page = pageOf(all.filter((p) => p.path.startsWith(input.PathPrefix ?? '/')), input);
    return { InstanceProfiles: await shapes(ctx.store, page.items), IsTruncated: page.IsTruncated, Marker: page.Marker };
  }),

  DeleteInstanceProfile: operation(z.object({ InstanceProfileName: instanceProfileName }), async (ctx, input) => {
    const acct = accountOf(ctx);
    await ctx.store.transaction(async (tx) => {
      const profile = await requireInstanceProfile(tx, acct, input.InstanceProfileName);
      if (profile.roles.length > 0) throw new DeleteConflict('Cannot delete entity, must remove roles from instance profile first.');
      await tx.delete(IAM_INSTANCE_PROFILES, iamKey(acct, profile.name));
    });
    return {};
  }),

  AddRoleToInstanceProfile: operation(z.object({ InstanceProfileName: instanceProfileName, RoleName: roleName }), async (ctx, input) => {
    const acct = accountOf(ctx);
    await ctx.store.transaction(async (tx) => {
      const profile = await requireInstanceProfile(tx, acct, input.InstanceProfileName);
      const role = await requireRole(tx, acct, input.RoleName);
      if (profile.roles.some((r) => r.toLowerCase() === role.name.toLowerCase())) {
        throw new EntityAlreadyExists(`The role with name ${role.name} already exists in instance profile ${profile.name}.`);
      }
      if (profile.roles.length >= ROLES_PER_INSTANCE_PROFILE) {
        throw new LimitExceeded(`Cannot exceed quota for InstanceSessionsPerInstanceProfile: ${ROLES_PER_INSTANCE_PROFILE}`);
      }
      await tx.put(IAM_INSTANCE_PROFILES, iamKey(acct, profile.name), { ...profile, roles: [...profile.roles, role.name] });
    });
    return {};
  }),

  RemoveRoleFromInstanceProfile: operation(z.object({ InstanceProfileName: instanceProfileName, RoleName: roleName }), async (ctx, input) => {
    const acct = accountOf(ctx);
    await ctx.store.transaction(async (tx) => {
      const profile = await requireInstanceProfile(tx, acct, input.InstanceProfileName);
      const roles = profile.roles.filter((r) => r.toLowerCase() !== input.RoleName.toLowerCase());
      if (roles.length === profile.roles.length) throw new NoSuchEntity(`The role with name ${input.RoleName} cannot be found.`);
      await tx.put(IAM_INSTANCE_PROFILES, iamKey(acct, profile.name), { ...profile, roles });
    });
    return {};
  }),

  ListInstanceProfilesForRole: operation(z.object({ RoleName: roleName, ...paging }), async (ctx, input) => {
    const role = await requireRole(ctx.store, accountOf(ctx), input.RoleName);
    const page = pageOf(await profilesOfRole(ctx.store, role), input);
    return { InstanceProfiles: await shapes(ctx.store, page.items), IsTruncated: page.IsTruncated, Marker: page.Marker };
  }),
};
