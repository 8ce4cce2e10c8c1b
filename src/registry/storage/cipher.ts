// The blob file format: a 32-byte header, then the content, encrypted with AES-256-CTR when the
// header says so. CTR mode makes every byte offset addressable, so a Range read decrypts from
// the middle and an upload appends at its end without re-reading what came before.
import { createCipheriv, createDecipheriv, type Cipher, type Decipher } from 'node:crypto';
import { PassThrough, type Transform } from 'node:stream';

export const HEADER_SIZE = 32;
const MAGIC = Buffer.from('WHRFBLB1', 'ascii');
const FLAG_AES256_CTR = 1;
const BLOCK = 16;

export interface Header {
  encrypted: boolean;
  iv: Buffer;
}

export function encodeHeader(h: Header): Buffer {
  const buf = Buffer.alloc(HEADER_SIZE);
  MAGIC.copy(buf, 0);
  buf[8] = h.encrypted ? FLAG_AES256_CTR : 0;
  h.iv.copy(buf, 16);
  return buf;
}

export function decodeHeader(buf: Buffer): Header {
  if (buf.length < HEADER_SIZE || !buf.subarray(0, 8).equals(MAGIC)) throw new Error('not a Wharf blob file');
  return { encrypted: buf[8] === FLAG_AES256_CTR, iv: Buffer.from(buf.subarray(16, 32)) };
}

/** The counter block for byte `offset`: the IV as a 128-bit big-endian number plus offset/16. */
function counterAt(iv: Buffer, offset: number): Buffer {
  const value = (BigInt(`0x${iv.toString('hex')}`) + BigInt(Math.floor(offset / BLOCK))) % (1n << 128n);
  return Buffer.from(value.toString(16).padStart(32, '0'), 'hex');
}

function positioned<C extends Cipher | Decipher>(cipher: C, offset: number): C {
  const skip = offset % BLOCK;
  if (skip > 0) cipher.update(Buffer.alloc(skip));
  return cipher;
}

/**
 * A stream that encrypts (or decrypts: CTR is symmetric) content starting at byte `offset`,
 * or passes it through when the file is not encrypted.
 */
export function cryptAt(key: Buffer, header: Header, offset: number): Transform {
  if (!header.encrypted) return new PassThrough();
  return positioned(createCipheriv('aes-256-ctr', key, counterAt(header.iv, offset)), offset);
}

/** Same as cryptAt, for readers (kept apart so call sites say what they mean). */
export function decryptAt(key: Buffer, header: Header, offset: number): Transform {
  if (!header.encrypted) return new PassThrough();
  return positioned(createDecipheriv('aes-256-ctr', key, counterAt(header.iv, offset)), offset);
}
