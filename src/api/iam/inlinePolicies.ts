// Inline policies of users, groups and roles: Put/Get/List/Delete UserPolicy, GroupPolicy and
// RolePolicy, one factory for the three. Documents are identity policies, checked by the policy
// compiler and the entity type's aggregate size quota; IAM returns them URL-encoded.
import { z } from 'zod';
import { IAM_GROUPS, IAM_ROLES, IAM_USERS, iamKey, type EntityCommon, type InlinePolicy } from '../../identity/iam/model.js';
import { LimitExceeded, NoSuchEntity } from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import type { Reader } from '../../state/store.js';
import { checkDocument, INLINE_QUOTA, policySize } from './documents.js';
import { pageOf } from './paging.js';
import { accountOf, requireGroup, requireRole, requireUser } from './repo.js';
import { existingUserName, groupName, paging, policyDocument, policyName, roleName } from './schema.js';
import { encodeDocument } from './xml.js';
import { refuseServiceLinked } from './roles.js';

export interface EntityType {
  /** `user`, `group` or `role`: IAM's word for it in messages. */
  label: 'user' | 'group' | 'role';
  /** The operations' word: User, Group, Role. */
  noun: 'User' | 'Group' | 'Role';
  kind: string;
  nameMember: 'UserName' | 'GroupName' | 'RoleName';
  nameSchema: z.ZodType<string>;
  require: (reader: Reader, accountId: string, name: string) => Promise<EntityCommon>;
}

export const ENTITY_TYPES: readonly EntityType[] = [
  { label: 'user', noun: 'User', kind: IAM_USERS, nameMember: 'UserName', nameSchema: existingUserName, require: requireUser },
  { label: 'group', noun: 'Group', kind: IAM_GROUPS, nameMember: 'GroupName', nameSchema: groupName, require: requireGroup },
  { label: 'role', noun: 'Role', kind: IAM_ROLES, nameMember: 'RoleName', nameSchema: roleName, require: requireRole },
];

function findInline(entity: EntityCommon, name: string): InlinePolicy | undefined {
  return entity.inlinePolicies.find((p) => p.name.toLowerCase() === name.toLowerCase());
}

function notFound(t: EntityType, name: string): Error {
  return new NoSuchEntity(`The ${t.label} policy with name ${name} cannot be found.`);
}

function operationsFor(t: EntityType): Record<string, Operation> {
  // The entity's member (UserName, GroupName or RoleName) is read by name; the rest is typed.
  const entityShape = { [t.nameMember]: t.nameSchema };
  const nameOf = (input: object): string => String((input as Record<string, unknown>)[t.nameMember]);
  return {
    [`Put${t.noun}Policy`]: operation(z.object({ ...entityShape, PolicyName: policyName, PolicyDocument: policyDocument }), async (ctx, input) => {
      const acct = accountOf(ctx);
      checkDocument(input.PolicyDocument, { kind: 'identity' });
      await ctx.store.transaction(async (tx) => {
        const entity = await t.require(tx, acct, nameOf(input));
        if (t.label === 'role') refuseServiceLinked(entity);
        const others = entity.inlinePolicies.filter((p) => p.name.toLowerCase() !== input.PolicyName.toLowerCase());
        const inlinePolicies = [...others, { name: findInline(entity, input.PolicyName)?.name ?? input.PolicyName, document: input.PolicyDocument }];
        const quota = INLINE_QUOTA[t.label];
        if (inlinePolicies.reduce((n, p) => n + policySize(p.document), 0) > quota) {
          throw new LimitExceeded(`Maximum policy size of ${quota} bytes exceeded for ${t.label} ${entity.name}`);
        }
        await tx.put(t.kind, iamKey(acct, entity.name), { ...entity, inlinePolicies });
      });
      return {};
    }),

    [`Get${t.noun}Policy`]: operation(z.object({ ...entityShape, PolicyName: policyName }), async (ctx, input) => {
      const entity = await t.require(ctx.store, accountOf(ctx), nameOf(input));
      const policy = findInline(entity, input.PolicyName);
      if (!policy) throw notFound(t, input.PolicyName);
      return { [t.nameMember]: entity.name, PolicyName: policy.name, PolicyDocument: encodeDocument(policy.document) };
    }),

    [`List${t.noun}Policies`]: operation(z.object({ ...entityShape, ...paging }), async (ctx, input) => {
      const entity = await t.require(ctx.store, accountOf(ctx), nameOf(input));
      const page = pageOf(entity.inlinePolicies.map((p) => p.name), input);
      return { PolicyNames: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
    }),

    [`Delete${t.noun}Policy`]: operation(z.object({ ...entityShape, PolicyName: policyName }), async (ctx, input) => {
      const acct = accountOf(ctx);
      await ctx.store.transaction(async (tx) => {
        const entity = await t.require(tx, acct, nameOf(input));
        if (t.label === 'role') refuseServiceLinked(entity);
        if (!findInline(entity, input.PolicyName)) throw notFound(t, input.PolicyName);
        const inlinePolicies = entity.inlinePolicies.filter((p) => p.name.toLowerCase() !== input.PolicyName.toLowerCase());
        await tx.put(t.kind, iamKey(acct, entity.name), { ...entity, inlinePolicies });
      });
      return {};
    }),
  };
}

export const inlinePolicyOperations: Record<string, Operation> = Object.assign({}, ...ENTITY_TYPES.map(operationsFor));
