// skopeo against the registry: an OCI image and an OCI index pushed from an OCI layout, copies
// between repositories that mount blobs instead of uploading them, and a copy back to disk.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { run } from '../helpers/docker.js';
import { OciLayout, type Descriptor } from '../helpers/ociLayout.js';
import { createRepository, registryClient, registryLogin, type RegistryClient } from '../helpers/registry.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const LAYER_NOISE = 256 * 1024;
const SKOPEO = process.env.WHARF_SKOPEO ?? '/usr/bin/skopeo';

describe('skopeo with the registry', () => {
  let server: TestServer;
  let host: string;
  let creds: string;
  let client: RegistryClient;
  let work: string;
  let layout: OciLayout;
  let image: Descriptor;
  let index: Descriptor;

  const skopeo = async (...args: string[]) => {
    const r = await run(SKOPEO, args);
    if (r.code !== 0) throw new Error(`skopeo ${args.join(' ')} exited ${r.code}\n${r.stderr}`);
    return r.stdout;
  };
  const creds2 = (kind: 'src' | 'dest') => [`--${kind}-creds`, creds, `--${kind}-tls-verify=false`];

  before(async () => {
    server = await startTestServer();
    host = new URL(server.url).host;
    const login = await registryLogin(server);
    creds = `AWS:${login.password}`;
    client = registryClient(server.url, login.authorization);
    for (const name of ['oci/src', 'oci/dst', 'multi', 'multi-copy']) await createRepository(server, { repositoryName: name });
    work = mkdtempSync(join(tmpdir(), 'wharf-skopeo-'));
    layout = new OciLayout(join(work, 'layout'));
    // Random content, so the gzipped layer is about as large as the file.
    image = await layout.image({ 'hello.txt': 'hello from an OCI layout\n', 'noise.bin': randomBytes(LAYER_NOISE).toString('base64') });
    index = layout.index([
      await layout.image({ 'arch.txt': 'amd64\n' }, { architecture: 'amd64', os: 'linux' }),
      await layout.image({ 'arch.txt': 'arm64\n' }, { architecture: 'arm64', os: 'linux' }),
    ]);
    layout.refs({ single: image, multi: index });
  });
  after(async () => {
    rmSync(work, { recursive: true, force: true });
    await server.stop();
  });

  it('copies an OCI image into a repository, byte for byte', async () => {
    await skopeo('copy', '--format', 'oci', ...creds2('dest'), `oci:${layout.dir}:single`, `docker://${host}/oci/src:1`);
    const res = await client.fetch('/v2/oci/src/manifests/1', { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/vnd.oci.image.manifest.v1+json');
    assert.equal(res.headers.get('docker-content-digest'), image.digest);
    const stored = readFileSync(join(layout.dir, 'blobs', 'sha256', image.digest.slice(7)));
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), stored);
  });

  it('copies between repositories by mounting the layers instead of uploading them', async () => {
    const before = server.registry.uploads.bytesReceived;
    await skopeo('copy', ...creds2('src'), ...creds2('dest'), `docker://${host}/oci/src:1`, `docker://${host}/oci/dst:1`);
    // skopeo re-sends the small config blob (it never asks to mount a config); the layer is mounted.
    const uploaded = server.registry.uploads.bytesReceived - before;
    assert.ok(uploaded < LAYER_NOISE, `${uploaded} bytes were uploaded: the layer was not mounted`);
    const res = await client.fetch('/v2/oci/dst/manifests/1', { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('docker-content-digest'), image.digest);
  });

  it('copies an index with every platform (--all), and again between repositories', async () => {
    await skopeo('copy', '--all', ...creds2('dest'), `oci:${layout.dir}:multi`, `docker://${host}/multi:1`);
    const res = await client.fetch('/v2/multi/manifests/1', { headers: { accept: 'application/vnd.oci.image.index.v1+json' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/vnd.oci.image.index.v1+json');
    assert.equal(res.headers.get('docker-content-digest'), index.digest);
    const body = JSON.parse(await res.text()) as { manifests: Descriptor[] };
    assert.deepEqual(body.manifests.map((m) => m.platform?.architecture), ['amd64', 'arm64']);
    for (const child of body.manifests) {
      assert.equal((await client.fetch(`/v2/multi/manifests/${child.digest}`, { method: 'HEAD' })).status, 200);
    }
    await skopeo('copy', '--all', ...creds2('src'), ...creds2('dest'), `docker://${host}/multi:1`, `docker://${host}/multi-copy:1`);
    const copied = await client.fetch('/v2/multi-copy/manifests/1', { method: 'HEAD', headers: { accept: 'application/vnd.oci.image.index.v1+json' } });
    assert.equal(copied.headers.get('docker-content-digest'), index.digest);
  });

  it('copies an image back out of the registry to an OCI layout', async () => {
    const out = join(work, 'out');
    await skopeo('copy', ...creds2('src'), `docker://${host}/oci/src:1`, `oci:${out}:back`);
    const outIndex = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { manifests: Descriptor[] };
    assert.equal(outIndex.manifests[0]?.digest, image.digest);
    const text = await skopeo('inspect', ...creds2('src').map((a) => a.replace('src-', '')), `docker://${host}/oci/src:1`);
    assert.equal((JSON.parse(text) as { Digest: string }).Digest, image.digest);
  });
});
