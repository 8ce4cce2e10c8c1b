// DecodeAuthorizationMessage's other half: an authorization failure's details, sealed with a key
// only this Wharf holds (AES-256-GCM; kept in the Store, made on first use), so that only a
// caller allowed sts:DecodeAuthorizationMessage can read why a request was denied. Nothing in
// Wharf encodes one yet; the authorizer may, with `encodeAuthorizationMessage`.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Store } from '../../state/store.js';

const KEY_KIND = 'sts/message-key';
const PREFIX = 'wharf1.';

async function messageKey(store: Store): Promise<Buffer> {
  const kept = await store.get<{ key: string }>(KEY_KIND, 'key');
  if (kept) return Buffer.from(kept.key, 'base64');
  return store.transaction(async (tx) => {
    const again = await tx.get<{ key: string }>(KEY_KIND, 'key');
    if (again) return Buffer.from(again.key, 'base64');
    const key = randomBytes(32);
    await tx.put(KEY_KIND, 'key', { key: key.toString('base64') });
    return key;
  });
}

/** Seals `decoded` (the JSON document DecodeAuthorizationMessage will answer). */
export async function encodeAuthorizationMessage(store: Store, decoded: unknown): Promise<string> {
  const key = await messageKey(store);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(decoded), 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The document sealed in `encoded`, or undefined for anything this Wharf did not seal. */
export async function decodeAuthorizationMessage(store: Store, encoded: string): Promise<string | undefined> {
  if (!encoded.startsWith(PREFIX)) return undefined;
  const raw = Buffer.from(encoded.slice(PREFIX.length), 'base64url');
  if (raw.length < 29) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', await messageKey(store), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
