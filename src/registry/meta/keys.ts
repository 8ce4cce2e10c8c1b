// The Store kinds the registry keeps and how their keys are built. A repository's rows share
// the prefix `<name>|`: '|' cannot occur in a repository name and sorts after every character
// that can, so a prefix scan of one repository never reaches into another ('web' vs 'web/x').

export const REPOSITORIES = 'ecr/repositories';
export const BLOBS = 'registry/blobs';
export const LINKS = 'registry/links';
export const MANIFESTS = 'registry/manifests';
export const TAGS = 'registry/tags';
export const REFERRERS = 'registry/referrers';
export const UPLOADS = 'registry/uploads';
/** When each image was last pulled (ECR's lastRecordedPullTime). */
export const PULLS = 'registry/pulls';
/** ECR repository policies, one row per repository keyed by its prefix (api/ecr/policies.ts). */
export const REPOSITORY_POLICIES = 'ecr/repository-policies';
/** Lifecycle policies and their previews, one row each per repository keyed by its prefix (jobs/lifecycleStore.ts). */
export const LIFECYCLE_POLICIES = 'ecr/lifecycle-policies';
export const LIFECYCLE_PREVIEWS = 'ecr/lifecycle-previews';
/** Scan results, keyed `<repo>|<digest>` (jobs/scanStore.ts). */
export const IMAGE_SCANS = 'ecr/scans';

/** Registry-wide ECR settings, one row each: 'scanning' (api/ecr/registry.ts), 'replication' (api/ecr/replication.ts). */
export const REGISTRY_SETTINGS = 'ecr/registry-settings';
/** Pull through cache rules, keyed by their ecrRepositoryPrefix (api/ecr/pullThroughCache.ts). */
export const PULL_THROUGH_CACHE_RULES = 'ecr/pull-through-cache-rules';

/** Every kind that holds rows of one repository under its prefix. */
export const REPOSITORY_KINDS = [
  LINKS, MANIFESTS, TAGS, REFERRERS, PULLS, REPOSITORY_POLICIES, LIFECYCLE_POLICIES, LIFECYCLE_PREVIEWS, IMAGE_SCANS,
] as const;

export function repoPrefix(repository: string): string {
  return `${repository}|`;
}

export function repoKey(repository: string, ...parts: string[]): string {
  return [repository, ...parts].join('|');
}

/** The last part of a repository row's key (the digest or tag). */
export function lastPart(key: string): string {
  return key.slice(key.lastIndexOf('|') + 1);
}
