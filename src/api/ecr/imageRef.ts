// Finding an image by ECR's `imageId` ({imageDigest?, imageTag?}), with ECR's not-found text.
// Used by the scanning operations.
import { z } from 'zod';
import type { Account } from '../../protocol/context.js';
import { ImageNotFoundException, InvalidParameterException } from '../../protocol/errors.js';
import { MANIFESTS, repoKey, TAGS } from '../../registry/meta/keys.js';
import type { ManifestRecord, TagRecord } from '../../registry/meta/records.js';
import type { Reader } from '../../state/store.js';

export const imageIdentifier = z.object({
  imageDigest: z.string().optional(),
  imageTag: z.string().optional(),
}).loose();

export type ImageIdentifier = z.output<typeof imageIdentifier>;

/** ECR writes an imageId into messages as {imageDigest:'…', imageTag:'…'}, 'null' for a missing part. */
export function formatImageId(id: ImageIdentifier): string {
  return `{imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'}`;
}

export function imageNotFound(id: ImageIdentifier, repository: string, account: Account): InstanceType<typeof ImageNotFoundException> {
  return new ImageNotFoundException(
    `The image with imageId ${formatImageId(id)} does not exist within the repository with name '${repository}' in the registry with id '${account.accountId}'`,
  );
}

export interface FoundImage {
  manifest: ManifestRecord;
  /** The identifier as ECR answers it: the digest, and the tag when the caller named one. */
  imageId: { imageDigest: string; imageTag?: string };
}

export async function findImage(reader: Reader, account: Account, repository: string, id: ImageIdentifier): Promise<FoundImage> {
  if (id.imageDigest === undefined && id.imageTag === undefined) {
    throw new InvalidParameterException("Invalid parameter at 'imageId' failed to satisfy constraint: 'imageDigest or imageTag must be specified'");
  }
  const tagged = id.imageTag !== undefined ? await reader.get<TagRecord>(TAGS, repoKey(repository, id.imageTag)) : undefined;
  if (id.imageTag !== undefined && (!tagged || (id.imageDigest !== undefined && tagged.digest !== id.imageDigest))) {
    throw imageNotFound(id, repository, account);
  }
  const digest = tagged?.digest ?? id.imageDigest ?? '';
  const manifest = await reader.get<ManifestRecord>(MANIFESTS, repoKey(repository, digest));
  if (!manifest) throw imageNotFound(id, repository, account);
  return { manifest, imageId: { imageDigest: digest, ...(id.imageTag !== undefined ? { imageTag: id.imageTag } : {}) } };
}

/** Offset-based nextToken for lists kept whole in one document (previews, findings). */
export function offsetToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset }), 'utf8').toString('base64');
}

export function readOffsetToken(token: string | undefined): number {
  if (token === undefined) return 0;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (parsed && typeof parsed === 'object' && 'o' in parsed && Number.isSafeInteger(parsed.o) && Number(parsed.o) >= 0) return Number(parsed.o);
  } catch {
    // fall through to the error below
  }
  throw new InvalidParameterException('Invalid parameter at \'nextToken\': the token is not one this service issued.');
}

/** Checks maxResults against the model's range and applies the default. */
export function pageSize(maxResults: number | undefined, max: number, fallback: number): number {
  if (maxResults === undefined) return fallback;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > max) {
    throw new InvalidParameterException(`Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value between 1 and ${max}'`);
  }
  return maxResults;
}
