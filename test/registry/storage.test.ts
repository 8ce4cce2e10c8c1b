// Blob storage: files encrypted at rest by default (and plain when switched off), uploads that
// resume across a restart, and upload sessions that expire.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createRepository, digestOf, registryClient, registryLogin } from '../helpers/registry.js';
import { startTestServer } from '../helpers/server.js';
import { issueToken } from '../../src/registry/token.js';

const MARKER = 'wharf-plaintext-marker;';

function blobFile(dataDir: string, digest: string): string {
  const hex = digest.slice('sha256:'.length);
  return join(dataDir, 'blobs', 'sha256', hex.slice(0, 2), hex);
}

describe('registry blob storage', () => {
  for (const encryption of [true, false]) {
    it(`keeps blob files ${encryption ? 'encrypted' : 'in plain text'} when encryption is ${encryption ? 'on (the default)' : 'off'}`, async () => {
      const server = await startTestServer(encryption ? {} : { registryEncryption: false });
      try {
        await createRepository(server, { repositoryName: 'enc' });
        const r = registryClient(server.url, (await registryLogin(server)).authorization);
        const bytes = Buffer.from(MARKER.repeat(2000));
        const digest = await r.pushBlob('enc', bytes);
        const onDisk = readFileSync(blobFile(server.dataDir, digest));
        assert.equal(onDisk.includes(MARKER), !encryption);
        assert.ok(existsSync(join(server.dataDir, 'keys', 'blob.key')));
        const part = await r.fetch(`/v2/enc/blobs/${digest}`, { headers: { range: 'bytes=5-40' } });
        assert.equal(Buffer.from(await part.arrayBuffer()).toString(), bytes.subarray(5, 41).toString());
      } finally {
        await server.stop();
      }
    });
  }

  it('resumes an upload after a restart, where the server says it stands', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wharf-resume-'));
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
    try {
      const first = await startTestServer({ dataDir });
      await createRepository(first, { repositoryName: 'resume' });
      const r1 = registryClient(first.url, (await registryLogin(first)).authorization);
      const location = (await r1.fetch('/v2/resume/blobs/uploads/', { method: 'POST' })).headers.get('location') ?? '';
      await r1.fetch(location, { method: 'PATCH', body: bytes.subarray(0, 1234), headers: { 'content-range': '0-1233', 'content-type': 'application/octet-stream' } });
      await first.stop();

      const second = await startTestServer({ dataDir });
      try {
        const r2 = registryClient(second.url, (await registryLogin(second)).authorization);
        const status = await r2.fetch(location);
        assert.equal(status.headers.get('range'), '0-1233');
        const put = await r2.fetch(`${location}?digest=${digestOf(bytes)}`, {
          method: 'PUT', body: bytes.subarray(1234), headers: { 'content-range': '1234-4999', 'content-type': 'application/octet-stream' },
        });
        assert.equal(put.status, 201);
        const get = await r2.fetch(`/v2/resume/blobs/${digestOf(bytes)}`);
        assert.deepEqual(Buffer.from(await get.arrayBuffer()), bytes);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('drops upload sessions left untouched for a day', async () => {
    let now = new Date();
    const server = await startTestServer({ clock: () => now });
    try {
      await createRepository(server, { repositoryName: 'expire' });
      const r = registryClient(server.url, (await registryLogin(server)).authorization);
      const location = (await r.fetch('/v2/expire/blobs/uploads/', { method: 'POST' })).headers.get('location') ?? '';
      assert.equal((await r.fetch(location)).status, 204);
      now = new Date(now.getTime() + 11 * 3_600_000);
      assert.equal(await server.registry.uploads.cleanup(now), 0);
      now = new Date(now.getTime() + 14 * 3_600_000);
      assert.equal(await server.registry.uploads.cleanup(now), 1);
      // The first login has expired by now too; a token issued at the new time lets us look.
      const { token } = await issueToken(server.services.store, server.rootKey.principal.arn, now);
      const later = registryClient(server.url, `Basic ${Buffer.from(`AWS:${token}`).toString('base64')}`);
      assert.equal((await later.fetch(location)).status, 404);
    } finally {
      await server.stop();
    }
  });
});
