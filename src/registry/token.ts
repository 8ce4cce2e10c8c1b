// ECR's login token: the password `docker login` sends as user AWS. Self-verifying: an
// HMAC-SHA256-signed payload naming the principal that asked for it and the expiry, signed with
// a server secret kept in the Store. It is honoured while it is unexpired and its principal still
// has an Active access key (API handlers see the principal, not the key that signed the call).
// Signing and checking are pure; the secret and the key lookup are the caller's.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../state/store.js';

export const TOKEN_LIFETIME_MS = 12 * 60 * 60 * 1000;
export const REGISTRY_USER = 'AWS';
const SECRET_KIND = 'registry/secrets';

export interface TokenClaims {
  principalArn: string;
  /** Expiry, epoch milliseconds. */
  expiresAt: number;
}

function mac(secret: Buffer, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

export function signToken(secret: Buffer, claims: TokenClaims): string {
  const payload = Buffer.from(JSON.stringify({ p: claims.principalArn, e: claims.expiresAt }), 'utf8').toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** The claims of a token this secret signed and that has not expired at `now`, else undefined. */
export function verifyToken(secret: Buffer, token: string, now: Date): TokenClaims | undefined {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) return undefined;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || !('p' in parsed) || !('e' in parsed)) return undefined;
  const { p, e } = parsed;
  if (typeof p !== 'string' || typeof e !== 'number' || e <= now.getTime()) return undefined;
  return { principalArn: p, expiresAt: e };
}

/** The user and password of an HTTP Basic Authorization header, if it is one. */
export function parseBasic(header: string | undefined): { user: string; password: string } | undefined {
  const m = header?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The server's token secret, created on first use. */
export async function tokenSecret(store: Store): Promise<Buffer> {
  const kept = await store.get<{ hex: string }>(SECRET_KIND, 'token');
  if (kept) return Buffer.from(kept.hex, 'hex');
  return store.transaction(async (tx) => {
    const again = await tx.get<{ hex: string }>(SECRET_KIND, 'token');
    if (again) return Buffer.from(again.hex, 'hex');
    const hex = randomBytes(32).toString('hex');
    await tx.put(SECRET_KIND, 'token', { hex });
    return Buffer.from(hex, 'hex');
  });
}

/** A new token for `principalArn`, valid TOKEN_LIFETIME_MS from `now`. */
export async function issueToken(store: Store, principalArn: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(now.getTime() + TOKEN_LIFETIME_MS);
  return { token: signToken(await tokenSecret(store), { principalArn, expiresAt: expiresAt.getTime() }), expiresAt };
}
