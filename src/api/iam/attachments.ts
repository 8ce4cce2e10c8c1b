// Managed policy attachments: Attach/Detach/ListAttached User, Group and RolePolicies (at most
// 10 per entity, IAM's default quota) and ListEntitiesForPolicy.
import { z } from 'zod';
import { iamKey } from '../../identity/iam/model.js';
import { LimitExceeded, NoSuchEntity, PolicyNotAttachable } from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import type { Reader } from '../../state/store.js';
import { ENTITY_TYPES, type EntityType } from './inlinePolicies.js';
import { pageOf } from './paging.js';
import { findPolicy, requireAttachable, requirePolicy } from './policyRefs.js';
import { accountOf } from './repo.js';
import { refuseServiceLinked } from './roles.js';
import { arn, paging, path, policyPath } from './schema.js';
import { accountEntities, usageOf } from './usage.js';

export const POLICIES_PER_ENTITY = 10;

/** The attached policies' names and ARNs, as ListAttached*Policies answers them. */
export async function attachedShapes(reader: Reader, accountId: string, arns: readonly string[], prefix: string) {
  const out: { PolicyName: string; PolicyArn: string }[] = [];
  for (const a of arns) {
    const ref = await findPolicy(reader, accountId, a);
    if (ref && ref.path.startsWith(prefix)) out.push({ PolicyName: ref.name, PolicyArn: ref.arn });
  }
  return out;
}


function operationsFor(t: EntityType): Record<string, Operation> {
  const entityShape = { [t.nameMember]: t.nameSchema };
  const nameOf = (input: object): string => String((input as Record<string, unknown>)[t.nameMember]);
  return {
    [`Attach${t.noun}Policy`]: operation(z.object({ ...entityShape, PolicyArn: arn }), async (ctx, input) => {
      const acct = accountOf(ctx);
      await ctx.store.transaction(async (tx) => {
        const entity = await t.require(tx, acct, nameOf(input));
        if (t.label === 'role') refuseServiceLinked(entity);
        const ref = await requireAttachable(tx, acct, input.PolicyArn);
        if (ref.scope === 'aws' && !ref.policy.isAttachable) throw new PolicyNotAttachable('Cannot attach a Service Role Policy to a Customer Role.');
        if (entity.attachedPolicies.includes(ref.arn)) return;
        if (entity.attachedPolicies.length >= POLICIES_PER_ENTITY) {
          throw new LimitExceeded(`Cannot exceed quota for PoliciesPer${t.noun}: ${POLICIES_PER_ENTITY}`);
        }
        await tx.put(t.kind, iamKey(acct, entity.name), { ...entity, attachedPolicies: [...entity.attachedPolicies, ref.arn] });
      });
      return {};
    }),

    [`Detach${t.noun}Policy`]: operation(z.object({ ...entityShape, PolicyArn: arn }), async (ctx, input) => {
      const acct = accountOf(ctx);
      await ctx.store.transaction(async (tx) => {
        const entity = await t.require(tx, acct, nameOf(input));
        if (t.label === 'role') refuseServiceLinked(entity);
        if (!entity.attachedPolicies.includes(input.PolicyArn)) throw new NoSuchEntity(`Policy ${input.PolicyArn} was not found.`);
        await tx.put(t.kind, iamKey(acct, entity.name), { ...entity, attachedPolicies: entity.attachedPolicies.filter((a) => a !== input.PolicyArn) });
      });
      return {};
    }),

    [`ListAttached${t.noun}Policies`]: operation(z.object({ ...entityShape, PathPrefix: policyPath.optional(), ...paging }), async (ctx, input) => {
      const acct = accountOf(ctx);
      const entity = await t.require(ctx.store, acct, nameOf(input));
      const page = pageOf(await attachedShapes(ctx.store, acct, entity.attachedPolicies, input.PathPrefix ?? '/'), input);
      return { AttachedPolicies: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
    }),
  };
}

const listEntitiesForPolicy = operation(z.object({
  PolicyArn: arn,
  EntityFilter: z.enum(['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy']).optional(),
  PathPrefix: path.optional(),
  PolicyUsageFilter: z.enum(['PermissionsPolicy', 'PermissionsBoundary']).optional(),
  ...paging,
}), async (ctx, input) => {
  const acct = accountOf(ctx);
  const ref = await requirePolicy(ctx.store, acct, input.PolicyArn);
  const usage = usageOf(await accountEntities(ctx.store, acct), ref.arn);
  const boundary = input.PolicyUsageFilter === 'PermissionsBoundary';
  const policy = input.PolicyUsageFilter === 'PermissionsPolicy';
  const users = [...(boundary ? [] : usage.users), ...(policy ? [] : usage.boundaryUsers)];
  const roles = [...(boundary ? [] : usage.roles), ...(policy ? [] : usage.boundaryRoles)];
  const groups = boundary ? [] : usage.groups;
  const prefix = input.PathPrefix ?? '/';
  const want = (type: 'User' | 'Role' | 'Group') => input.EntityFilter === undefined || input.EntityFilter === type;
  const unique = <T extends { id: string; path: string }>(list: T[]) =>
    list.filter((e, i) => e.path.startsWith(prefix) && list.findIndex((o) => o.id === e.id) === i);
  const page = pageOf([
    ...(want('Group') ? unique(groups).map((g) => ({ type: 'group' as const, name: g.name, id: g.id })) : []),
    ...(want('User') ? unique(users).map((u) => ({ type: 'user' as const, name: u.name, id: u.id })) : []),
    ...(want('Role') ? unique(roles).map((r) => ({ type: 'role' as const, name: r.name, id: r.id })) : []),
  ], input);
  return {
    PolicyGroups: page.items.filter((e) => e.type === 'group').map((e) => ({ GroupName: e.name, GroupId: e.id })),
    PolicyUsers: page.items.filter((e) => e.type === 'user').map((e) => ({ UserName: e.name, UserId: e.id })),
    PolicyRoles: page.items.filter((e) => e.type === 'role').map((e) => ({ RoleName: e.name, RoleId: e.id })),
    IsTruncated: page.IsTruncated,
    Marker: page.Marker,
  };
});

export const attachmentOperations: Record<string, Operation> = Object.assign(
  { ListEntitiesForPolicy: listEntitiesForPolicy },
  ...ENTITY_TYPES.map(operationsFor),
);
