// The BlobStore on the local file system:
//   <dataDir>/blobs/sha256/<2 hex>/<64 hex>   committed blobs (header + content)
//   <dataDir>/uploads/<id>                    uploads in progress, already in the final format
//   <dataDir>/keys/blob.key                   the data key, kept apart from the blobs
// A blob only becomes visible through an fsync'd file renamed into place, so a crash leaves at
// most a stray upload file, never a partial or wrong blob. IVs and the data key come from
// node:crypto directly: they are secrets, not ids.
import { randomBytes, type Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomIds, type Ids } from '../../util/clock.js';
import { SizeMismatch, type BlobStore, type ByteRange, type StoredBlob } from './blobStore.js';
import { cryptAt, decodeHeader, decryptAt, encodeHeader, HEADER_SIZE, type Header } from './cipher.js';
import { loadOrCreateKey } from './keyFile.js';

export interface FsBlobStoreOptions {
  dataDir: string;
  /** Encrypt new blob files with AES-256-CTR (default true). Existing files say for themselves. */
  encryption: boolean;
  /** Where the names of whole-blob writes come from (default: random). */
  ids?: Ids;
}

/**
 * How much a blob file stream buffers: reads of 1 MiB instead of 64 KiB, and a write side that
 * keeps taking socket data while a write is in flight (with the 16 KiB defaults every chunk
 * waited for the one before). Unencrypted files skip the cipher stage altogether.
 */
const STREAM_CHUNK = 1 << 20;

const UPLOAD_ID = /^[A-Za-z0-9-]{1,64}$/;

export class FsBlobStore implements BlobStore {
  private constructor(
    private readonly dirs: { blobs: string; uploads: string },
    private readonly key: Buffer,
    private readonly encryption: boolean,
    private readonly ids: Ids,
  ) {}

  static async open(opts: FsBlobStoreOptions): Promise<FsBlobStore> {
    const dirs = { blobs: join(opts.dataDir, 'blobs', 'sha256'), uploads: join(opts.dataDir, 'uploads') };
    await mkdir(dirs.blobs, { recursive: true });
    await mkdir(dirs.uploads, { recursive: true });
    const key = await loadOrCreateKey(join(opts.dataDir, 'keys'), 'blob.key');
    return new FsBlobStore(dirs, key, opts.encryption, opts.ids ?? randomIds);
  }

  private blobPath(digest: string): string {
    const hex = digest.slice('sha256:'.length);
    if (!/^[a-f0-9]{64}$/.test(hex)) throw new Error(`not a sha256 digest: ${digest}`);
    return join(this.dirs.blobs, hex.slice(0, 2), hex);
  }

  private uploadPath(id: string): string {
    if (!UPLOAD_ID.test(id)) throw new Error(`not an upload id: ${id}`);
    return join(this.dirs.uploads, id);
  }

  private newHeader(): Header {
    return { encrypted: this.encryption, iv: randomBytes(16) };
  }

  async stat(digest: string): Promise<number | undefined> {
    return fileContentSize(this.blobPath(digest));
  }

  async read(digest: string, range?: ByteRange): Promise<Readable> {
    return this.readFile(this.blobPath(digest), range);
  }

  /** Header and content through one open file: a commit of the same digest may rename a copy with
   *  another IV over the path, or GC delete it, while this reads; the open file stays whole. */
  private async readFile(path: string, range?: ByteRange): Promise<Readable> {
    const handle = await open(path, 'r');
    let header: Header;
    try {
      header = await readHeaderOf(handle);
    } catch (err) {
      await handle.close();
      throw err;
    }
    const start = range?.start ?? 0;
    const file = handle.createReadStream({ start: HEADER_SIZE + start, end: range ? HEADER_SIZE + range.end : undefined, highWaterMark: STREAM_CHUNK });
    if (!header.encrypted) return file;
    const plain = decryptAt(this.key, header, start);
    file.on('error', (err) => plain.destroy(err));
    // pipe() leaves the source open when the reader goes away (a client that hangs up): close it.
    plain.on('close', () => file.destroy());
    return file.pipe(plain);
  }

  async putBytes(digest: string, content: Buffer): Promise<void> {
    if ((await this.stat(digest)) !== undefined) return;
    const id = `put-${this.ids.hex(12)}`;
    const header = this.newHeader();
    const encrypted = await cryptAll(this.key, header, content);
    const handle = await open(this.uploadPath(id), 'w');
    try {
      await handle.writeFile(Buffer.concat([encodeHeader(header), encrypted]));
    } finally {
      await handle.close();
    }
    await this.commit(id, digest);
  }

  async delete(digest: string): Promise<boolean> {
    const path = this.blobPath(digest);
    const existed = (await fileContentSize(path)) !== undefined;
    await rm(path, { force: true });
    return existed;
  }

  async listBlobs(): Promise<StoredBlob[]> {
    const found: StoredBlob[] = [];
    for (const dir of (await readdir(this.dirs.blobs)).filter((d) => /^[a-f0-9]{2}$/.test(d))) {
      for (const hex of await readdirIfAny(join(this.dirs.blobs, dir))) {
        if (!/^[a-f0-9]{64}$/.test(hex) || hex.slice(0, 2) !== dir) continue;
        const modifiedAt = await modifiedTime(join(this.dirs.blobs, dir, hex));
        if (modifiedAt) found.push({ digest: `sha256:${hex}`, modifiedAt });
      }
    }
    return found;
  }

  async createUpload(id: string): Promise<void> {
    const handle = await open(this.uploadPath(id), 'wx');
    try {
      await handle.writeFile(encodeHeader(this.newHeader()));
    } finally {
      await handle.close();
    }
  }

  async uploadSize(id: string): Promise<number | undefined> {
    return fileContentSize(this.uploadPath(id));
  }

  async append(id: string, source: Readable, hash: Hash, expected?: number): Promise<number> {
    const path = this.uploadPath(id);
    const before = await fileContentSize(path);
    if (before === undefined) throw new Error(`upload ${id} has no file`);
    const header = await readHeader(path);
    let written = 0;
    const count = new Transform({
      highWaterMark: STREAM_CHUNK,
      transform(chunk: Buffer, _enc, done) {
        written += chunk.length;
        if (expected !== undefined && written > expected) return done(new SizeMismatch(`more than the ${expected} bytes announced`));
        hash.update(chunk);
        return done(null, chunk);
      },
      flush(done) {
        if (expected !== undefined && written !== expected) return done(new SizeMismatch(`${written} bytes where ${expected} were announced`));
        return done();
      },
    });
    // A handle of its own, opened first: fdatasync flushes the file whichever descriptor asks.
    const syncer = new BackgroundSync(await open(path, 'r'));
    const file = createWriteStream(path, { flags: 'a', highWaterMark: STREAM_CHUNK });
    count.on('data', (chunk: Buffer) => syncer.wrote(chunk.length));
    try {
      await (header.encrypted ? pipeline(source, count, cryptAt(this.key, header, before), file) : pipeline(source, count, file));
      return written;
    } catch (err) {
      await truncate(path, HEADER_SIZE + before);
      throw err;
    } finally {
      await syncer.close();
    }
  }

  async rehash(id: string, hash: Hash): Promise<void> {
    const content = await this.readFile(this.uploadPath(id));
    for await (const chunk of content) hash.update(chunk as Buffer);
  }

  async commit(id: string, digest: string): Promise<void> {
    const from = this.uploadPath(id);
    const to = this.blobPath(digest);
    const handle = await open(from, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    const dir = join(to, '..');
    await mkdir(dir, { recursive: true });
    await rename(from, to);
    await syncDir(dir);
  }

  async discard(id: string): Promise<void> {
    await rm(this.uploadPath(id), { force: true });
  }

  async listUploads(): Promise<string[]> {
    return (await readdir(this.dirs.uploads)).filter((name) => UPLOAD_ID.test(name));
  }
}

async function cryptAll(key: Buffer, header: Header, content: Buffer): Promise<Buffer> {
  const parts: Buffer[] = [];
  const t = cryptAt(key, header, 0);
  t.on('data', (c: Buffer) => parts.push(c));
  t.end(content);
  await new Promise<void>((resolve, reject) => t.on('end', resolve).on('error', reject));
  return Buffer.concat(parts);
}

async function fileContentSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size - HEADER_SIZE;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** A file's mtime, or undefined when it is gone (deleted while listing). */
async function modifiedTime(path: string): Promise<Date | undefined> {
  try {
    return (await stat(path)).mtime;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function readdirIfAny(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw err;
  }
}

async function readHeader(path: string): Promise<Header> {
  const handle = await open(path, 'r');
  try {
    return await readHeaderOf(handle);
  } finally {
    await handle.close();
  }
}

async function readHeaderOf(handle: FileHandle): Promise<Header> {
  const buf = Buffer.alloc(HEADER_SIZE);
  await handle.read(buf, 0, HEADER_SIZE, 0);
  return decodeHeader(buf);
}

export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Flushes a large upload to disk while it is still arriving (an fdatasync every SYNC_EVERY
 * bytes, one at a time), so the fsync that commits the blob finds little left to write.
 * `close()` waits for the one in flight before closing the handle it syncs through.
 */
const SYNC_EVERY = 32 << 20;

class BackgroundSync {
  private pending = 0;
  private inFlight: Promise<void> | undefined;

  constructor(private readonly handle: FileHandle) {}

  wrote(bytes: number): void {
    this.pending += bytes;
    if (this.pending < SYNC_EVERY || this.inFlight) return;
    this.pending = 0;
    this.inFlight = this.handle.datasync().catch(() => undefined).finally(() => {
      this.inFlight = undefined;
    });
  }

  async close(): Promise<void> {
    await this.inFlight;
    await this.handle.close();
  }
}
