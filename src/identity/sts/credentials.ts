// The three parts of temporary credentials. The access key id carries its account as AWS's do
// (ASIA + base32 of 10 bytes; bits 1..40 of the first six bytes are the account id), so
// GetAccessKeyInfo answers even for keys Wharf no longer keeps. Secrets come from node:crypto.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Ids } from '../../util/clock.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return bits > 0 ? out + BASE32[(value << (5 - bits)) & 31] : out;
}

function unbase32(text: string): Buffer | undefined {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of text) {
    const v = BASE32.indexOf(c);
    if (v < 0) return undefined;
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}

/** A new `ASIA...` id for `accountId` (12 digits); the random part comes from `ids`. */
export function temporaryAccessKeyId(ids: Ids, accountId: string): string {
  const random = Buffer.from(ids.hex(10), 'hex');
  const head = (BigInt(accountId) << 7n) | BigInt((random[0] ?? 0) & 0x7f);
  const bytes = Buffer.alloc(10);
  bytes.writeUIntBE(Number(head), 0, 6);
  random.copy(bytes, 6, 6, 10);
  return `ASIA${base32(bytes)}`;
}

/** The account an AWS-style access key id (AKIA/ASIA + 16 base32 characters) encodes, if any. */
export function accountOfAccessKeyId(accessKeyId: string): string | undefined {
  if (!/^(AKIA|ASIA)[A-Z2-7]{16}$/.test(accessKeyId)) return undefined;
  const bytes = unbase32(accessKeyId.slice(4));
  if (!bytes || bytes.length < 6) return undefined;
  const account = (BigInt(bytes.readUIntBE(0, 6)) & 0x7fffffffff80n) >> 7n;
  return account <= 999_999_999_999n ? String(account).padStart(12, '0') : undefined;
}

export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64').slice(0, 40);
}

/** An opaque session token (AWS's are long base64 strings too). */
export function newSessionToken(): string {
  return `IQoJd2hhcmYQ${randomBytes(96).toString('base64')}`;
}

export function tokenSha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function tokenMatches(token: string, sha256: string): boolean {
  const given = Buffer.from(tokenSha256(token), 'hex');
  const kept = Buffer.from(sha256, 'hex');
  return given.length === kept.length && timingSafeEqual(given, kept);
}
