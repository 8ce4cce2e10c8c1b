// ECS tagging operations: TagResource, UntagResource, ListTagsForResource.
import { z } from 'zod';
import { operation, type Operation } from '../../protocol/operation.js';
import { tagSchema } from './cluster/schema.js';
import { requireTaggable } from './tagging/resources.js';
import { getTags, putTags, removeTags, validateTags } from './tagStore.js';

const tagResourceInput = z.object({ resourceArn: z.string(), tags: z.array(tagSchema) });
const untagResourceInput = z.object({ resourceArn: z.string(), tagKeys: z.array(z.string()) });
const listTagsForResourceInput = z.object({ resourceArn: z.string() });

export const tagsOperations: Record<string, Operation> = {
  TagResource: operation(tagResourceInput, async (ctx, input) => {
    const tags = input.tags.map((t) => ({ key: t.key, value: t.value ?? '' }));
    validateTags(tags);
    await ctx.store.transaction(async (tx) => {
      await requireTaggable({ reader: tx, account: ctx.account, arn: input.resourceArn });
      await putTags(tx, input.resourceArn, tags);
    });
    return {};
  }),

  UntagResource: operation(untagResourceInput, async (ctx, input) => {
    await ctx.store.transaction(async (tx) => {
      await requireTaggable({ reader: tx, account: ctx.account, arn: input.resourceArn });
      await removeTags(tx, input.resourceArn, input.tagKeys);
    });
    return {};
  }),

  ListTagsForResource: operation(listTagsForResourceInput, async (ctx, input) => {
    await requireTaggable({ reader: ctx.store, account: ctx.account, arn: input.resourceArn });
    const tags = await getTags(ctx.store, input.resourceArn);
    return { tags: tags.map((t) => ({ key: t.key, value: t.value })) };
  }),
};
