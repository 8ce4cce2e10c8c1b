// Upload sessions: start, append chunks (in order), finish into a blob, cancel, expire.
// The bytes live in the BlobStore's upload file; the session record in the Store; the running
// sha256 in memory, rebuilt from the file when a restart lost it.
import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { RegistryError, uploadUnknown } from '../errors.js';
import { isSha256Digest } from '../names.js';
import { BLOBS, LINKS, repoKey, UPLOADS } from '../meta/keys.js';
import type { BlobRecord, LinkRecord, UploadRecord } from '../meta/records.js';
import { SizeMismatch } from '../storage/blobStore.js';
import type { RegistryDeps } from './deps.js';

/** An untouched session lives this long. */
export const UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;

export interface Chunk {
  source: Readable;
  /** From Content-Range: where the client says the chunk starts and ends. */
  range?: { start: number; end: number } | undefined;
  /** From Content-Length, when given. */
  length?: number | undefined;
}

export function rangeHeader(size: number): string {
  return `0-${Math.max(size - 1, 0)}`;
}

export class Uploads {
  private readonly hashes = new Map<string, { hash: Hash; size: number }>();
  private readonly busy = new Set<string>();
  /** Bytes received by appends since start (observability, and tests that check mounts). */
  bytesReceived = 0;

  constructor(private readonly deps: RegistryDeps) {}

  async start(repository: string): Promise<string> {
    const id = this.deps.ids.uuid();
    const now = this.deps.clock();
    const record: UploadRecord = {
      id,
      repository,
      startedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + UPLOAD_TTL_MS).toISOString(),
    };
    await this.deps.store.transaction((tx) => tx.put(UPLOADS, id, record));
    await this.deps.blobs.createUpload(id);
    this.hashes.set(id, { hash: createHash('sha256'), size: 0 });
    return id;
  }

  /** The session's current size; BLOB_UPLOAD_UNKNOWN unless it belongs to `repository`. */
  async status(repository: string, id: string): Promise<number> {
    const record = await this.deps.store.get<UploadRecord>(UPLOADS, id);
    const size = record?.repository === repository ? await this.deps.blobs.uploadSize(id) : undefined;
    if (size === undefined) throw uploadUnknown(id);
    return size;
  }

  /** Appends a chunk; returns the new size. */
  async append(repository: string, id: string, chunk: Chunk): Promise<number> {
    return this.exclusive(id, async () => this.appendLocked(repository, id, chunk, { touch: true }));
  }

  /** `touch` extends the session's life; a finishing append skips it, as the session ends anyway. */
  private async appendLocked(repository: string, id: string, chunk: Chunk, opts: { touch: boolean }): Promise<number> {
    const size = await this.status(repository, id);
    const { range } = chunk;
    if (range && (range.start !== size || range.end < range.start)) {
      throw new RegistryError('RANGE_INVALID', `the chunk must start at byte ${size}`, { uuid: id }, { Range: rangeHeader(size) });
    }
    const expected = range ? range.end - range.start + 1 : chunk.length;
    if (range && chunk.length !== undefined && chunk.length !== expected) {
      throw new RegistryError('SIZE_INVALID', `Content-Length ${chunk.length} does not match Content-Range ${range.start}-${range.end}`);
    }
    const state = await this.hashAt(id, size);
    try {
      const n = await this.deps.blobs.append(id, chunk.source, state.hash, expected);
      this.bytesReceived += n;
      this.hashes.set(id, { hash: state.hash, size: size + n });
    } catch (err) {
      this.hashes.delete(id);
      if (err instanceof SizeMismatch) throw new RegistryError('SIZE_INVALID', err.message, { uuid: id });
      throw err;
    }
    if (opts.touch) await this.touch(id);
    return this.hashes.get(id)?.size ?? size;
  }

  /** Appends the last chunk (if any), checks the digest and makes the blob. Returns its size. */
  async finish(repository: string, id: string, digest: string, chunk?: Chunk): Promise<number> {
    return this.exclusive(id, async () => {
      if (chunk) await this.appendLocked(repository, id, chunk, { touch: false });
      const size = await this.status(repository, id);
      const state = await this.hashAt(id, size);
      const actual = `sha256:${state.hash.copy().digest('hex')}`;
      if (!isSha256Digest(digest) || actual !== digest) {
        await this.drop(id);
        throw new RegistryError('DIGEST_INVALID', 'provided digest did not match uploaded content', { digest, actual });
      }
      this.hashes.delete(id);
      // The rename and the rows under the digest's lock, so GC never deletes the file in between
      // (jobs/gc.ts). The link is stamped now even when it existed: a re-push is young again.
      await this.deps.blobLocks.run(digest, async () => {
        await this.deps.blobs.commit(id, digest);
        const now = this.deps.clock().toISOString();
        await this.deps.store.transaction(async (tx) => {
          if (!(await tx.get<BlobRecord>(BLOBS, digest))) await tx.put<BlobRecord>(BLOBS, digest, { size, createdAt: now });
          await tx.put<LinkRecord>(LINKS, repoKey(repository, digest), { size, linkedAt: now });
          await tx.delete(UPLOADS, id);
        });
      });
      return size;
    });
  }

  async cancel(repository: string, id: string): Promise<void> {
    await this.status(repository, id);
    await this.drop(id);
  }

  /** Drops sessions that expired by `now`; with `orphans`, also upload files without a session
   *  (left by a crash; only safe when no upload is starting, e.g. at startup). */
  async cleanup(now: Date, opts: { orphans?: boolean } = {}): Promise<number> {
    let dropped = 0;
    const records = await this.deps.store.list<UploadRecord>(UPLOADS);
    for (const { value } of records) {
      if (value.expiresAt <= now.toISOString() && !this.busy.has(value.id)) {
        await this.drop(value.id);
        dropped += 1;
      }
    }
    if (opts.orphans) {
      const known = new Set(records.map((r) => r.key));
      for (const file of await this.deps.blobs.listUploads()) {
        if (!known.has(file)) {
          await this.deps.blobs.discard(file);
          dropped += 1;
        }
      }
    }
    return dropped;
  }

  private async drop(id: string): Promise<void> {
    this.hashes.delete(id);
    await this.deps.blobs.discard(id);
    await this.deps.store.transaction((tx) => tx.delete(UPLOADS, id));
  }

  private async touch(id: string): Promise<void> {
    const expiresAt = new Date(this.deps.clock().getTime() + UPLOAD_TTL_MS).toISOString();
    await this.deps.store.transaction(async (tx) => {
      const record = await tx.get<UploadRecord>(UPLOADS, id);
      if (record) await tx.put<UploadRecord>(UPLOADS, id, { ...record, expiresAt });
    });
  }

  /** The running hash of the first `size` bytes, rebuilt from the file when not in memory. */
  private async hashAt(id: string, size: number): Promise<{ hash: Hash; size: number }> {
    const kept = this.hashes.get(id);
    if (kept && kept.size === size) return kept;
    const hash = createHash('sha256');
    await this.deps.blobs.rehash(id, hash);
    const state = { hash, size };
    this.hashes.set(id, state);
    return state;
  }

  private async exclusive<T>(id: string, fn: () => Promise<T>): Promise<T> {
    if (this.busy.has(id)) throw new RegistryError('BLOB_UPLOAD_INVALID', 'another request is writing to this upload', { uuid: id });
    this.busy.add(id);
    try {
      return await fn();
    } finally {
      this.busy.delete(id);
    }
  }
}
