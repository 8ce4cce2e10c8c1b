// Users: CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser, TagUser, UntagUser, ListUserTags.
import { z } from 'zod';
import { ACCESS_KEYS, type AccessKey } from '../../identity/accessKeys.js';
import { IAM_USERS, iamArn, iamKey, type UserRecord } from '../../identity/iam/model.js';
import type { Context } from '../../protocol/context.js';
import { DeleteConflict, EntityAlreadyExists } from '../../protocol/errors.js';
import { operation } from '../../protocol/operation.js';
import type { Tx } from '../../state/store.js';
import { callerOf } from './caller.js';
import { pageOf } from './paging.js';
import { requireAttachable } from './policyRefs.js';
import { accountOf, listAccount, now, requireUser, uniqueId, USER_ACCESS_KEYS, userAccessKeyIds, userKeyPrefix } from './repo.js';
import { existingUserName, path, pathPrefix, arn, paging, tagKeyList, tagList, userName } from './schema.js';
import { tagsShape, userShape } from './shapes.js';
import { mergeTags, removeTags, requestTags } from './tags.js';

async function rootUser(ctx: Context) {
  // The account's root as GetUser answers it: no name or path, the account id as its id.
  const kept = await ctx.store.get<{ accessKeyId: string }>('iam/root-key', 'root');
  const key = kept ? await ctx.store.get<AccessKey>(ACCESS_KEYS, kept.accessKeyId) : undefined;
  const acct = accountOf(ctx);
  return { User: { UserId: acct, Arn: `arn:aws:iam::${acct}:root`, CreateDate: key?.principal.accountId === acct ? key.createDate : now(ctx) } };
}

/** Moves a renamed user's access keys (the index and the principal their requests act as). */
async function repointAccessKeys(tx: Tx, accountId: string, from: UserRecord, to: UserRecord): Promise<void> {
  for (const id of await userAccessKeyIds(tx, accountId, from.name)) {
    await tx.delete(USER_ACCESS_KEYS, `${userKeyPrefix(accountId, from.name)}${id}`);
    await tx.put(USER_ACCESS_KEYS, `${userKeyPrefix(accountId, to.name)}${id}`, { accessKeyId: id });
    const key = await tx.get<AccessKey>(ACCESS_KEYS, id);
    if (key) await tx.put(ACCESS_KEYS, id, { ...key, principal: { ...key.principal, arn: to.arn } });
  }
}

export const userOperations = {
  CreateUser: operation(z.object({
    UserName: userName,
    Path: path.optional(),
    PermissionsBoundary: arn.optional(),
    Tags: tagList.optional(),
  }), async (ctx, input) => {
    const acct = accountOf(ctx);
    const tags = requestTags(input.Tags);
    return ctx.store.transaction(async (tx) => {
      if (await tx.get(IAM_USERS, iamKey(acct, input.UserName))) throw new EntityAlreadyExists(`User with name ${input.UserName} already exists.`);
      const boundary = input.PermissionsBoundary === undefined ? undefined : await requireAttachable(tx, acct, input.PermissionsBoundary);
      const p = input.Path ?? '/';
      const user: UserRecord = {
        accountId: acct, name: input.UserName, path: p, id: uniqueId(ctx, 'AIDA'), arn: iamArn(acct, 'user', p, input.UserName),
        createDate: now(ctx), inlinePolicies: [], attachedPolicies: [], tags, groups: [],
        ...(boundary ? { permissionsBoundary: boundary.arn } : {}),
      };
      await tx.put(IAM_USERS, iamKey(acct, user.name), user);
      return { User: userShape(user, true) };
    });
  }),

  GetUser: operation(z.object({ UserName: existingUserName.optional() }), async (ctx, input) => {
    const name = input.UserName ?? (() => {
      const caller = callerOf(ctx);
      return caller.kind === 'user' ? caller.userName : undefined;
    })();
    if (name === undefined) return rootUser(ctx);
    return { User: userShape(await requireUser(ctx.store, accountOf(ctx), name), true) };
  }),

  ListUsers: operation(z.object({ PathPrefix: pathPrefix.optional(), ...paging }), async (ctx, input) => {
    const users = await listAccount<UserRecord>(ctx.store, IAM_USERS, accountOf(ctx));
    const page = pageOf(users.filter((u) => u.path.startsWith(input.PathPrefix ?? '/')), input);
    return { Users: page.items.map((u) => userShape(u, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
  }),

  UpdateUser: operation(z.object({ UserName: existingUserName, NewPath: path.optional(), NewUserName: userName.optional() }), async (ctx, input) => {
    const acct = accountOf(ctx);
    await ctx.store.transaction(async (tx) => {
      const user = await requireUser(tx, acct, input.UserName);
      const name = input.NewUserName ?? user.name;
      const p = input.NewPath ?? user.path;
      const renamed = iamKey(acct, name) !== iamKey(acct, user.name);
      if (renamed && (await tx.get(IAM_USERS, iamKey(acct, name)))) throw new EntityAlreadyExists(`User with name ${name} already exists.`);
      const updated: UserRecord = { ...user, name, path: p, arn: iamArn(acct, 'user', p, name) };
      await tx.delete(IAM_USERS, iamKey(acct, user.name));
      await tx.put(IAM_USERS, iamKey(acct, name), updated);
      await repointAccessKeys(tx, acct, user, updated);
    });
    return {};
  }),

  DeleteUser: operation(z.object({ UserName: existingUserName }), async (ctx, input) => {
    const acct = accountOf(ctx);
    await ctx.store.transaction(async (tx) => {
      const user = await requireUser(tx, acct, input.UserName);
      if ((await userAccessKeyIds(tx, acct, user.name)).length > 0) throw new DeleteConflict('Cannot delete entity, must delete access keys first.');
      if (user.inlinePolicies.length > 0) throw new DeleteConflict('Cannot delete entity, must delete policies first.');
      if (user.attachedPolicies.length > 0) throw new DeleteConflict('Cannot delete entity, must detach all policies first.');
      if (user.groups.length > 0) throw new DeleteConflict('Cannot delete entity, must remove user from all groups first.');
      await tx.delete(IAM_USERS, iamKey(acct, user.name));
    });
    return {};
  }),

  TagUser: operation(z.object({ UserName: existingUserName, Tags: tagList }), async (ctx, input) => {
    const acct = accountOf(ctx);
    const added = requestTags(input.Tags);
    await ctx.store.transaction(async (tx) => {
      const user = await requireUser(tx, acct, input.UserName);
      await tx.put(IAM_USERS, iamKey(acct, user.name), { ...user, tags: mergeTags(user.tags, added) });
    });
    return {};
  }),

  UntagUser: operation(z.object({ UserName: existingUserName, TagKeys: tagKeyList }), async (ctx, input) => {
    const acct = accountOf(ctx);
    await ctx.store.transaction(async (tx) => {
      const user = await requireUser(tx, acct, input.UserName);
      await tx.put(IAM_USERS, iamKey(acct, user.name), { ...user, tags: removeTags(user.tags, input.TagKeys) });
    });
    return {};
  }),

  ListUserTags: operation(z.object({ UserName: existingUserName, ...paging }), async (ctx, input) => {
    const user = await requireUser(ctx.store, accountOf(ctx), input.UserName);
    const page = pageOf(user.tags, input);
    return { Tags: tagsShape(page.items), IsTruncated: page.IsTruncated, Marker: page.Marker };
  }),
};
