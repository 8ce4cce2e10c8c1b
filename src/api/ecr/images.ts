// ECR image operations: ListImages, DescribeImages, BatchGetImage, BatchDeleteImage, PutImage and
// PutImageTagMutability. Images are the registry's manifests and tags: reads go to its records,
// writes through registry/service/manifests, so the ECR API and the OCI endpoints never disagree.
import type { Context } from '../../protocol/context.js';
import { InvalidParameterException, RepositoryNotFoundException } from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import { RegistryError } from '../../registry/errors.js';
import { accepts } from '../../registry/manifest.js';
import { MANIFESTS, REPOSITORIES, repoPrefix } from '../../registry/meta/keys.js';
import type { ManifestRecord, RepositoryRecord } from '../../registry/meta/records.js';
import { getRepository } from '../../registry/meta/repositories.js';
import type { RegistryDeps } from '../../registry/service/deps.js';
import { deleteManifest, readManifest } from '../../registry/service/manifests.js';
import { decodeToken, encodeToken, paginate } from '../pagination.js';
import type { EcrEnv } from './env.js';
import { checkTagStatus, entryKey, imageDetail, listEntries, matchesTagStatus, tagsByDigest } from './imageCatalog.js';
import { findImage, pageSize } from './imageRef.js';
import { putImage } from './imagePut.js';
import { failure, resolveImage, type ImageFailure } from './imageFailures.js';
import {
  batchDeleteImageInput, batchGetImageInput, describeImagesInput, listImagesInput, putImageInput, putImageTagMutabilityInput,
} from './imagesSchema.js';
import { notFoundMessage } from './model.js';
import { checkMutability } from './rules.js';

/** What the image operations need beyond EcrEnv: the registry's services, through which they
 *  read and write manifests exactly as /v2/ does (its blob locks included). */
export interface ImagesEnv {
  registry: RegistryDeps;
}

const MAX_RESULTS = 1000;
const DEFAULT_RESULTS = 100;
const MAX_IMAGE_IDS = 100;

async function requireRepository(ctx: Context, name: string): Promise<RepositoryRecord> {
  const repo = await getRepository(ctx.store, name);
  if (!repo) throw new RepositoryNotFoundException(notFoundMessage(name, ctx.account.accountId));
  return repo;
}

function checkListLength(name: string, list: readonly unknown[], max: number): void {
  if (list.length < 1 || list.length > max) {
    throw new InvalidParameterException(`Invalid parameter at '${name}' failed to satisfy constraint: 'Member must have length between 1 and ${max}'`);
  }
}

async function readText(deps: RegistryDeps, record: ManifestRecord): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await readManifest(deps, record)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** deleteManifest; false when a concurrent delete got there first. */
async function removed(deps: RegistryDeps, repository: string, reference: string): Promise<boolean> {
  try {
    await deleteManifest(deps, repository, reference);
    return true;
  } catch (err) {
    if (err instanceof RegistryError && err.code === 'MANIFEST_UNKNOWN') return false;
    throw err;
  }
}

/** Whether another manifest in the repository (an index) lists `digest` among its images. */
async function referencingIndex(ctx: Context, repository: string, digest: string): Promise<boolean> {
  const manifests = await ctx.store.list<ManifestRecord>(MANIFESTS, { prefix: repoPrefix(repository) });
  return manifests.some((m) => m.value.manifests.includes(digest));
}

export function imagesOperations(env: EcrEnv & ImagesEnv): Record<string, Operation> {
  const deps = env.registry;

  const listImages = operation(listImagesInput, async (ctx, input) => {
    const name = input.repositoryName;
    await requireRepository(ctx, name);
    const limit = pageSize(input.maxResults, MAX_RESULTS, DEFAULT_RESULTS);
    const status = checkTagStatus(input.filter?.tagStatus);
    const after = input.nextToken !== undefined ? decodeToken(input.nextToken) : undefined;
    const entries = (await listEntries(ctx.store, name, status)).filter((e) => after === undefined || entryKey(e) > after);
    const page = entries.slice(0, limit);
    const last = page[page.length - 1];
    return { imageIds: page, ...(entries.length > limit && last ? { nextToken: encodeToken(entryKey(last)) } : {}) };
  });

  const describeImages = operation(describeImagesInput, async (ctx, input) => {
    const name = input.repositoryName;
    await requireRepository(ctx, name);
    const tags = await tagsByDigest(ctx.store, name);
    const detail = (m: ManifestRecord) => imageDetail(ctx.store, ctx.account, name, m, tags.get(m.digest) ?? []);
    if (input.imageIds) {
      if (input.nextToken !== undefined || input.maxResults !== undefined) {
        throw new InvalidParameterException('Invalid parameter: maxResults and nextToken cannot be used with imageIds');
      }
      checkListLength('imageIds', input.imageIds, MAX_IMAGE_IDS);
      const found = new Map<string, ManifestRecord>();
      for (const id of input.imageIds) {
        const image = await findImage(ctx.store, ctx.account, name, id);
        found.set(image.manifest.digest, image.manifest);
      }
      return { imageDetails: await Promise.all([...found.values()].map(detail)) };
    }
    const limit = pageSize(input.maxResults, MAX_RESULTS, DEFAULT_RESULTS);
    const status = checkTagStatus(input.filter?.tagStatus);
    const page = await paginate<ManifestRecord>(ctx.store, {
      kind: MANIFESTS,
      prefix: repoPrefix(name),
      limit,
      nextToken: input.nextToken,
      filter: (m) => matchesTagStatus(status, tags.get(m.digest) ?? []),
    });
    const imageDetails = await Promise.all(page.items.map((i) => detail(i.value)));
    return { imageDetails, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  });

  const batchGetImage = operation(batchGetImageInput, async (ctx, input) => {
    const name = input.repositoryName;
    await requireRepository(ctx, name);
    checkListLength('imageIds', input.imageIds, MAX_IMAGE_IDS);
    if (input.acceptedMediaTypes) checkListLength('acceptedMediaTypes', input.acceptedMediaTypes, MAX_IMAGE_IDS);
    const accept = input.acceptedMediaTypes?.join(',');
    const images = [];
    const failures: ImageFailure[] = [];
    for (const id of input.imageIds) {
      const found = await resolveImage(ctx.store, name, id);
      if ('failure' in found) {
        failures.push(found.failure);
      } else if (!accepts(accept, found.manifest.mediaType)) {
        failures.push(failure(id, 'ImageNotFound'));
      } else {
        images.push({
          registryId: ctx.account.accountId,
          repositoryName: name,
          imageId: found.imageId,
          imageManifest: await readText(deps, found.manifest),
          imageManifestMediaType: found.manifest.mediaType,
        });
      }
    }
    return { images, failures };
  });

  const batchDeleteImage = operation(batchDeleteImageInput, async (ctx, input) => {
    const name = input.repositoryName;
    await requireRepository(ctx, name);
    checkListLength('imageIds', input.imageIds, MAX_IMAGE_IDS);
    const imageIds: { imageDigest: string; imageTag?: string }[] = [];
    const failures: ImageFailure[] = [];
    for (const id of input.imageIds) {
      const found = await resolveImage(ctx.store, name, id);
      if ('failure' in found) {
        failures.push(found.failure);
        continue;
      }
      const digest = found.manifest.digest;
      if (id.imageTag !== undefined) {
        // Removing a tag; the image goes with its last tag, unless an index still lists it.
        if (!(await removed(deps, name, id.imageTag))) {
          failures.push(failure(id, 'ImageNotFound'));
          continue;
        }
        imageIds.push({ imageDigest: digest, imageTag: id.imageTag });
        const untagged = !(await tagsByDigest(ctx.store, name)).has(digest);
        if (untagged && !(await referencingIndex(ctx, name, digest))) await removed(deps, name, digest);
        continue;
      }
      if (await referencingIndex(ctx, name, digest)) {
        failures.push(failure(id, 'ImageReferencedByManifestList'));
        continue;
      }
      const tags = (await tagsByDigest(ctx.store, name)).get(digest) ?? [];
      if (!(await removed(deps, name, digest))) {
        failures.push(failure(id, 'ImageNotFound'));
        continue;
      }
      if (tags.length === 0) imageIds.push({ imageDigest: digest });
      for (const imageTag of tags) imageIds.push({ imageDigest: digest, imageTag });
    }
    return { imageIds, failures };
  });

  const putImageOperation = operation(putImageInput, async (ctx, input) => ({ image: await putImage(ctx, deps, input) }));

  const putImageTagMutability = operation(putImageTagMutabilityInput, async (ctx, input) => {
    const name = input.repositoryName;
    const imageTagMutability = checkMutability(input.imageTagMutability);
    if (input.imageTagMutabilityExclusionFilters !== undefined) {
      throw new InvalidParameterException('Invalid parameter: imageTagMutabilityExclusionFilters can only be specified when imageTagMutability is IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION');
    }
    await ctx.store.transaction(async (tx) => {
      const repo = await getRepository(tx, name);
      if (!repo) throw new RepositoryNotFoundException(notFoundMessage(name, ctx.account.accountId));
      await tx.put<RepositoryRecord>(REPOSITORIES, name, { ...repo, imageTagMutability });
    });
    return { registryId: ctx.account.accountId, repositoryName: name, imageTagMutability };
  });

  return {
    ListImages: listImages,
    DescribeImages: describeImages,
    BatchGetImage: batchGetImage,
    BatchDeleteImage: batchDeleteImage,
    PutImage: putImageOperation,
    PutImageTagMutability: putImageTagMutability,
  };
}
