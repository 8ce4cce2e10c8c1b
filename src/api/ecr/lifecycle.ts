// ECR lifecycle policy operations: Put/Get/DeleteLifecyclePolicy, StartLifecyclePolicyPreview
// and GetLifecyclePolicyPreview. Policy grammar and evaluation are registry/lifecycle's (pure);
// the runner that applies policies on a schedule is registry/jobs/lifecycleRunner.ts.
import { z } from 'zod';
import type { Context } from '../../protocol/context.js';
import {
  InvalidParameterException, LifecyclePolicyNotFoundException, LifecyclePolicyPreviewInProgressException,
  LifecyclePolicyPreviewNotFoundException, RepositoryNotFoundException,
} from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import { evaluateLifecyclePolicy, parseLifecyclePolicy } from '../../registry/lifecycle/index.js';
import {
  getLifecyclePolicy, getLifecyclePreview, LIFECYCLE_POLICIES, LIFECYCLE_PREVIEWS, lifecycleImages, lifecycleKey,
  type LifecyclePolicyRecord, type LifecyclePreviewRecord, type PreviewResultRecord,
} from '../../registry/jobs/lifecycleStore.js';
import { getRepository } from '../../registry/meta/repositories.js';
import type { EcrEnv } from './env.js';
import { imageIdentifier, offsetToken, pageSize, readOffsetToken, type ImageIdentifier } from './imageRef.js';
import { epochSeconds, notFoundMessage } from './model.js';

const repositoryInput = z.object({ registryId: z.string().optional(), repositoryName: z.string() }).loose();
const putInput = repositoryInput.extend({ lifecyclePolicyText: z.string() });
const startPreviewInput = repositoryInput.extend({ lifecyclePolicyText: z.string().optional() });
const getPreviewInput = repositoryInput.extend({
  imageIds: z.array(imageIdentifier).optional(),
  nextToken: z.string().optional(),
  maxResults: z.number().int().optional(),
  filter: z.object({ tagStatus: z.string().optional() }).loose().optional(),
});

const PREVIEW_MAX_RESULTS = 100;

export function policyNotFoundMessage(repository: string, registryId: string): string {
  return `Lifecycle policy does not exist for the repository with name '${repository}' in the registry with id '${registryId}'`;
}

// No public record of ECR's exact words for these two was found; they follow its style.
export function previewNotFoundMessage(repository: string, registryId: string): string {
  return `Lifecycle policy preview does not exist for the repository with name '${repository}' in the registry with id '${registryId}'`;
}

export function previewInProgressMessage(repository: string, registryId: string): string {
  return `A lifecycle policy preview is already in progress for the repository with name '${repository}' in the registry with id '${registryId}'`;
}

async function requireRepository(ctx: Context, name: string): Promise<void> {
  if (!(await getRepository(ctx.store, name))) throw new RepositoryNotFoundException(notFoundMessage(name, ctx.account.accountId));
}

async function requirePolicy(ctx: Context, name: string): Promise<LifecyclePolicyRecord> {
  const policy = await getLifecyclePolicy(ctx.store, name);
  if (!policy) throw new LifecyclePolicyNotFoundException(policyNotFoundMessage(name, ctx.account.accountId));
  return policy;
}

function policyToWire(ctx: Context, name: string, policy: LifecyclePolicyRecord) {
  return {
    registryId: ctx.account.accountId,
    repositoryName: name,
    lifecyclePolicyText: policy.text,
    ...(policy.lastEvaluatedAt ? { lastEvaluatedAt: epochSeconds(policy.lastEvaluatedAt) } : {}),
  };
}

function resultToWire(r: PreviewResultRecord) {
  return {
    imageTags: r.imageTags,
    imageDigest: r.imageDigest,
    imagePushedAt: epochSeconds(r.imagePushedAt),
    action: { type: 'EXPIRE' },
    appliedRulePriority: r.appliedRulePriority,
  };
}

function tagStatusFilter(tagStatus: string | undefined): (r: PreviewResultRecord) => boolean {
  switch (tagStatus) {
    case undefined:
    case 'ANY':
      return () => true;
    case 'TAGGED':
      return (r) => r.imageTags.length > 0;
    case 'UNTAGGED':
      return (r) => r.imageTags.length === 0;
    default:
      throw new InvalidParameterException("Invalid parameter at 'filter.tagStatus' failed to satisfy constraint: 'Member must satisfy enum value set: [TAGGED, UNTAGGED, ANY]'");
  }
}

function matchesAnyId(ids: readonly ImageIdentifier[]): (r: PreviewResultRecord) => boolean {
  return (r) => ids.some((id) => (id.imageDigest !== undefined || id.imageTag !== undefined)
    && (id.imageDigest === undefined || id.imageDigest === r.imageDigest)
    && (id.imageTag === undefined || r.imageTags.includes(id.imageTag)));
}

export function lifecycleOperations(_env: EcrEnv): Record<string, Operation> {
  /** Repositories whose preview is being computed right now. */
  const previewing = new Set<string>();

  const putLifecyclePolicy = operation(putInput, async (ctx, input) => {
    parseLifecyclePolicy(input.lifecyclePolicyText);
    const name = input.repositoryName;
    const record: LifecyclePolicyRecord = { text: input.lifecyclePolicyText, updatedAt: ctx.clock().toISOString() };
    await ctx.store.transaction(async (tx) => {
      if (!(await getRepository(tx, name))) throw new RepositoryNotFoundException(notFoundMessage(name, ctx.account.accountId));
      await tx.put<LifecyclePolicyRecord>(LIFECYCLE_POLICIES, lifecycleKey(name), record);
    });
    return { registryId: ctx.account.accountId, repositoryName: name, lifecyclePolicyText: record.text };
  });

  const getLifecyclePolicyOp = operation(repositoryInput, async (ctx, input) => {
    await requireRepository(ctx, input.repositoryName);
    return policyToWire(ctx, input.repositoryName, await requirePolicy(ctx, input.repositoryName));
  });

  const deleteLifecyclePolicy = operation(repositoryInput, async (ctx, input) => {
    const name = input.repositoryName;
    const deleted = await ctx.store.transaction(async (tx) => {
      if (!(await getRepository(tx, name))) throw new RepositoryNotFoundException(notFoundMessage(name, ctx.account.accountId));
      const policy = await getLifecyclePolicy(tx, name);
      if (!policy) throw new LifecyclePolicyNotFoundException(policyNotFoundMessage(name, ctx.account.accountId));
      await tx.delete(LIFECYCLE_POLICIES, lifecycleKey(name));
      return policy;
    });
    return policyToWire(ctx, name, deleted);
  });

  const startLifecyclePolicyPreview = operation(startPreviewInput, async (ctx, input) => {
    const name = input.repositoryName;
    // Checked and claimed before the first await, so that two concurrent starts cannot both run.
    if (previewing.has(name)) throw new LifecyclePolicyPreviewInProgressException(previewInProgressMessage(name, ctx.account.accountId));
    previewing.add(name);
    try {
      await requireRepository(ctx, name);
      const text = input.lifecyclePolicyText ?? (await requirePolicy(ctx, name)).text;
      const policy = parseLifecyclePolicy(text);
      const now = ctx.clock();
      const expiries = evaluateLifecyclePolicy({ policy, images: await lifecycleImages(ctx.store, name), now });
      const preview: LifecyclePreviewRecord = {
        policyText: text,
        status: 'COMPLETE',
        evaluatedAt: now.toISOString(),
        results: expiries.map((e) => ({
          imageDigest: e.imageDigest,
          imageTags: e.imageTags,
          imagePushedAt: e.imagePushedAt.toISOString(),
          appliedRulePriority: e.appliedRulePriority,
        })),
      };
      await ctx.store.transaction((tx) => tx.put<LifecyclePreviewRecord>(LIFECYCLE_PREVIEWS, lifecycleKey(name), preview));
      // The evaluation is done by the time this answers, so the status is already COMPLETE.
      return { registryId: ctx.account.accountId, repositoryName: name, lifecyclePolicyText: text, status: preview.status };
    } finally {
      previewing.delete(name);
    }
  });

  const getLifecyclePolicyPreview = operation(getPreviewInput, async (ctx, input) => {
    const name = input.repositoryName;
    await requireRepository(ctx, name);
    if (input.imageIds !== undefined && (input.nextToken !== undefined || input.maxResults !== undefined)) {
      throw new InvalidParameterException('Invalid parameter: maxResults and nextToken cannot be used with imageIds');
    }
    const limit = pageSize(input.maxResults, PREVIEW_MAX_RESULTS, PREVIEW_MAX_RESULTS);
    const byStatus = tagStatusFilter(input.filter?.tagStatus);
    const preview = await getLifecyclePreview(ctx.store, name);
    if (!preview) throw new LifecyclePolicyPreviewNotFoundException(previewNotFoundMessage(name, ctx.account.accountId));
    const byId = input.imageIds ? matchesAnyId(input.imageIds) : () => true;
    const selected = preview.results.filter((r) => byStatus(r) && byId(r));
    const start = readOffsetToken(input.nextToken);
    const page = selected.slice(start, start + limit);
    const more = start + limit < selected.length;
    return {
      registryId: ctx.account.accountId,
      repositoryName: name,
      lifecyclePolicyText: preview.policyText,
      status: preview.status,
      previewResults: page.map(resultToWire),
      summary: { expiringImageTotalCount: preview.results.length },
      ...(more ? { nextToken: offsetToken(start + limit) } : {}),
    };
  });

  return {
    PutLifecyclePolicy: putLifecyclePolicy,
    GetLifecyclePolicy: getLifecyclePolicyOp,
    DeleteLifecyclePolicy: deleteLifecyclePolicy,
    StartLifecyclePolicyPreview: startLifecyclePolicyPreview,
    GetLifecyclePolicyPreview: getLifecyclePolicyPreview,
  };
}
