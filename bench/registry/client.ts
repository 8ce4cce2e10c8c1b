// The benchmark's OCI Distribution client, the same for every target: node:http with a keep-alive
// agent, blob bodies written in 1 MiB slices with backpressure, response bodies consumed as
// streams. Every transfer ends with an error at the caller's deadline or after `timeoutMs`
// without progress, so no loop can hang.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { Agent, request, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';

const SLICE = 1 << 20;
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

/** Blob content: its size, digest, and its bytes in slices (generated again on each call). */
export interface Blob {
  size: number;
  digest: string;
  slices(): Iterable<Buffer>;
}

/** A blob of these bytes, held once; its slices are views, not copies. */
export function bytesBlob(bytes: Buffer): Blob {
  return {
    size: bytes.length,
    digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
    *slices() {
      for (let at = 0; at < bytes.length; at += SLICE) yield bytes.subarray(at, Math.min(bytes.length, at + SLICE));
    },
  };
}

/** A blob of fresh random bytes. */
export function randomBlob(size: number): Blob {
  return bytesBlob(randomBytes(size));
}

/**
 * A blob of random-looking bytes that is never held: the AES-256-CTR keystream of a random key,
 * generated slice by slice (once here for the digest, then again for each send).
 */
export function streamedBlob(size: number): Blob {
  const key = randomBytes(32);
  const iv = randomBytes(16);
  const zeros = Buffer.alloc(SLICE);
  const slices = function* () {
    const cipher = createCipheriv('aes-256-ctr', key, iv);
    for (let at = 0; at < size; at += SLICE) yield cipher.update(zeros.subarray(0, Math.min(SLICE, size - at)));
  };
  const hash = createHash('sha256');
  for (const slice of slices()) hash.update(slice);
  return { size, digest: `sha256:${hash.digest('hex')}`, slices };
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

/** An OCI image manifest for `layers`, with `config` as its config blob. */
export function imageManifest(config: Descriptor, layers: Descriptor[]): Buffer {
  return Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers }));
}

export type UploadMode = 'put' | 'patch';

export class RegistryClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  constructor(
    private readonly base: string,
    private readonly authorization: string | undefined,
    private readonly timeoutMs = 30_000,
  ) {}

  close(): void {
    this.agent.destroy();
  }

  /** Sends a request (with `body` written in slices) and resolves with the response head. */
  send(method: string, target: string, opts: { headers?: OutgoingHttpHeaders; body?: Blob; deadline?: number } = {}): Promise<IncomingMessage> {
    const { body, deadline = Infinity } = opts;
    const headers: OutgoingHttpHeaders = { ...opts.headers, 'content-length': String(body?.size ?? 0) };
    if (this.authorization) headers.authorization = this.authorization;
    return new Promise((resolve, reject) => {
      const req = request(new URL(target, this.base), { method, agent: this.agent, headers });
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`${method} ${target}: no progress for ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.on('response', resolve);
      if (!body) {
        req.end();
        return;
      }
      (async () => {
        for (const slice of body.slices()) {
          if (req.destroyed) return;
          if (Date.now() > deadline) {
            req.destroy(new Error(`${method} ${target}: time limit reached`));
            return;
          }
          if (!req.write(slice)) {
            await new Promise<void>((done) => {
              const go = () => {
                req.off('drain', go).off('close', go);
                done();
              };
              req.on('drain', go).on('close', go);
            });
          }
        }
        req.end();
      })().catch((err: unknown) => req.destroy(err as Error));
    });
  }

  /** Pushes a blob: POST, then a monolithic PUT (`put`), or a streamed PATCH and an empty PUT (`patch`, as docker does). */
  async pushBlob(repository: string, blob: Blob, mode: UploadMode, deadline = Infinity): Promise<void> {
    let location = await this.expect(await this.send('POST', `/v2/${repository}/blobs/uploads/`, { deadline }), 202, 'location');
    const octets = { 'content-type': 'application/octet-stream' };
    if (mode === 'patch') {
      const patched = await this.send('PATCH', location, { headers: octets, body: blob, deadline });
      location = await this.expect(patched, 202, 'location');
    }
    const url = `${location}${location.includes('?') ? '&' : '?'}digest=${encodeURIComponent(blob.digest)}`;
    const put = await this.send('PUT', url, mode === 'put' ? { headers: octets, body: blob, deadline } : { deadline });
    await this.expect(put, 201);
  }

  async putManifest(repository: string, reference: string, manifest: Buffer): Promise<void> {
    const body = bytesBlob(manifest);
    await this.expect(await this.send('PUT', `/v2/${repository}/manifests/${reference}`, { headers: { 'content-type': OCI_MANIFEST }, body }), 201);
  }

  /** GETs a blob, consuming (and optionally hashing) the stream; checks its size. */
  async pullBlob(repository: string, blob: { digest: string; size: number }, verify: boolean, deadline = Infinity): Promise<void> {
    const res = await this.send('GET', `/v2/${repository}/blobs/${blob.digest}`, { deadline });
    if (res.statusCode !== 200) await this.expect(res, 200);
    const hash = verify ? createHash('sha256') : undefined;
    let received = 0;
    for await (const chunk of res as AsyncIterable<Buffer>) {
      received += chunk.length;
      hash?.update(chunk);
      if (Date.now() > deadline) {
        res.destroy();
        throw new Error(`GET blob ${blob.digest}: time limit reached`);
      }
    }
    if (received !== blob.size) throw new Error(`GET blob ${blob.digest}: ${received} bytes, expected ${blob.size}`);
    if (hash && `sha256:${hash.digest('hex')}` !== blob.digest) throw new Error(`GET blob ${blob.digest}: wrong content`);
  }

  async headBlob(repository: string, digest: string): Promise<void> {
    await this.expect(await this.send('HEAD', `/v2/${repository}/blobs/${digest}`), 200);
  }

  async getManifest(repository: string, reference: string): Promise<void> {
    await this.expect(await this.send('GET', `/v2/${repository}/manifests/${reference}`, { headers: { accept: OCI_MANIFEST } }), 200);
  }

  /** Reads the whole response; fails unless it has `status`. Returns header `name`, if asked for. */
  private async expect(res: IncomingMessage, status: number, name?: string): Promise<string> {
    let text = '';
    for await (const chunk of res as AsyncIterable<Buffer>) if (text.length < 2000) text += chunk.toString();
    if (res.statusCode !== status) throw new Error(`${res.statusCode} where ${status} was expected: ${text.slice(0, 300)}`);
    if (!name) return '';
    const value = res.headers[name];
    if (typeof value !== 'string') throw new Error(`the answer has no ${name} header`);
    return value;
  }
}
