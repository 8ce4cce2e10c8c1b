// A repository's images as ECR shows them: one image per manifest digest with all its tags,
// ListImages' entries (one per tag, digest-only for an untagged manifest) and DescribeImages'
// details, read from the registry's records.
import type { Account } from '../../protocol/context.js';
import { InvalidParameterException } from '../../protocol/errors.js';
import { getScanSummary } from '../../registry/jobs/scanStore.js';
import { MEDIA_TYPES } from '../../registry/manifest.js';
import { lastPart, LINKS, MANIFESTS, repoKey, repoPrefix, TAGS } from '../../registry/meta/keys.js';
import type { LinkRecord, ManifestRecord, TagRecord } from '../../registry/meta/records.js';
import { getPull } from '../../registry/service/pulls.js';
import type { Reader } from '../../state/store.js';
import { epochSeconds } from './model.js';

export type TagStatus = 'TAGGED' | 'UNTAGGED' | 'ANY';

export function checkTagStatus(value: string | undefined): TagStatus {
  if (value === undefined) return 'ANY';
  if (value === 'TAGGED' || value === 'UNTAGGED' || value === 'ANY') return value;
  throw new InvalidParameterException("Invalid parameter at 'filter.tagStatus' failed to satisfy constraint: 'Member must satisfy enum value set: [TAGGED, UNTAGGED, ANY]'");
}

export function matchesTagStatus(status: TagStatus, tags: readonly string[]): boolean {
  return status === 'ANY' || (status === 'TAGGED') === (tags.length > 0);
}

/** Every tag of the repository, grouped by the digest it points at (each group in tag order). */
export async function tagsByDigest(reader: Reader, repository: string): Promise<Map<string, string[]>> {
  const tags = await reader.list<TagRecord>(TAGS, { prefix: repoPrefix(repository) });
  const byDigest = new Map<string, string[]>();
  for (const { key, value } of tags) byDigest.set(value.digest, [...(byDigest.get(value.digest) ?? []), lastPart(key)]);
  return byDigest;
}

export interface ListEntry {
  imageDigest: string;
  imageTag?: string;
}

/** The key a ListImages entry sorts and pages by: digest, then tag. */
export function entryKey(e: ListEntry): string {
  return `${e.imageDigest}|${e.imageTag ?? ''}`;
}

/** ListImages' entries in (digest, tag) order: one per tag, and one without a tag per untagged manifest. */
export async function listEntries(reader: Reader, repository: string, status: TagStatus): Promise<ListEntry[]> {
  const manifests = await reader.list<ManifestRecord>(MANIFESTS, { prefix: repoPrefix(repository) });
  const tags = await tagsByDigest(reader, repository);
  const entries: ListEntry[] = [];
  for (const { value } of manifests) {
    const own = tags.get(value.digest) ?? [];
    if (!matchesTagStatus(status, own)) continue;
    if (own.length === 0) entries.push({ imageDigest: value.digest });
    for (const imageTag of own) entries.push({ imageDigest: value.digest, imageTag });
  }
  return entries;
}

const INDEX_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList]);

/** The sum of an image manifest's layer sizes (its config not counted), as ECR reports it. */
async function layerBytes(reader: Reader, repository: string, m: ManifestRecord): Promise<number> {
  let total = 0;
  for (const layer of m.blobs.slice(1)) total += (await reader.get<LinkRecord>(LINKS, repoKey(repository, layer)))?.size ?? 0;
  return total;
}

/** ECR's imageSizeInBytes: the layers' sum, or for a manifest list the largest of its images. */
export async function imageSize(reader: Reader, repository: string, m: ManifestRecord): Promise<number> {
  if (!INDEX_TYPES.has(m.mediaType)) return layerBytes(reader, repository, m);
  let largest = 0;
  for (const child of m.manifests) {
    const record = await reader.get<ManifestRecord>(MANIFESTS, repoKey(repository, child));
    if (record && !INDEX_TYPES.has(record.mediaType)) largest = Math.max(largest, await layerBytes(reader, repository, record));
  }
  return largest;
}

/** One DescribeImages `imageDetail`. */
export async function imageDetail(reader: Reader, account: Account, repository: string, m: ManifestRecord, tags: readonly string[]) {
  const scan = await getScanSummary(reader, repository, m.digest);
  const pull = await getPull(reader, repository, m.digest);
  return {
    registryId: account.accountId,
    repositoryName: repository,
    imageDigest: m.digest,
    ...(tags.length > 0 ? { imageTags: [...tags] } : {}),
    imageSizeInBytes: await imageSize(reader, repository, m),
    imagePushedAt: epochSeconds(m.pushedAt),
    ...(scan ?? {}),
    imageManifestMediaType: m.mediaType,
    ...(m.artifactType !== undefined ? { artifactMediaType: m.artifactType } : {}),
    ...(pull ? { lastRecordedPullTime: epochSeconds(pull.pulledAt) } : {}),
    ...(m.subject !== undefined ? { subjectManifestDigest: m.subject } : {}),
  };
}
