// The grammar of repository names, tags and digests (OCI distribution spec), as pure checks.

/** OCI's repository name: path components of lower-case alphanumerics joined by separators. */
export const REPOSITORY_NAME_PATTERN = '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*';
const NAME = new RegExp(`^${REPOSITORY_NAME_PATTERN}$`);
const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const SHA256 = /^sha256:[a-f0-9]{64}$/;

export const MAX_NAME_LENGTH = 256;

export function isRepositoryName(name: string): boolean {
  return name.length >= 2 && name.length <= MAX_NAME_LENGTH && NAME.test(name);
}

export function isTag(reference: string): boolean {
  return TAG.test(reference);
}

/** A digest in the general OCI grammar (algorithm:encoded). */
export function looksLikeDigest(reference: string): boolean {
  return DIGEST.test(reference);
}

/** The only algorithm Wharf stores: sha256 with 64 lower-case hex digits. */
export function isSha256Digest(digest: string): boolean {
  return SHA256.test(digest);
}
