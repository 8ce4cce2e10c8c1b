// ECR's PutImage over the registry's own manifest push (registry/service/manifests.putManifest),
// so that an image put here is the same image the OCI endpoints serve. The registry's errors are
// translated into ECR's; the references are checked first so that every missing one is named.
import type { Context } from '../../protocol/context.js';
import {
  ImageAlreadyExistsException, ImageDigestDoesNotMatchException, ImageTagAlreadyExistsException, InvalidParameterException,
  LayersNotFoundException, ReferencedImagesNotFoundException, RepositoryNotFoundException,
} from '../../protocol/errors.js';
import { RegistryError } from '../../registry/errors.js';
import { MAX_MANIFEST_BYTES, parseManifest, type ParsedManifest } from '../../registry/manifest.js';
import { LINKS, MANIFESTS, repoKey, TAGS } from '../../registry/meta/keys.js';
import type { TagRecord } from '../../registry/meta/records.js';
import { getRepository } from '../../registry/meta/repositories.js';
import type { RegistryDeps } from '../../registry/service/deps.js';
import { putManifest, sha256 } from '../../registry/service/manifests.js';
import { isTag } from '../../registry/names.js';
import type { Reader } from '../../state/store.js';
import { notFoundMessage } from './model.js';

export interface PutImageRequest {
  repositoryName: string;
  imageManifest: string;
  imageManifestMediaType?: string | undefined;
  imageTag?: string | undefined;
  imageDigest?: string | undefined;
}

const MAX_TAG_LENGTH = 300;

export function alreadyExistsMessage(digest: string, tag: string | undefined, repository: string, registryId: string): string {
  return `Image with digest '${digest}' and tag '${tag ?? 'null'}' already exists in the repository with name '${repository}' in registry with id '${registryId}'`;
}

export function layersNotFoundMessage(digests: string[], repository: string, registryId: string): string {
  return `Layers with digests '[${digests.join(', ')}]' required for pushing image into repository with name '${repository}' in the registry with id '${registryId}' do not exist`;
}

// No public record of ECR's words for these two was found; they follow its style.
export function referencedImagesNotFoundMessage(digests: string[], repository: string, registryId: string): string {
  return `Images with digests '[${digests.join(', ')}]' referenced by the manifest list do not exist in the repository with name '${repository}' in the registry with id '${registryId}'`;
}

export function digestMismatchMessage(given: string, actual: string): string {
  return `The provided image digest '${given}' does not match the digest '${actual}' calculated for the image manifest`;
}

function checkRequest(req: PutImageRequest, bytes: Buffer): void {
  if (bytes.length === 0) {
    throw new InvalidParameterException("Invalid parameter at 'imageManifest' failed to satisfy constraint: 'Member must have length greater than or equal to 1'");
  }
  if (bytes.length > MAX_MANIFEST_BYTES) {
    throw new InvalidParameterException(`Invalid parameter at 'imageManifest' failed to satisfy constraint: 'Member must have length less than or equal to ${MAX_MANIFEST_BYTES}'`);
  }
  const tag = req.imageTag;
  if (tag === undefined) return;
  if (tag.length < 1 || tag.length > MAX_TAG_LENGTH) {
    throw new InvalidParameterException(`Invalid parameter at 'imageTag' failed to satisfy constraint: 'Member must have length between 1 and ${MAX_TAG_LENGTH}'`);
  }
  if (!isTag(tag)) {
    throw new InvalidParameterException("Invalid parameter at 'imageTag' failed to satisfy constraint: 'must satisfy regular expression '[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127}''");
  }
}

function parse(req: PutImageRequest, bytes: Buffer): ParsedManifest {
  let declared: unknown;
  try {
    declared = (JSON.parse(bytes.toString('utf8')) as { mediaType?: unknown } | null)?.mediaType;
  } catch {
    throw new InvalidParameterException("Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'");
  }
  if (declared === undefined && req.imageManifestMediaType === undefined) {
    throw new InvalidParameterException('image manifest mediatype not provided in manifest or parameter');
  }
  try {
    return parseManifest(bytes, req.imageManifestMediaType);
  } catch (err) {
    if (err instanceof RegistryError) throw new InvalidParameterException(`Invalid parameter at 'imageManifest' failed to satisfy constraint: '${err.message}'`);
    throw err;
  }
}

async function missingReferences(reader: Reader, repository: string, parsed: ParsedManifest) {
  const layers: string[] = [];
  for (const blob of parsed.blobs) if (!(await reader.get(LINKS, repoKey(repository, blob)))) layers.push(blob);
  const images: string[] = [];
  for (const child of parsed.manifests) if (!(await reader.get(MANIFESTS, repoKey(repository, child)))) images.push(child);
  return { layers, images };
}

/** Stores the manifest; answers ECR's `image`. */
export async function putImage(ctx: Context, deps: RegistryDeps, req: PutImageRequest) {
  const name = req.repositoryName;
  const registryId = ctx.account.accountId;
  const repo = await getRepository(ctx.store, name);
  if (!repo) throw new RepositoryNotFoundException(notFoundMessage(name, registryId));
  const bytes = Buffer.from(req.imageManifest, 'utf8');
  checkRequest(req, bytes);
  const digest = sha256(bytes);
  if (req.imageDigest !== undefined && req.imageDigest !== digest) {
    throw new ImageDigestDoesNotMatchException(digestMismatchMessage(req.imageDigest, digest));
  }
  const parsed = parse(req, bytes);
  const missing = await missingReferences(ctx.store, name, parsed);
  if (missing.layers.length > 0) throw new LayersNotFoundException(layersNotFoundMessage(missing.layers, name, registryId));
  if (missing.images.length > 0) throw new ReferencedImagesNotFoundException(referencedImagesNotFoundMessage(missing.images, name, registryId));

  const tag = req.imageTag;
  const current = tag !== undefined ? (await ctx.store.get<TagRecord>(TAGS, repoKey(name, tag)))?.digest : undefined;
  const stored = await ctx.store.get(MANIFESTS, repoKey(name, digest));
  if (stored && (tag === undefined || current === digest)) {
    throw new ImageAlreadyExistsException(alreadyExistsMessage(digest, tag, name, registryId));
  }
  try {
    await putManifest(deps, repo, tag ?? digest, { bytes, contentType: req.imageManifestMediaType });
  } catch (err) {
    throw translate(err, { parsed, digest, name, registryId });
  }
  return {
    registryId,
    repositoryName: name,
    imageId: { imageDigest: digest, ...(tag !== undefined ? { imageTag: tag } : {}) },
    imageManifest: req.imageManifest,
    imageManifestMediaType: parsed.mediaType,
  };
}

/** The ECR error for what putManifest refused (its checks run again inside its transaction). */
function translate(err: unknown, at: { parsed: ParsedManifest; digest: string; name: string; registryId: string }): unknown {
  if (!(err instanceof RegistryError)) return err;
  const detail = err.detail as { digest?: string };
  switch (err.code) {
    case 'TAG_INVALID':
      return new ImageTagAlreadyExistsException(err.message);
    case 'DIGEST_INVALID':
      return new ImageDigestDoesNotMatchException(digestMismatchMessage(detail.digest ?? '', at.digest));
    case 'MANIFEST_BLOB_UNKNOWN': {
      const missing = [detail.digest ?? ''];
      return at.parsed.blobs.includes(missing[0] ?? '')
        ? new LayersNotFoundException(layersNotFoundMessage(missing, at.name, at.registryId))
        : new ReferencedImagesNotFoundException(referencedImagesNotFoundMessage(missing, at.name, at.registryId));
    }
    case 'MANIFEST_INVALID':
      return new InvalidParameterException(`Invalid parameter at 'imageManifest' failed to satisfy constraint: '${err.message}'`);
    default:
      return err;
  }
}
