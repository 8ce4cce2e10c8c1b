// Lifecycle policies and previews in the Store, and the images a policy is evaluated against.
// Keys follow meta/keys.ts (`<repository>|...`), so a repository's rows share its prefix.
import type { LifecycleImage } from '../lifecycle/index.js';
import { LIFECYCLE_POLICIES, LIFECYCLE_PREVIEWS, lastPart, MANIFESTS, repoKey, repoPrefix, TAGS } from '../meta/keys.js';
import type { ManifestRecord, TagRecord } from '../meta/records.js';
import type { Reader } from '../../state/store.js';

export { LIFECYCLE_POLICIES, LIFECYCLE_PREVIEWS };

export interface LifecyclePolicyRecord {
  /** The caller's text, verbatim. */
  text: string;
  /** ISO 8601. */
  updatedAt: string;
  /** When the runner last evaluated this text (ISO 8601). */
  lastEvaluatedAt?: string;
}

/** One image a preview expires, as stored. */
export interface PreviewResultRecord {
  imageDigest: string;
  imageTags: string[];
  /** ISO 8601. */
  imagePushedAt: string;
  appliedRulePriority: number;
}

export interface LifecyclePreviewRecord {
  policyText: string;
  status: 'COMPLETE';
  /** ISO 8601. */
  evaluatedAt: string;
  results: PreviewResultRecord[];
}

/** One row per repository: the key is the repository's prefix itself. */
export function lifecycleKey(repository: string): string {
  return repoKey(repository, '');
}

export function repositoryOfLifecycleKey(key: string): string {
  return key.slice(0, -1);
}

export function getLifecyclePolicy(reader: Reader, repository: string): Promise<LifecyclePolicyRecord | undefined> {
  return reader.get<LifecyclePolicyRecord>(LIFECYCLE_POLICIES, lifecycleKey(repository));
}

export function getLifecyclePreview(reader: Reader, repository: string): Promise<LifecyclePreviewRecord | undefined> {
  return reader.get<LifecyclePreviewRecord>(LIFECYCLE_PREVIEWS, lifecycleKey(repository));
}

/**
 * The repository's images as a lifecycle policy sees them: one per manifest digest, with all its
 * tags and its push time. Left out, so that a policy can never break what still uses them:
 * manifests an index or manifest list in the repository references (its per-platform images),
 * and referrers (manifests with a `subject`: signatures, SBOMs), which go with their subject.
 */
export async function lifecycleImages(reader: Reader, repository: string): Promise<LifecycleImage[]> {
  const manifests = await reader.list<ManifestRecord>(MANIFESTS, { prefix: repoPrefix(repository) });
  const tags = await reader.list<TagRecord>(TAGS, { prefix: repoPrefix(repository) });
  const tagsOf = new Map<string, string[]>();
  for (const { key, value } of tags) tagsOf.set(value.digest, [...(tagsOf.get(value.digest) ?? []), lastPart(key)]);
  const children = new Set(manifests.flatMap((m) => m.value.manifests));
  return manifests
    .filter((m) => !children.has(m.value.digest) && m.value.subject === undefined)
    .map((m) => ({
      imageDigest: m.value.digest,
      imageTags: tagsOf.get(m.value.digest) ?? [],
      imagePushedAt: new Date(m.value.pushedAt),
    }));
}
