// Pushes hand-made OCI images straight over the registry's HTTP API: gzip tar layers built here,
// so a test controls exactly which files (and whiteouts) each layer holds, and when it is pushed.
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { digestOf, type RegistryClient } from './registry.js';

export type LayerFile = { name: string; body: string };

export async function layer(files: LayerFile[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const f of files) pack.entry({ name: f.name, mtime: new Date(0) }, f.body);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

/** Pushes an image of these layers (lowest first) under `reference` (a tag, or omitted for an untagged push). */
export async function pushImage(reg: RegistryClient, repo: string, layers: Buffer[], tag?: string): Promise<{ digest: string; size: number }> {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', nonce: randomUUID(), rootfs: { type: 'layers', diff_ids: [] } }));
  const configDigest = await reg.pushBlob(repo, config);
  const layerDescriptors = [];
  for (const l of layers) {
    layerDescriptors.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: await reg.pushBlob(repo, l), size: l.length });
  }
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
    layers: layerDescriptors,
  });
  const digest = digestOf(manifest);
  const res = await reg.putManifest(repo, tag ?? digest, manifest, OCI_MANIFEST);
  if (res.status !== 201) throw new Error(`manifest push answered ${res.status}: ${await res.text()}`);
  return { digest, size: Buffer.byteLength(manifest) };
}

export async function pushIndex(reg: RegistryClient, repo: string, children: { digest: string; size: number }[], tag: string): Promise<string> {
  const index = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: children.map((c) => ({ mediaType: OCI_MANIFEST, digest: c.digest, size: c.size, platform: { architecture: 'amd64', os: 'linux' } })),
  });
  const res = await reg.putManifest(repo, tag, index, OCI_INDEX);
  if (res.status !== 201) throw new Error(`index push answered ${res.status}: ${await res.text()}`);
  return digestOf(index);
}
