// Crash safety of blob uploads: `wharf server` is killed with SIGKILL while a 50 MB streamed
// PATCH is being written. After a restart on the same data dir the blob is not visible, and a
// new full push succeeds and reads back byte-identical.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { ensureBuilt } from '../cli/build.js';
import { cleanEnv, runWharf, type Wharf } from '../cli/process.js';
import { registryClient, registryLogin, type RegistryClient } from '../helpers/registry.js';

const KEYS = { accessKeyId: 'AKIAREGCRASHTEST0001', secretAccessKey: 'registry-crash-secret-0123456789abcdefgh' };
const ENV = cleanEnv({ WHARF_ROOT_ACCESS_KEY_ID: KEYS.accessKeyId, WHARF_ROOT_SECRET_ACCESS_KEY: KEYS.secretAccessKey });
const CHUNK = 1024 * 1024;
const CHUNKS = 50;

/** 50 MB of content, made chunk by chunk (never held whole), and its digest. */
function content(): { chunk(i: number): Buffer; digest: string } {
  const base = randomBytes(CHUNK);
  const chunk = (i: number) => {
    const c = Buffer.from(base);
    c.writeUInt32BE(i, 0);
    return c;
  };
  const hash = createHash('sha256');
  for (let i = 0; i < CHUNKS; i++) hash.update(chunk(i));
  return { chunk, digest: `sha256:${hash.digest('hex')}` };
}

function streamOf(chunk: (i: number) => Buffer): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i === CHUNKS) controller.close();
      else controller.enqueue(chunk(i++));
    },
  });
}

async function start(dataDir: string): Promise<{ proc: Wharf; registry: RegistryClient; ecr: ECRClient }> {
  const proc = runWharf(['server', '--port', '0', '--data-dir', dataDir], ENV);
  const m = await proc.waitFor(/wharf server listening on (\S+)\n/);
  const url = m[1] ?? '';
  const clientConfig = { endpoint: url, region: 'us-east-1', credentials: KEYS, maxAttempts: 1 };
  const login = await registryLogin({ clientConfig });
  return { proc, registry: registryClient(url, login.authorization), ecr: new ECRClient(clientConfig) };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}

describe('registry crash safety', () => {
  let dataDir: string;
  let running: Wharf | undefined;
  before(async () => {
    await ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'wharf-registry-crash-'));
  });
  after(async () => {
    await running?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves no visible blob after kill -9 mid-upload, and the next push succeeds', async () => {
    const data = content();
    const first = await start(dataDir);
    running = first.proc;
    await first.ecr.send(new CreateRepositoryCommand({ repositoryName: 'big' }));

    const started = await first.registry.fetch('/v2/big/blobs/uploads/', { method: 'POST' });
    const location = started.headers.get('location') ?? '';
    const patch = first.registry.fetch(location, {
      method: 'PATCH', body: streamOf(data.chunk), duplex: 'half', headers: { 'content-type': 'application/octet-stream' },
    } as RequestInit).then(() => 'answered', () => 'connection lost');
    // Kill once the server has written part of the upload to disk.
    for (;;) {
      const status = await first.registry.fetch(location);
      const end = Number((status.headers.get('range') ?? '0-0').split('-')[1]);
      if (end > CHUNK) break;
      await sleep(20);
    }
    await first.proc.stop('SIGKILL');
    assert.equal(await patch, 'connection lost');

    const second = await start(dataDir);
    running = second.proc;
    const head = await second.registry.fetch(`/v2/big/blobs/${data.digest}`, { method: 'HEAD' });
    assert.equal(head.status, 404);
    assert.deepEqual(filesUnder(join(dataDir, 'blobs')), []);

    const again = await second.registry.fetch('/v2/big/blobs/uploads/', { method: 'POST' });
    const next = again.headers.get('location') ?? '';
    const streamed = await second.registry.fetch(next, {
      method: 'PATCH', body: streamOf(data.chunk), duplex: 'half', headers: { 'content-type': 'application/octet-stream' },
    } as RequestInit);
    assert.equal(streamed.status, 202);
    assert.equal(streamed.headers.get('range'), `0-${CHUNK * CHUNKS - 1}`);
    const done = await second.registry.fetch(`${next}?digest=${data.digest}`, { method: 'PUT' });
    assert.equal(done.status, 201);

    const get = await second.registry.fetch(`/v2/big/blobs/${data.digest}`);
    assert.equal(get.status, 200);
    const hash = createHash('sha256');
    let size = 0;
    for await (const part of get.body ?? []) {
      hash.update(part);
      size += part.length;
    }
    assert.equal(size, CHUNK * CHUNKS);
    assert.equal(`sha256:${hash.digest('hex')}`, data.digest);
  });
});
