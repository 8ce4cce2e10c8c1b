// Resolving the imageIds of BatchGetImage and BatchDeleteImage, where a bad or unknown id is not an
// error but an entry in `failures[]`, with ECR's failure codes and reasons.
import { MANIFESTS, repoKey, TAGS } from '../../registry/meta/keys.js';
import type { ManifestRecord, TagRecord } from '../../registry/meta/records.js';
import type { Reader } from '../../state/store.js';
import type { ImageIdentifier } from './imageRef.js';

export type ImageFailureCode =
  | 'InvalidImageDigest' | 'ImageTagDoesNotMatchDigest' | 'ImageNotFound' | 'MissingDigestAndTag' | 'ImageReferencedByManifestList';

export interface ImageFailure {
  imageId: { imageDigest?: string; imageTag?: string };
  failureCode: ImageFailureCode;
  failureReason: string;
}

/** ECR's digest check for these operations, and the pattern its reason quotes. */
const DIGEST = /^[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+$/;

function reason(code: ImageFailureCode, id: ImageIdentifier): string {
  switch (code) {
    case 'MissingDigestAndTag':
      return 'Invalid request parameters: both tag and digest cannot be null';
    case 'InvalidImageDigest':
      return "Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'";
    case 'ImageNotFound':
      return 'Requested image not found';
    // No public record of ECR's words for these two was found; they follow its style.
    case 'ImageTagDoesNotMatchDigest':
      return 'Invalid request parameters: the image tag does not match the image digest';
    case 'ImageReferencedByManifestList':
      return `Requested image referenced by manifest list: [${id.imageDigest ?? ''}]`;
  }
}

/** A failure entry; the imageId is echoed with only the parts the caller gave. */
export function failure(id: ImageIdentifier, code: ImageFailureCode): ImageFailure {
  const imageId = {
    ...(id.imageDigest !== undefined ? { imageDigest: id.imageDigest } : {}),
    ...(id.imageTag !== undefined ? { imageTag: id.imageTag } : {}),
  };
  return { imageId, failureCode: code, failureReason: reason(code, id) };
}

export type Resolved =
  | { manifest: ManifestRecord; imageId: { imageDigest: string; imageTag?: string } }
  | { failure: ImageFailure };

/** The manifest an imageId names, or the failure ECR reports for it. */
export async function resolveImage(reader: Reader, repository: string, id: ImageIdentifier): Promise<Resolved> {
  if (id.imageDigest === undefined && id.imageTag === undefined) return { failure: failure(id, 'MissingDigestAndTag') };
  if (id.imageDigest !== undefined && !DIGEST.test(id.imageDigest)) return { failure: failure(id, 'InvalidImageDigest') };
  let digest = id.imageDigest;
  if (id.imageTag !== undefined) {
    const tag = await reader.get<TagRecord>(TAGS, repoKey(repository, id.imageTag));
    if (!tag) return { failure: failure(id, 'ImageNotFound') };
    if (digest !== undefined && digest !== tag.digest) return { failure: failure(id, 'ImageTagDoesNotMatchDigest') };
    digest = tag.digest;
  }
  const manifest = digest !== undefined ? await reader.get<ManifestRecord>(MANIFESTS, repoKey(repository, digest)) : undefined;
  if (!manifest) return { failure: failure(id, 'ImageNotFound') };
  return { manifest, imageId: { imageDigest: manifest.digest, ...(id.imageTag !== undefined ? { imageTag: id.imageTag } : {}) } };
}
