// ECR layer operations: BatchCheckLayerAvailability, InitiateLayerUpload, UploadLayerPart,
// CompleteLayerUpload and GetDownloadUrlForLayer. Uploads go through the registry's own upload
// sessions (registry/service/uploads.ts), so a layer sent here is a blob /v2/ knows, and back.
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { Context } from '../../protocol/context.js';
import {
  EmptyUploadException, InvalidLayerException, InvalidLayerPartException, InvalidParameterException, LayerAlreadyExistsException,
  LayerInaccessibleException, LayersNotFoundException, RepositoryNotFoundException, SerializationException, UploadNotFoundException,
} from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import { signDownloadPath } from '../../registry/downloadUrl.js';
import { RegistryError } from '../../registry/errors.js';
import { LINKS, repoKey } from '../../registry/meta/keys.js';
import type { LinkRecord } from '../../registry/meta/records.js';
import { getRepository } from '../../registry/meta/repositories.js';
import type { RegistryDeps } from '../../registry/service/deps.js';
import type { Uploads } from '../../registry/service/uploads.js';
import { tokenSecret } from '../../registry/token.js';
import type { EcrEnv } from './env.js';
import { referencedLayers } from './layerRefs.js';
import { notFoundMessage } from './model.js';

/** ECR's LayerPartBlob limit. */
export const MAX_PART_BYTES = 20 * 1024 * 1024;
/** The part size InitiateLayerUpload suggests. */
export const PART_SIZE = 10 * 1024 * 1024;
/** Room for UploadLayerPart's request: the largest part in base64, and the JSON around it. */
export const UPLOAD_PART_BODY_LIMIT = Math.ceil(MAX_PART_BYTES / 3) * 4 + 64 * 1024;
const MAX_DIGESTS = 100;
const DIGEST_PATTERN = '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+';
const DIGEST_RE = new RegExp(`^${DIGEST_PATTERN}$`);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const repositoryInput = z.object({ registryId: z.string().optional(), repositoryName: z.string() }).loose();
const batchCheckInput = repositoryInput.extend({ layerDigests: z.array(z.string()) });
const uploadPartInput = repositoryInput.extend({
  uploadId: z.string(),
  partFirstByte: z.number().int(),
  partLastByte: z.number().int(),
  layerPartBlob: z.string(),
});
const completeInput = repositoryInput.extend({ uploadId: z.string(), layerDigests: z.array(z.string()) });
const downloadInput = repositoryInput.extend({ layerDigest: z.string() });

/** What the layer operations need beyond EcrEnv: the registry's upload sessions and blob store. */
export interface LayersEnv {
  uploads: Uploads;
  registry: Pick<RegistryDeps, 'blobs'>;
}

/** InvalidLayerPartException with its wire members (lastValidByteReceived, ...). */
class LayerPartRejected extends InvalidLayerPartException {
  constructor(message: string, private readonly members: Record<string, unknown>) {
    super(message);
  }

  override fields(): Record<string, unknown> {
    return this.members;
  }
}

/** ECR's LayerDigest grammar (hex after the algorithm). */
function isLayerDigest(digest: string): boolean {
  return DIGEST_RE.test(digest);
}

function where(name: string, registryId: string): string {
  return `in the repository with name '${name}' in the registry with id '${registryId}'`;
}

function checkDigestCount(member: string, count: number): void {
  if (count < 1 || count > MAX_DIGESTS) {
    throw new InvalidParameterException(`Invalid parameter at '${member}' failed to satisfy constraint: 'Member must have length between 1 and ${MAX_DIGESTS}'`);
  }
}

async function requireRepository(ctx: Context, name: string): Promise<void> {
  if (!(await getRepository(ctx.store, name))) throw new RepositoryNotFoundException(notFoundMessage(name, ctx.account.accountId));
}

export function layersOperations(env: EcrEnv & LayersEnv): Record<string, Operation> {
  const blobs = env.registry.blobs;
  /** The stored size of a blob `name` links, or undefined (not linked) / null (linked, content gone). */
  const linkedSize = async (ctx: Context, name: string, digest: string): Promise<number | null | undefined> => {
    if (!(await ctx.store.get<LinkRecord>(LINKS, repoKey(name, digest)))) return undefined;
    return (await blobs.stat(digest)) ?? null;
  };

  const uploadNotFound = (ctx: Context, name: string, id: string) =>
    new UploadNotFoundException(`The upload with id '${id}' does not exist ${where(name, ctx.account.accountId)}`);

  /** The session's size so far; UploadNotFoundException unless it is one of `name`'s. */
  const uploadSize = async (ctx: Context, name: string, id: string): Promise<number> => {
    try {
      return await env.uploads.status(name, id);
    } catch (err) {
      if (err instanceof RegistryError && err.code === 'BLOB_UPLOAD_UNKNOWN') throw uploadNotFound(ctx, name, id);
      throw err;
    }
  };

  const batchCheckLayerAvailability = operation(batchCheckInput, async (ctx, input) => {
    const name = input.repositoryName;
    checkDigestCount('layerDigests', input.layerDigests.length);
    await requireRepository(ctx, name);
    const types = await referencedLayers(ctx.store, blobs, name, input.layerDigests.filter(isLayerDigest));
    const layers = [];
    const failures = [];
    for (const layerDigest of input.layerDigests) {
      if (!isLayerDigest(layerDigest)) {
        failures.push({ layerDigest, failureCode: 'InvalidLayerDigest', failureReason: 'Invalid layer digest' });
        continue;
      }
      const size = await linkedSize(ctx, name, layerDigest);
      if (size === undefined) {
        failures.push({ layerDigest, failureCode: 'MissingLayerDigest', failureReason: 'Could not find layer' });
        continue;
      }
      const mediaType = types.get(layerDigest);
      layers.push({
        layerDigest,
        layerAvailability: size === null ? 'UNAVAILABLE' : 'AVAILABLE',
        ...(size === null ? {} : { layerSize: size }),
        ...(mediaType ? { mediaType } : {}),
      });
    }
    return { layers, failures };
  });

  const initiateLayerUpload = operation(repositoryInput, async (ctx, input) => {
    await requireRepository(ctx, input.repositoryName);
    const uploadId = await env.uploads.start(input.repositoryName);
    return { uploadId, partSize: PART_SIZE };
  });

  const uploadLayerPart = operation(uploadPartInput, async (ctx, input) => {
    const { repositoryName: name, uploadId, partFirstByte: first, partLastByte: last } = input;
    if (first < 0 || last < 0) {
      throw new InvalidParameterException(`Invalid parameter at '${first < 0 ? 'partFirstByte' : 'partLastByte'}' failed to satisfy constraint: 'Member must have value greater than or equal to 0'`);
    }
    if (!BASE64.test(input.layerPartBlob)) throw new SerializationException('Unable to parse layerPartBlob: not valid base64.');
    const blob = Buffer.from(input.layerPartBlob, 'base64');
    if (blob.length > MAX_PART_BYTES) {
      throw new InvalidParameterException(`Invalid parameter at 'layerPartBlob' failed to satisfy constraint: 'Member must have length less than or equal to ${MAX_PART_BYTES}'`);
    }
    await requireRepository(ctx, name);
    const size = await uploadSize(ctx, name, uploadId);
    const rejected = (message: string) => new LayerPartRejected(message, {
      registryId: ctx.account.accountId,
      repositoryName: name,
      uploadId,
      // Nothing received yet leaves no last valid byte to name.
      ...(size > 0 ? { lastValidByteReceived: size - 1 } : {}),
    });
    if (first !== size) {
      throw rejected(`The layer part's first byte ${first} does not follow the last byte received; the next part must start at byte ${size}`);
    }
    if (blob.length === 0 || last - first + 1 !== blob.length) {
      throw rejected(`The layer part from byte ${first} to byte ${last} does not match the ${blob.length} bytes of layerPartBlob`);
    }
    try {
      await env.uploads.append(name, uploadId, { source: Readable.from([blob]), range: { start: first, end: last }, length: blob.length });
    } catch (err) {
      if (err instanceof RegistryError && err.code === 'BLOB_UPLOAD_UNKNOWN') throw uploadNotFound(ctx, name, uploadId);
      if (err instanceof RegistryError) throw rejected(`The layer part was not accepted: ${err.message}`);
      throw err;
    }
    return { registryId: ctx.account.accountId, repositoryName: name, uploadId, lastByteReceived: last };
  });

  const completeLayerUpload = operation(completeInput, async (ctx, input) => {
    const { repositoryName: name, uploadId } = input;
    checkDigestCount('layerDigests', input.layerDigests.length);
    await requireRepository(ctx, name);
    const size = await uploadSize(ctx, name, uploadId);
    if (size === 0) throw new EmptyUploadException(`The upload with id '${uploadId}' ${where(name, ctx.account.accountId)} contains no layer parts`);
    const digest = input.layerDigests[0] ?? '';
    if ((await linkedSize(ctx, name, digest)) !== undefined) {
      await env.uploads.cancel(name, uploadId);
      throw new LayerAlreadyExistsException(`The layer with digest '${digest}' already exists ${where(name, ctx.account.accountId)}`);
    }
    try {
      await env.uploads.finish(name, uploadId, digest);
    } catch (err) {
      if (err instanceof RegistryError && err.code === 'DIGEST_INVALID') {
        throw new InvalidLayerException(`The digest of the uploaded layer does not match the provided layer digest '${digest}'`);
      }
      if (err instanceof RegistryError && err.code === 'BLOB_UPLOAD_UNKNOWN') throw uploadNotFound(ctx, name, uploadId);
      throw err;
    }
    return { registryId: ctx.account.accountId, repositoryName: name, uploadId, layerDigest: digest };
  });

  const getDownloadUrlForLayer = operation(downloadInput, async (ctx, input) => {
    const { repositoryName: name, layerDigest } = input;
    if (!isLayerDigest(layerDigest)) {
      throw new InvalidParameterException(`Invalid parameter at 'layerDigest' failed to satisfy constraint: 'must satisfy regular expression '${DIGEST_PATTERN}''`);
    }
    await requireRepository(ctx, name);
    const size = await linkedSize(ctx, name, layerDigest);
    if (size === undefined || size === null) {
      throw new LayersNotFoundException(`The layer with digest '${layerDigest}' does not exist ${where(name, ctx.account.accountId)}`);
    }
    if (!(await referencedLayers(ctx.store, blobs, name, [layerDigest])).has(layerDigest)) {
      throw new LayerInaccessibleException(`The layer with digest '${layerDigest}' ${where(name, ctx.account.accountId)} is not associated with an image`);
    }
    const path = signDownloadPath(await tokenSecret(ctx.store), name, layerDigest, ctx.clock());
    return { downloadUrl: `http://${env.registryHost()}${path}`, layerDigest };
  });

  return {
    BatchCheckLayerAvailability: batchCheckLayerAvailability,
    InitiateLayerUpload: initiateLayerUpload,
    UploadLayerPart: uploadLayerPart,
    CompleteLayerUpload: completeLayerUpload,
    GetDownloadUrlForLayer: getDownloadUrlForLayer,
  };
}
