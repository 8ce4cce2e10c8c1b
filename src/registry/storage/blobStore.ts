// Where blob content lives: a content-addressed store shared by every repository, plus the
// temporary files uploads stream into. Knows bytes and digests only; which repository may see
// a blob is the metadata's business.
import type { Hash } from 'node:crypto';
import type { Readable } from 'node:stream';

export interface ByteRange {
  /** First byte, inclusive. */
  start: number;
  /** Last byte, inclusive. */
  end: number;
}

export interface StoredBlob {
  digest: string;
  modifiedAt: Date;
}

export interface BlobStore {
  /** The content size of a stored blob, or undefined when it is not stored. */
  stat(digest: string): Promise<number | undefined>;
  /** The blob's content (or a byte range of it), decrypted. */
  read(digest: string, range?: ByteRange): Promise<Readable>;
  /** Stores a small blob (a manifest) given whole; a no-op when it is already there. */
  putBytes(digest: string, content: Buffer): Promise<void>;
  /** Removes a stored blob; true when it was there. */
  delete(digest: string): Promise<boolean>;
  /** Every stored blob with when its file was last written (garbage collection's orphan sweep). */
  listBlobs(): Promise<StoredBlob[]>;

  /** Creates the temporary file of a new upload. */
  createUpload(id: string): Promise<void>;
  /** The bytes an upload holds so far, or undefined when it has no file. */
  uploadSize(id: string): Promise<number | undefined>;
  /**
   * Streams `source` onto the end of the upload, feeding `hash` as it goes; exactly `expected`
   * bytes when given (else SizeMismatch). On failure the file is cut back to where it was and
   * the hash is spoilt. Returns the bytes written.
   */
  append(id: string, source: Readable, hash: Hash, expected?: number): Promise<number>;
  /** Feeds the whole upload so far into `hash` (rebuilding a hash state lost to a restart). */
  rehash(id: string, hash: Hash): Promise<void>;
  /** Makes the upload the blob `digest`: fsync, then an atomic rename into place. */
  commit(id: string, digest: string): Promise<void>;
  /** Removes an upload's temporary file, if any. */
  discard(id: string): Promise<void>;
  /** Ids of every upload that has a temporary file. */
  listUploads(): Promise<string[]>;
}

/** The source of an append did not hold the number of bytes announced. */
export class SizeMismatch extends Error {}
