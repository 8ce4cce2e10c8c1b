// Log group tags, kept in the group's record: TagResource, UntagResource, ListTagsForResource
// (by the group's ARN) and the older TagLogGroup, UntagLogGroup, ListTagsLogGroup (by name).
import type { Account } from '../../protocol/context.js';
import { InvalidParameterException, TooManyTagsException } from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import type { Tx } from '../../state/store.js';
import { GROUPS, requireGroup, type GroupRecord } from './repo.js';
import { checkGroupName, checkTagKeys, checkTags, groupFromArn, invalid, MAX_TAGS, required } from './rules.js';
import {
  listTagsForResourceInput,
  logGroupInput,
  tagLogGroupInput,
  tagResourceInput,
  untagLogGroupInput,
  untagResourceInput,
} from './schema.js';

function groupOfArn(account: Account, arn: string | undefined): string {
  const value = required(arn, 'resourceArn');
  const group = groupFromArn(account, value);
  if (group === undefined) throw new InvalidParameterException(`Invalid resource ARN: ${value}`);
  return group;
}

interface TagChange {
  group: string;
  add?: Record<string, string>;
  remove?: readonly string[];
  /** The error for more than 50 tags: TooManyTagsException, or for TagLogGroup InvalidParameterException. */
  tooMany: typeof TooManyTagsException | typeof InvalidParameterException;
}

async function changeTags(tx: Tx, change: TagChange): Promise<void> {
  const group = await requireGroup(tx, change.group);
  const tags = { ...group.tags, ...change.add };
  for (const key of change.remove ?? []) delete tags[key];
  if (Object.keys(tags).length > MAX_TAGS) {
    throw new change.tooMany(`A log group can have at most ${MAX_TAGS} tags.`);
  }
  await tx.put<GroupRecord>(GROUPS, change.group, { ...group, tags });
}

function tagKeys(keys: readonly string[] | undefined, path: string): readonly string[] {
  const list = required(keys, path);
  if (list.length > MAX_TAGS) throw invalid(`[${list.length} keys]`, path, `Member must have length less than or equal to ${MAX_TAGS}`);
  checkTagKeys(list, path);
  return list;
}

const tagResource = operation(tagResourceInput, async (ctx, input) => {
  const group = groupOfArn(ctx.account, input.resourceArn);
  const add = checkTags(required(input.tags, 'tags'));
  await ctx.store.transaction((tx) => changeTags(tx, { group, add, tooMany: TooManyTagsException }));
  return {};
});

const untagResource = operation(untagResourceInput, async (ctx, input) => {
  const group = groupOfArn(ctx.account, input.resourceArn);
  const remove = tagKeys(input.tagKeys, 'tagKeys');
  await ctx.store.transaction((tx) => changeTags(tx, { group, remove, tooMany: TooManyTagsException }));
  return {};
});

const listTagsForResource = operation(listTagsForResourceInput, async (ctx, input) => {
  const group = await requireGroup(ctx.store, groupOfArn(ctx.account, input.resourceArn));
  return { tags: group.tags };
});

const tagLogGroup = operation(tagLogGroupInput, async (ctx, input) => {
  const group = checkGroupName(input.logGroupName);
  const add = checkTags(required(input.tags, 'tags'));
  await ctx.store.transaction((tx) => changeTags(tx, { group, add, tooMany: InvalidParameterException }));
  return {};
});

const untagLogGroup = operation(untagLogGroupInput, async (ctx, input) => {
  const group = checkGroupName(input.logGroupName);
  const remove = tagKeys(input.tags, 'tags');
  await ctx.store.transaction((tx) => changeTags(tx, { group, remove, tooMany: InvalidParameterException }));
  return {};
});

const listTagsLogGroup = operation(logGroupInput, async (ctx, input) => {
  const group = await requireGroup(ctx.store, checkGroupName(input.logGroupName));
  return { tags: group.tags };
});

export const tagsOperations: Record<string, Operation> = {
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
  TagLogGroup: tagLogGroup,
  UntagLogGroup: untagLogGroup,
  ListTagsLogGroup: listTagsLogGroup,
};
