// Manifests: push (checked against what the repository holds, tags honouring immutability),
// fetch by tag or digest, delete. Bytes are kept exactly as pushed, as a blob.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { manifestUnknown, RegistryError } from '../errors.js';
import { parseManifest } from '../manifest.js';
import { isTag, looksLikeDigest } from '../names.js';
import { BLOBS, LINKS, MANIFESTS, PULLS, REFERRERS, repoKey, TAGS } from '../meta/keys.js';
import type { BlobRecord, Descriptor, LinkRecord, ManifestRecord, RepositoryRecord, TagRecord } from '../meta/records.js';
import type { Reader, Tx } from '../../state/store.js';
import type { RegistryDeps } from './deps.js';
import { onImagePushed } from '../jobs/onPush.js';

export interface PushedManifest {
  digest: string;
  subject?: string;
}

export function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function checkReference(reference: string): 'tag' | 'digest' {
  if (isTag(reference)) return 'tag';
  if (looksLikeDigest(reference)) return 'digest';
  throw new RegistryError('TAG_INVALID', 'manifest tag did not match URI', { reference });
}

export async function putManifest(
  deps: RegistryDeps,
  repo: RepositoryRecord,
  reference: string,
  body: { bytes: Buffer; contentType: string | undefined },
): Promise<PushedManifest> {
  const kind = checkReference(reference);
  const digest = sha256(body.bytes);
  if (kind === 'digest' && reference !== digest) {
    throw new RegistryError('DIGEST_INVALID', 'provided digest did not match uploaded content', { digest: reference, actual: digest });
  }
  const parsed = parseManifest(body.bytes, body.contentType);
  // Under the digest's lock, so GC never deletes the file between putBytes and the rows (jobs/gc.ts).
  await deps.blobLocks.run(digest, async () => {
    await deps.blobs.putBytes(digest, body.bytes);
    const name = repo.repositoryName;
    const now = deps.clock().toISOString();
    await deps.store.transaction(async (tx) => {
      for (const blob of parsed.blobs) {
        if (!(await tx.get<LinkRecord>(LINKS, repoKey(name, blob)))) {
          throw new RegistryError('MANIFEST_BLOB_UNKNOWN', 'blob unknown to registry', { digest: blob });
        }
      }
      for (const child of parsed.manifests) {
        if (!(await tx.get<ManifestRecord>(MANIFESTS, repoKey(name, child)))) {
          throw new RegistryError('MANIFEST_BLOB_UNKNOWN', 'manifest unknown to registry', { digest: child });
        }
      }
      if (kind === 'tag') await checkTagWritable(tx, repo, reference, digest);
      const record: ManifestRecord = {
        digest,
        mediaType: parsed.mediaType,
        size: body.bytes.length,
        pushedAt: now,
        blobs: parsed.blobs,
        manifests: parsed.manifests,
        ...(parsed.subject ? { subject: parsed.subject } : {}),
        ...(parsed.artifactType ? { artifactType: parsed.artifactType } : {}),
        ...(parsed.annotations ? { annotations: parsed.annotations } : {}),
      };
      const existing = await tx.get<ManifestRecord>(MANIFESTS, repoKey(name, digest));
      await tx.put(MANIFESTS, repoKey(name, digest), existing ? { ...record, pushedAt: existing.pushedAt } : record);
      if (!(await tx.get<BlobRecord>(BLOBS, digest))) await tx.put<BlobRecord>(BLOBS, digest, { size: record.size, createdAt: now });
      await tx.put<LinkRecord>(LINKS, repoKey(name, digest), { size: record.size, linkedAt: now });
      if (kind === 'tag') await tx.put<TagRecord>(TAGS, repoKey(name, reference), { digest, updatedAt: now });
      if (parsed.subject) await tx.put<Descriptor>(REFERRERS, repoKey(name, parsed.subject, digest), referrerDescriptor(record));
    });
  });
  // Scan on push (registry/jobs/onPush.ts): only queues a scan when the repository asks; never fails the push.
  await onImagePushed(deps, { repository: repo, digest, mediaType: parsed.mediaType, artifactType: parsed.artifactType });
  return { digest, ...(parsed.subject ? { subject: parsed.subject } : {}) };
}

function referrerDescriptor(m: ManifestRecord): Descriptor {
  return {
    mediaType: m.mediaType,
    digest: m.digest,
    size: m.size,
    ...(m.artifactType ? { artifactType: m.artifactType } : {}),
    ...(m.annotations ? { annotations: m.annotations } : {}),
  };
}

async function checkTagWritable(tx: Tx, repo: RepositoryRecord, tag: string, digest: string): Promise<void> {
  if (repo.imageTagMutability !== 'IMMUTABLE') return;
  const current = await tx.get<TagRecord>(TAGS, repoKey(repo.repositoryName, tag));
  if (current && current.digest !== digest) {
    throw new RegistryError('TAG_INVALID',
      `The image tag '${tag}' already exists in the '${repo.repositoryName}' repository and cannot be overwritten because the repository is immutable.`,
      { tag });
  }
}

/** The manifest a tag or digest names in `repository`, or MANIFEST_UNKNOWN. */
export async function findManifest(reader: Reader, repository: string, reference: string): Promise<ManifestRecord> {
  const kind = checkReference(reference);
  const digest = kind === 'tag' ? (await reader.get<TagRecord>(TAGS, repoKey(repository, reference)))?.digest : reference;
  const record = digest ? await reader.get<ManifestRecord>(MANIFESTS, repoKey(repository, digest)) : undefined;
  if (!record) throw manifestUnknown(reference);
  return record;
}

export async function readManifest(deps: RegistryDeps, record: ManifestRecord): Promise<Readable> {
  return deps.blobs.read(record.digest);
}

/** Deletes a tag, or a manifest (by digest) with every tag that points at it. */
export async function deleteManifest(deps: RegistryDeps, repository: string, reference: string): Promise<void> {
  const kind = checkReference(reference);
  await deps.store.transaction(async (tx) => {
    if (kind === 'tag') {
      if (!(await tx.delete(TAGS, repoKey(repository, reference)))) throw manifestUnknown(reference);
      return;
    }
    const record = await tx.get<ManifestRecord>(MANIFESTS, repoKey(repository, reference));
    if (!record) throw manifestUnknown(reference);
    await tx.delete(MANIFESTS, repoKey(repository, reference));
    await tx.delete(LINKS, repoKey(repository, reference));
    await tx.delete(PULLS, repoKey(repository, reference));
    if (record.subject) await tx.delete(REFERRERS, repoKey(repository, record.subject, reference));
    for (const tag of await tx.list<TagRecord>(TAGS, { prefix: `${repository}|` })) {
      if (tag.value.digest === reference) await tx.delete(TAGS, tag.key);
    }
  });
}
