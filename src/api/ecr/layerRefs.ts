// Which of a repository's blobs its images reference, and with what media type: ECR hands out
// download URLs only for layers of an image, and reports a layer's media type as its image
// manifest gives it.
import type { Readable } from 'node:stream';
import { MANIFESTS, repoPrefix } from '../../registry/meta/keys.js';
import type { ManifestRecord } from '../../registry/meta/records.js';
import type { BlobStore } from '../../registry/storage/blobStore.js';
import type { Reader } from '../../state/store.js';

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** digest -> mediaType of every descriptor an image manifest lists (config and layers). */
async function descriptorTypes(blobs: BlobStore, manifestDigest: string): Promise<Map<string, string>> {
  const types = new Map<string, string>();
  if ((await blobs.stat(manifestDigest)) === undefined) return types;
  let doc: unknown;
  try {
    doc = JSON.parse((await bytesOf(await blobs.read(manifestDigest))).toString('utf8'));
  } catch {
    return types;
  }
  if (!doc || typeof doc !== 'object') return types;
  const descriptors = [
    'config' in doc ? doc.config : undefined,
    ...('layers' in doc && Array.isArray(doc.layers) ? (doc.layers as unknown[]) : []),
  ];
  for (const d of descriptors) {
    if (d && typeof d === 'object' && 'digest' in d && 'mediaType' in d && typeof d.digest === 'string' && typeof d.mediaType === 'string') {
      types.set(d.digest, d.mediaType);
    }
  }
  return types;
}

/**
 * For each of `digests` that an image of `repository` references: the media type its manifest
 * gives it (undefined when the manifest cannot be read). Digests no image references are absent.
 */
export async function referencedLayers(
  reader: Reader, blobs: BlobStore, repository: string, digests: readonly string[],
): Promise<Map<string, string | undefined>> {
  const wanted = new Set(digests);
  const found = new Map<string, string | undefined>();
  if (wanted.size === 0) return found;
  for (const { value } of await reader.list<ManifestRecord>(MANIFESTS, { prefix: repoPrefix(repository) })) {
    const hits = value.blobs.filter((d) => wanted.has(d) && !found.has(d));
    if (hits.length === 0) continue;
    const types = await descriptorTypes(blobs, value.digest);
    for (const d of hits) found.set(d, types.get(d));
    if (found.size === wanted.size) break;
  }
  return found;
}
