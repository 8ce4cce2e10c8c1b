// Which blobs a repository can see: lookups, cross-repository mounts and unlinking.
import { blobUnknown } from '../errors.js';
import { BLOBS, LINKS, repoKey } from '../meta/keys.js';
import type { BlobRecord, LinkRecord } from '../meta/records.js';
import type { RegistryDeps } from './deps.js';

/** The size of a blob `repository` links, or BLOB_UNKNOWN. */
export async function linkedBlobSize(deps: RegistryDeps, repository: string, digest: string): Promise<number> {
  const link = await deps.store.get<LinkRecord>(LINKS, repoKey(repository, digest));
  const size = link ? await deps.blobs.stat(digest) : undefined;
  if (size === undefined) throw blobUnknown(digest);
  return size;
}

/**
 * Links a stored blob into `repository` without moving a byte: from `from` when that repository
 * has it, or (no `from`) whenever the registry stores it. False when there is nothing to mount.
 */
export async function mountBlob(deps: RegistryDeps, repository: string, digest: string, from?: string): Promise<boolean> {
  const size = await deps.blobs.stat(digest);
  if (size === undefined) return false;
  const now = deps.clock().toISOString();
  return deps.store.transaction(async (tx) => {
    const source = from === undefined ? await tx.get<BlobRecord>(BLOBS, digest) : await tx.get<LinkRecord>(LINKS, repoKey(from, digest));
    if (!source) return false;
    // Stamped now even when the link existed, so GC's grace window covers the push that follows.
    await tx.put<LinkRecord>(LINKS, repoKey(repository, digest), { size, linkedAt: now });
    return true;
  });
}

/** Removes a blob from a repository (the content stays for other repositories and GC). */
export async function unlinkBlob(deps: RegistryDeps, repository: string, digest: string): Promise<void> {
  const removed = await deps.store.transaction((tx) => tx.delete(LINKS, repoKey(repository, digest)));
  if (!removed) throw blobUnknown(digest);
}
