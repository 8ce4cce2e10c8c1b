// Groups and membership: CreateGroup, GetGroup (with its users), ListGroups, ListGroupsForUser,
// AddUserToGroup, RemoveUserFromGroup, DeleteGroup. Membership lives in the user record
// (`groups`: the names of its groups), so a group's users are the users naming it.
import { z } from 'zod';
import { IAM_GROUPS, IAM_USERS, iamArn, iamKey, type GroupRecord, type UserRecord } from '../../identity/iam/model.js';
import { DeleteConflict, EntityAlreadyExists, LimitExceeded, NoSuchEntity } from '../../protocol/errors.js';
import { operation } from '../../protocol/operation.js';
import type { Reader } from '../../state/store.js';
import { pageOf } from './paging.js';
import { accountOf, listAccount, now, requireGroup, requireUser, uniqueId } from './repo.js';
import { existingUserName, groupName, path, pathPrefix, paging } from './schema.js';
import { groupShape, userShape } from './shapes.js';

export const GROUPS_PER_USER = 10;

function isMember(user: UserRecord, group: GroupRecord): boolean {
  return user.groups.some((g) => g.toLowerCase() === group.name.toLowerCase());
}

export async function membersOf(reader: Reader, group: GroupRecord): Promise<UserRecord[]> {
  return (await listAccount<UserRecord>(reader, IAM_USERS, group.accountId)).filter((u) => isMember(u, group));
}

export const groupOperations = {
  CreateGroup: operation(z.object({ GroupName: groupName, Path: path.optional() }), async (ctx, input) => {
    const acct = accountOf(ctx);
    return ctx.store.transaction(async (tx) => {
      if (await tx.get(IAM_GROUPS, iamKey(acct, input.GroupName))) throw new EntityAlreadyExists(`Group with name ${input.GroupName} already exists.`);
      const p = input.Path ?? '/';
      const group: GroupRecord = {
        accountId: acct, name: input.GroupName, path: p, id: uniqueId(ctx, 'AGPA'), arn: iamArn(acct, 'group', p, input.GroupName),
        createDate: now(ctx), inlinePolicies: [], attachedPolicies: [],
      };
      await tx.put(IAM_GROUPS, iamKey(acct, group.name), group);
      return { Group: groupShape(group) };
    });
  }),

  GetGroup: operation(z.object({ GroupName: groupName, ...paging }), async (ctx, input) => {
    const group = await requireGroup(ctx.store, accountOf(ctx), input.GroupName);
    const page = pageOf(await membersOf(ctx.store, group), input);
    return { Group: groupShape(group), Users: page.items.map((u) => userShape(u, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
  }),

  ListGroups: operation(z.object({ PathPrefix: pathPrefix.optional(), ...paging }), async (ctx, input) => {
    const groups = await listAccount<GroupRecord>(ctx.store, IAM_GROUPS, accountOf(ctx));
    const page = pageOf(groups.filter((g) => g.path.startsWith(input.PathPrefix ?? '/')), input);
    return { Groups: page.items.map(groupShape), IsTruncated: page.IsTruncated, Marker: page.Marker };
  }),

  ListGroupsForUser: operation(z.object({ UserName: existingUserName, ...paging }), async (ctx, input) => {
    const acct = accountOf(ctx);
    const user = await requireUser(ctx.store, acct, input.UserName);
    const groups: GroupRecord[] = [];
    for (const name of user.groups) {
      const group = await ctx.store.get<GroupRecord>(IAM_GROUPS, iamKey(acct, name));
      if (group) groups.push(group);
    }
    const page = pageOf(groups, input);
    return { Groups: page.items.map(groupShape), IsTruncated: page.IsTruncated, Marker: page.Marker };
  }),

  AddUserToGroup: operation(z.object({ GroupName: groupName, UserName: existingUserName }), async (ctx, input) => {
    const acct = accountOf(ctx);
    await ctx.store.transaction(async (tx) => {
      const group = await requireGroup(tx, acct, input.GroupName);
      const user = await requireUser(tx, acct, input.UserName);
      if (isMember(user, group)) return;
      if (user.groups.length >= GROUPS_PER_USER) throw new LimitExceeded(`Cannot exceed quota for GroupsPerUser: ${GROUPS_PER_USER}`);
      await tx.put(IAM_USERS, iamKey(acct, user.name), { ...user, groups: [...user.groups, group.name] });
    });
    return {};
  }),

  RemoveUserFromGroup: operation(z.object({ GroupName: groupName, UserName: existingUserName }), async (ctx, input) => {
    const acct = accountOf(ctx);
    await ctx.store.transaction(async (tx) => {
      const group = await requireGroup(tx, acct, input.GroupName);
      const user = await requireUser(tx, acct, input.UserName);
      if (!isMember(user, group)) throw new NoSuchEntity(`The user with name ${user.name} cannot be found.`);
      const groups = user.groups.filter((g) => g.toLowerCase() !== group.name.toLowerCase());
      await tx.put(IAM_USERS, iamKey(acct, user.name), { ...user, groups });
    });
    return {};
  }),

  DeleteGroup: operation(z.object({ GroupName: groupName }), async (ctx, input) => {
    const acct = accountOf(ctx);
    await ctx.store.transaction(async (tx) => {
      const group = await requireGroup(tx, acct, input.GroupName);
      if ((await membersOf(tx, group)).length > 0) throw new DeleteConflict('Cannot delete entity, must remove users from group first.');
      if (group.inlinePolicies.length > 0) throw new DeleteConflict('Cannot delete entity, must delete policies first.');
      if (group.attachedPolicies.length > 0) throw new DeleteConflict('Cannot delete entity, must detach all policies first.');
      await tx.delete(IAM_GROUPS, iamKey(acct, group.name));
    });
    return {};
  }),
};
