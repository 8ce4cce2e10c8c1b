// The OCI blob and upload endpoints over HTTP: monolithic, single-POST, chunked and streamed
// uploads, their errors, Range reads, mounts, cancel, and the login challenge.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createRepository, digestOf, registryClient, registryLogin, type RegistryClient } from '../helpers/registry.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface OciErrors {
  errors: Array<{ code: string; message: string; detail?: unknown }>;
}

async function ociError(res: Response): Promise<string> {
  const body = (await res.json()) as OciErrors;
  return body.errors[0]?.code ?? '';
}

describe('registry blobs and uploads', () => {
  let server: TestServer;
  let r: RegistryClient;
  before(async () => {
    server = await startTestServer();
    r = registryClient(server.url, (await registryLogin(server)).authorization);
    await createRepository(server, { repositoryName: 'blobs' });
    await createRepository(server, { repositoryName: 'team/other' });
  });
  after(async () => server.stop());

  const start = async (name = 'blobs') => {
    const res = await r.fetch(`/v2/${name}/blobs/uploads/`, { method: 'POST' });
    assert.equal(res.status, 202);
    assert.equal(res.headers.get('range'), '0-0');
    const location = res.headers.get('location') ?? '';
    assert.match(location, new RegExp(`^/v2/${name}/blobs/uploads/[0-9a-f-]+$`));
    assert.equal(location.split('/').pop(), res.headers.get('docker-upload-uuid'));
    return location;
  };

  it('answers /v2/ with the API version, and challenges callers without a valid login', async () => {
    const ok = await r.fetch('/v2/');
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('docker-distribution-api-version'), 'registry/2.0');
    for (const authorization of [undefined, 'Basic ' + Buffer.from('AWS:forged.token').toString('base64'), 'Bearer x']) {
      const res = await fetch(`${server.url}/v2/blobs/tags/list`, { headers: authorization ? { authorization } : {} });
      assert.equal(res.status, 401);
      assert.match(res.headers.get('www-authenticate') ?? '', /^Basic realm="/);
      assert.equal(await ociError(res), 'UNAUTHORIZED');
    }
  });

  it('takes a monolithic upload (POST then PUT with the body) and serves it back', async () => {
    const bytes = randomBytes(10_000);
    const location = await start();
    const put = await r.fetch(`${location}?digest=${digestOf(bytes)}`, { method: 'PUT', body: bytes, headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(put.status, 201);
    assert.equal(put.headers.get('location'), `/v2/blobs/blobs/${digestOf(bytes)}`);
    assert.equal(put.headers.get('docker-content-digest'), digestOf(bytes));
    const head = await r.fetch(`/v2/blobs/blobs/${digestOf(bytes)}`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), '10000');
    const get = await r.fetch(`/v2/blobs/blobs/${digestOf(bytes)}`);
    assert.deepEqual(Buffer.from(await get.arrayBuffer()), bytes);
  });

  it('serves byte ranges with 206, and 416 past the end', async () => {
    const bytes = randomBytes(5000);
    const digest = await r.pushBlob('blobs', bytes);
    const part = await r.fetch(`/v2/blobs/blobs/${digest}`, { headers: { range: 'bytes=1000-1999' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), 'bytes 1000-1999/5000');
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), bytes.subarray(1000, 2000));
    const odd = await r.fetch(`/v2/blobs/blobs/${digest}`, { headers: { range: 'bytes=4093-' } });
    assert.deepEqual(Buffer.from(await odd.arrayBuffer()), bytes.subarray(4093));
    const past = await r.fetch(`/v2/blobs/blobs/${digest}`, { headers: { range: 'bytes=6000-7000' } });
    assert.equal(past.status, 416);
  });

  it('takes chunks in order, reports progress, and refuses out-of-order or repeated chunks with 416', async () => {
    const bytes = randomBytes(3000);
    const location = await start();
    const patch = (from: number, to: number) => r.fetch(location, {
      method: 'PATCH',
      body: bytes.subarray(from, to + 1),
      headers: { 'content-type': 'application/octet-stream', 'content-range': `${from}-${to}` },
    });
    const first = await patch(0, 999);
    assert.equal(first.status, 202);
    assert.equal(first.headers.get('range'), '0-999');
    const skipped = await patch(2000, 2999);
    assert.equal(skipped.status, 416);
    assert.equal(skipped.headers.get('range'), '0-999');
    assert.equal((await patch(1000, 1999)).status, 202);
    const repeated = await patch(1000, 1999);
    assert.equal(repeated.status, 416);
    const status = await r.fetch(location);
    assert.equal(status.status, 204);
    assert.equal(status.headers.get('range'), '0-1999');
    const last = await r.fetch(`${location}?digest=${digestOf(bytes)}`, {
      method: 'PUT', body: bytes.subarray(2000), headers: { 'content-range': '2000-2999', 'content-type': 'application/octet-stream' },
    });
    assert.equal(last.status, 201);
    const get = await r.fetch(`/v2/blobs/blobs/${digestOf(bytes)}`);
    assert.deepEqual(Buffer.from(await get.arrayBuffer()), bytes);
  });

  it('takes a streamed PATCH without Content-Range, as the docker CLI sends it', async () => {
    const bytes = randomBytes(200_000);
    const location = await start();
    const chunks = [bytes.subarray(0, 70_000), bytes.subarray(70_000)];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        chunks.forEach((c) => controller.enqueue(c));
        controller.close();
      },
    });
    const patch = await r.fetch(location, { method: 'PATCH', body, duplex: 'half', headers: { 'content-type': 'application/octet-stream' } } as RequestInit);
    assert.equal(patch.status, 202);
    assert.equal(patch.headers.get('range'), '0-199999');
    const done = await r.fetch(`${location}?digest=${digestOf(bytes)}`, { method: 'PUT' });
    assert.equal(done.status, 201);
  });

  it('rejects a digest that does not match the content with DIGEST_INVALID, and stores nothing', async () => {
    const bytes = randomBytes(100);
    const wrong = digestOf('something else');
    const res = await r.fetch(`/v2/blobs/blobs/uploads/?digest=${wrong}`, { method: 'POST', body: bytes, headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(res.status, 400);
    assert.equal(await ociError(res), 'DIGEST_INVALID');
    assert.equal((await r.fetch(`/v2/blobs/blobs/${wrong}`, { method: 'HEAD' })).status, 404);
  });

  it('rejects a chunk whose length does not match its Content-Range with SIZE_INVALID', async () => {
    const location = await start();
    const res = await r.fetch(location, { method: 'PATCH', body: randomBytes(10), headers: { 'content-range': '0-19', 'content-type': 'application/octet-stream' } });
    assert.equal(res.status, 400);
    assert.equal(await ociError(res), 'SIZE_INVALID');
    assert.equal((await r.fetch(location)).headers.get('range'), '0-0');
  });

  it('answers BLOB_UNKNOWN, BLOB_UPLOAD_UNKNOWN, NAME_INVALID and NAME_UNKNOWN', async () => {
    const unknown = await r.fetch(`/v2/blobs/blobs/${digestOf('never pushed')}`);
    assert.equal(unknown.status, 404);
    assert.equal(await ociError(unknown), 'BLOB_UNKNOWN');
    const upload = await r.fetch('/v2/blobs/blobs/uploads/00000000-0000-0000-0000-000000000000');
    assert.equal(upload.status, 404);
    assert.equal(await ociError(upload), 'BLOB_UPLOAD_UNKNOWN');
    const invalid = await r.fetch('/v2/Bad_Name/blobs/uploads/', { method: 'POST' });
    assert.equal(invalid.status, 400);
    assert.equal(await ociError(invalid), 'NAME_INVALID');
    const missing = await r.fetch('/v2/missing/blobs/uploads/', { method: 'POST' });
    assert.equal(missing.status, 404);
    const body = (await missing.json()) as OciErrors;
    assert.equal(body.errors[0]?.code, 'NAME_UNKNOWN');
    assert.equal(body.errors[0]?.message, "The repository with name 'missing' does not exist in the registry with id '000000000000'");
  });

  it('cancels an upload with DELETE', async () => {
    const location = await start();
    assert.equal((await r.fetch(location, { method: 'DELETE' })).status, 204);
    assert.equal((await r.fetch(location)).status, 404);
  });

  it('mounts a blob from another repository (201), else falls back to an upload (202)', async () => {
    const digest = await r.pushBlob('blobs', randomBytes(500));
    const mounted = await r.fetch(`/v2/team/other/blobs/uploads/?mount=${digest}&from=blobs`, { method: 'POST' });
    assert.equal(mounted.status, 201);
    assert.equal(mounted.headers.get('location'), `/v2/team/other/blobs/${digest}`);
    assert.equal((await r.fetch(`/v2/team/other/blobs/${digest}`, { method: 'HEAD' })).status, 200);
    const absent = await r.fetch(`/v2/team/other/blobs/uploads/?mount=${digestOf('absent')}&from=blobs`, { method: 'POST' });
    assert.equal(absent.status, 202);
    assert.ok(absent.headers.get('docker-upload-uuid'));
  });

  it('mounts automatically when the blob is stored and no repository is named', async () => {
    await createRepository(server, { repositoryName: 'auto' });
    const digest = await r.pushBlob('blobs', randomBytes(300));
    const res = await r.fetch(`/v2/auto/blobs/uploads/?mount=${digest}`, { method: 'POST' });
    assert.equal(res.status, 201);
    assert.equal((await r.fetch(`/v2/auto/blobs/${digest}`, { method: 'HEAD' })).status, 200);
  });

  it('deletes a blob from a repository', async () => {
    const digest = await r.pushBlob('blobs', randomBytes(64));
    assert.equal((await r.fetch(`/v2/blobs/blobs/${digest}`, { method: 'DELETE' })).status, 202);
    assert.equal((await r.fetch(`/v2/blobs/blobs/${digest}`, { method: 'HEAD' })).status, 404);
  });

  it('takes the same layer from two clients at once, and keeps one good copy', async () => {
    const bytes = randomBytes(1024 * 1024);
    const push = async () => {
      const location = await start();
      const patch = await r.fetch(location, { method: 'PATCH', body: bytes, headers: { 'content-type': 'application/octet-stream' } });
      assert.equal(patch.status, 202);
      return (await r.fetch(`${location}?digest=${digestOf(bytes)}`, { method: 'PUT' })).status;
    };
    assert.deepEqual(await Promise.all([push(), push()]), [201, 201]);
    const get = await r.fetch(`/v2/blobs/blobs/${digestOf(bytes)}`);
    assert.equal(digestOf(Buffer.from(await get.arrayBuffer())), digestOf(bytes));
  });
});
