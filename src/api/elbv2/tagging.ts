// Tag operations on load balancers, target groups, listeners and rules: AddTags, RemoveTags,
// DescribeTags.
import { z } from 'zod';
import { ValidationError } from '../../protocol/errors.js';
import { operation } from '../../protocol/operation.js';
import type { Reader } from '../../state/store.js';
import { parseElbArn } from './arns.js';
import { requireListener, requireLoadBalancer, requireTargetGroup, ruleNotFound } from './repo.js';
import { findRuleOrListener } from './ruleRecords.js';
import { list } from '../../protocol/querySchema.js';
import { stringList, tagList } from './schema.js';
import { addTags, checkTags, getTags, removeTags, tagsToWire } from './tagStore.js';

const MAX_RESOURCES = 20;
const resources = list(z.string(), MAX_RESOURCES);
const addInput = z.object({ ResourceArns: resources, Tags: tagList });
const removeInput = z.object({ ResourceArns: resources, TagKeys: stringList });
const describeInput = z.object({ ResourceArns: resources });

/** Throws the resource's not-found error unless `arn` names an existing ELBv2 resource. */
async function requireResource(reader: Reader, arn: string): Promise<void> {
  const ref = parseElbArn(arn);
  switch (ref?.kind) {
    case 'loadbalancer':
      await requireLoadBalancer(reader, arn);
      return;
    case 'targetgroup':
      await requireTargetGroup(reader, arn);
      return;
    case 'listener':
      await requireListener(reader, arn);
      return;
    case 'listener-rule':
      if (!(await findRuleOrListener(reader, arn))) throw ruleNotFound();
      return;
    default:
      throw new ValidationError(`'${arn}' is not a valid resource ARN`);
  }
}

export const tagOperations = {
  AddTags: operation(addInput, async (ctx, input) => {
    const tags = checkTags(input.Tags);
    await ctx.store.transaction(async (tx) => {
      for (const arn of input.ResourceArns) {
        await requireResource(tx, arn);
        await addTags(tx, arn, tags);
      }
    });
    return {};
  }),
  RemoveTags: operation(removeInput, async (ctx, input) => {
    await ctx.store.transaction(async (tx) => {
      for (const arn of input.ResourceArns) {
        await requireResource(tx, arn);
        await removeTags(tx, arn, input.TagKeys);
      }
    });
    return {};
  }),
  DescribeTags: operation(describeInput, async (ctx, input) => {
    const out = [];
    for (const arn of input.ResourceArns) {
      await requireResource(ctx.store, arn);
      out.push({ ResourceArn: arn, Tags: tagsToWire(await getTags(ctx.store, arn)) });
    }
    return { TagDescriptions: out };
  }),
};
