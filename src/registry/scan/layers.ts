// Stream I/O for one layer: sniff the compression from the first bytes, decompress, and walk the
// tar entries one at a time. Memory stays flat: an entry's bytes are only gathered when the caller
// asks for them (and up to a limit); everything else flows through and is dropped.
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import { normalizePath } from './overlay.js';

/** A layer could not be read: corrupt, truncated, not a tar, or a tracked file too large. */
export class LayerReadError extends Error {
  override readonly name = 'LayerReadError';
}

/** A layer is compressed in a way this runtime cannot decompress. */
export class UnsupportedLayerError extends Error {
  override readonly name = 'UnsupportedLayerError';
}

export type LayerSource = NodeJS.ReadableStream | Readable;

export interface TarEntry {
  /** Normalised path: no leading `./` or `/`, no trailing `/`. */
  path: string;
  type: string;
  linkname?: string;
  /** Reads the whole entry; fails when it is larger than `limit` bytes. */
  read(limit: number): Promise<Buffer>;
}

/** What a tar-stream entry offers us: its header, its bytes, and a way to skip them. */
interface EntryStream extends AsyncIterable<unknown> {
  header: { size?: number };
  resume(): unknown;
}

type Compression = 'gzip' | 'zstd' | 'xz' | 'bzip2' | 'none';

const MAGIC: [Compression, number[]][] = [
  ['gzip', [0x1f, 0x8b]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['bzip2', [0x42, 0x5a, 0x68]],
];
const SNIFF_BYTES = 6;

export function detectCompression(head: Buffer): Compression {
  const found = MAGIC.find(([, bytes]) => bytes.every((b, i) => head[i] === b));
  return found ? found[0] : 'none';
}

/** The tar entries of layer number `index` (0-based, for messages), in archive order. */
export async function* tarEntries(source: LayerSource, index: number): AsyncGenerator<TarEntry> {
  const label = `layer ${index + 1}`;
  const { head, body } = await sniff(source);
  if (head.length === 0) return; // an empty blob: no entries
  const extract = tar.extract();
  let finished = false;
  try {
    const decoder = decoderFor(detectCompression(head), label);
    const piped = decoder ? pipeline(body, decoder, extract) : pipeline(body, extract);
    const settled = piped.then(() => undefined, (err: unknown) => err);
    for await (const entry of extract) {
      let consumed = false;
      const path = normalizePath(entry.header.name);
      yield {
        path,
        type: entry.header.type ?? 'file',
        linkname: entry.header.linkname || undefined,
        read: (limit) => {
          consumed = true;
          return readAll(entry, limit, `${label}: ${path}`);
        },
      };
      if (!consumed) entry.resume();
    }
    const failure = await settled;
    if (failure !== undefined) throw failure;
    finished = true;
  } catch (err) {
    throw asLayerError(err, label);
  } finally {
    if (!finished) {
      extract.destroy();
      body.destroy();
    }
  }
}

async function sniff(source: LayerSource): Promise<{ head: Buffer; body: Readable }> {
  const it = bufferChunks(source)[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < SNIFF_BYTES) {
    const next = await it.next();
    if (next.done) {
      ended = true;
      break;
    }
    parts.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(parts);
  async function* replay(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (ended) return;
    for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
  }
  const body = Readable.from(replay(), { objectMode: false });
  body.once('close', () => {
    const destroy = (source as { destroy?: () => void }).destroy;
    if (typeof destroy === 'function') destroy.call(source);
  });
  return { head, body };
}

async function* bufferChunks(source: LayerSource): AsyncGenerator<Buffer> {
  for await (const chunk of source as AsyncIterable<string | Buffer>) {
    yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  }
}

function decoderFor(compression: Compression, label: string): Transform | undefined {
  switch (compression) {
    case 'none':
      return undefined;
    case 'gzip':
      return zlib.createGunzip();
    case 'zstd': {
      // Node gained zstd in 22.15; on older runtimes say so rather than skip a layer silently,
      // since a skipped layer could hide whiteouts and make the package list wrong.
      const create = (zlib as unknown as { createZstdDecompress?: () => Transform }).createZstdDecompress;
      if (create) return create();
      throw new UnsupportedLayerError(
        `${label} is zstd-compressed, which this Node.js ${process.version} cannot decompress (needs 22.15 or later)`,
      );
    }
    case 'xz':
    case 'bzip2':
      throw new UnsupportedLayerError(`${label} is ${compression}-compressed, which OCI layers do not use`);
  }
}

async function readAll(entry: EntryStream, limit: number, what: string): Promise<Buffer> {
  const size = entry.header.size ?? 0;
  if (size > limit) {
    entry.resume();
    throw new LayerReadError(`${what} is ${size} bytes, more than the ${limit} a scan reads`);
  }
  const parts: Buffer[] = [];
  for await (const chunk of entry) {
    if (!(chunk instanceof Uint8Array)) throw new LayerReadError(`${what}: tar entry yielded a non-binary chunk`);
    parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return Buffer.concat(parts);
}

function asLayerError(err: unknown, label: string): Error {
  if (err instanceof LayerReadError || err instanceof UnsupportedLayerError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new LayerReadError(`${label} could not be read: ${message}`);
}
