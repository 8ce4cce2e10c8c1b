// ECR resource tagging: TagResource, UntagResource and ListTagsForResource. The only taggable
// resource is a repository (arn:aws:ecr:REGION:ACCOUNT:repository/NAME); its tags live on the
// RepositoryRecord, where CreateRepository put them.
import { z } from 'zod';
import type { Context } from '../../protocol/context.js';
import { InvalidParameterException, RepositoryNotFoundException } from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import { REPOSITORIES } from '../../registry/meta/keys.js';
import type { RepositoryRecord, ResourceTag } from '../../registry/meta/records.js';
import { getRepository } from '../../registry/meta/repositories.js';
import type { Reader } from '../../state/store.js';
import type { EcrEnv } from './env.js';
import { notFoundMessage } from './model.js';
import { checkTags } from './rules.js';
import { tagList } from './schema.js';

const resourceInput = z.object({ resourceArn: z.string() }).loose();
const tagResourceInput = resourceInput.extend({ tags: tagList });
const untagResourceInput = resourceInput.extend({ tagKeys: z.array(z.string()) });

const REPOSITORY_ARN = /^arn:aws:ecr:([a-z0-9-]+):(\d{12}):repository\/(.+)$/;

/** The repository an ARN names in this account and region; ECR's errors otherwise. */
function repositoryOfArn(ctx: Context, arn: string): string {
  const match = REPOSITORY_ARN.exec(arn);
  if (!match) throw new InvalidParameterException("Invalid parameter at 'resourceArn' failed to satisfy constraint: 'Invalid ARN'");
  const [, region, accountId, name] = match;
  if (region !== ctx.account.region || accountId !== ctx.account.accountId) {
    throw new RepositoryNotFoundException(notFoundMessage(name ?? '', accountId ?? ''));
  }
  return name ?? '';
}

async function requireRepository(ctx: Context, tx: Reader, name: string): Promise<RepositoryRecord> {
  const repo = await getRepository(tx, name);
  if (!repo) throw new RepositoryNotFoundException(notFoundMessage(name, ctx.account.accountId));
  return repo;
}

/** `current` with `added` applied: a key already there takes the new value, in its old place. */
function mergeTags(current: readonly ResourceTag[], added: readonly ResourceTag[]): ResourceTag[] {
  const merged = new Map(current.map((t) => [t.Key, t.Value]));
  for (const t of added) merged.set(t.Key, t.Value);
  return [...merged].map(([Key, Value]) => ({ Key, Value }));
}

export function taggingOperations(_env: EcrEnv): Record<string, Operation> {
  const tagResource = operation(tagResourceInput, async (ctx, input) => {
    const name = repositoryOfArn(ctx, input.resourceArn);
    checkTags(input.tags);
    await ctx.store.transaction(async (tx) => {
      const repo = await requireRepository(ctx, tx, name);
      await tx.put<RepositoryRecord>(REPOSITORIES, name, { ...repo, tags: checkTags(mergeTags(repo.tags, input.tags)) });
    });
    return {};
  });

  const untagResource = operation(untagResourceInput, async (ctx, input) => {
    const name = repositoryOfArn(ctx, input.resourceArn);
    for (const Key of input.tagKeys) checkTags([{ Key, Value: '' }]);
    await ctx.store.transaction(async (tx) => {
      const repo = await requireRepository(ctx, tx, name);
      const removed = new Set(input.tagKeys);
      await tx.put<RepositoryRecord>(REPOSITORIES, name, { ...repo, tags: repo.tags.filter((t) => !removed.has(t.Key)) });
    });
    return {};
  });

  const listTagsForResource = operation(resourceInput, async (ctx, input) => {
    const name = repositoryOfArn(ctx, input.resourceArn);
    const repo = await requireRepository(ctx, ctx.store, name);
    return { tags: repo.tags };
  });

  return {
    TagResource: tagResource,
    UntagResource: untagResource,
    ListTagsForResource: listTagsForResource,
  };
}
