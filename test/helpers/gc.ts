// Garbage-collection test helpers: a server whose clock a test moves forward, images pushed with
// every byte remembered, and a pull that checks those bytes came back exactly.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { idleTimers } from './fakeTimers.js';
import { OCI_MANIFEST } from './ociPush.js';
import { digestOf, registryClient, registryLogin, type RegistryClient } from './registry.js';
import { startTestServer, type TestServer } from './server.js';

export const MINUTE = 60_000;

export interface GcServer {
  server: TestServer;
  reg: RegistryClient;
  /** Moves the server's clock forward (SigV4 calls need it unmoved: make them first). */
  age(ms: number): void;
  /** The server's clock. */
  now(): Date;
}

/** A server whose jobs never run on their own; the test calls `server.jobs.gc.runOnce()`. */
export async function startGcServer(gcGraceMs: number): Promise<GcServer> {
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const server = await startTestServer({
    clock: now,
    registryJobs: { timers: idleTimers, gcGraceMs },
  });
  const reg = registryClient(server.url, (await registryLogin(server)).authorization);
  return {
    server,
    reg,
    now,
    age: (ms) => {
      offset += ms;
    },
  };
}

export interface PushedImage {
  repo: string;
  reference: string;
  digest: string;
  manifest: Buffer;
  /** Config and layers, by digest. */
  blobs: Map<string, Buffer>;
}

/** Pushes a config and these layers, then the manifest under `tag` (or its digest). */
export async function pushLayers(reg: RegistryClient, repo: string, layers: Buffer[], tag?: string): Promise<PushedImage> {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', layers: layers.map((l) => digestOf(l)) }));
  const blobs = new Map<string, Buffer>([[digestOf(config), config]]);
  await reg.pushBlob(repo, config);
  for (const l of layers) {
    await reg.pushBlob(repo, l);
    blobs.set(digestOf(l), l);
  }
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(config), size: config.length },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: digestOf(l), size: l.length })),
  }));
  const digest = digestOf(manifest);
  const reference = tag ?? digest;
  const res = await reg.putManifest(repo, reference, manifest.toString(), OCI_MANIFEST);
  if (res.status !== 201) throw new Error(`manifest push answered ${res.status}: ${await res.text()}`);
  return { repo, reference, digest, manifest, blobs };
}

/** Pulls the image by its reference and checks the manifest and every blob byte for byte. */
export async function pullExact(reg: RegistryClient, image: PushedImage): Promise<void> {
  const res = await reg.fetch(`/v2/${image.repo}/manifests/${image.reference}`, { headers: { accept: OCI_MANIFEST } });
  assert.equal(res.status, 200, `${image.repo}:${image.reference} manifest answered ${res.status}`);
  assert.ok(Buffer.from(await res.arrayBuffer()).equals(image.manifest), `${image.repo}:${image.reference} manifest bytes differ`);
  for (const [digest, bytes] of image.blobs) {
    const blob = await reg.fetch(`/v2/${image.repo}/blobs/${digest}`);
    assert.equal(blob.status, 200, `${image.repo} blob ${digest} answered ${blob.status}`);
    assert.ok(Buffer.from(await blob.arrayBuffer()).equals(bytes), `${image.repo} blob ${digest} bytes differ`);
  }
}

export async function deleteImage(reg: RegistryClient, image: PushedImage): Promise<void> {
  const res = await reg.fetch(`/v2/${image.repo}/manifests/${image.digest}`, { method: 'DELETE' });
  assert.equal(res.status, 202);
}

/** Asserts the blob is gone: 404 BLOB_UNKNOWN in `repo`, and no file under the data dir. */
export async function assertCollected(gc: GcServer, repo: string, digest: string): Promise<void> {
  const res = await gc.reg.fetch(`/v2/${repo}/blobs/${digest}`);
  assert.equal(res.status, 404, `${digest} is still served`);
  const body = (await res.json()) as { errors: { code: string }[] };
  assert.equal(body.errors[0]?.code, 'BLOB_UNKNOWN');
  assert.equal(existsSync(blobFile(gc.server.dataDir, digest)), false, `${digest} still has a file`);
}

export function blobFile(dataDir: string, digest: string): string {
  const hex = digest.slice('sha256:'.length);
  return join(dataDir, 'blobs', 'sha256', hex.slice(0, 2), hex);
}
