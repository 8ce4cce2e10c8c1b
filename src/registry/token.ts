// ECR's login token: the password `docker login` sends as user AWS. Self-verifying: an
// HMAC-SHA256-signed payload carrying the principal that asked for it and the expiry, signed with
// a server secret kept in the Store. A long-term principal's token is honoured while it is
// unexpired and the principal still has an Active access key; temporary credentials have no such
// key, so their token carries the whole principal (role, session policies) and ends with them.
// Signing and checking are pure; the secret and the key lookup are the caller's.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Principal } from '../identity/principal.js';
import type { Store } from '../state/store.js';

export const TOKEN_LIFETIME_MS = 12 * 60 * 60 * 1000;
export const REGISTRY_USER = 'AWS';
const SECRET_KIND = 'registry/secrets';

export interface TokenClaims {
  principalArn: string;
  /** The principal itself, as the credentials that asked for the token stood for it. */
  principal?: Principal;
  /** Expiry, epoch milliseconds. */
  expiresAt: number;
}

function mac(secret: Buffer, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

export function signToken(secret: Buffer, claims: TokenClaims): string {
  const payload = Buffer.from(JSON.stringify({ p: claims.principalArn, e: claims.expiresAt, ...(claims.principal ? { u: claims.principal } : {}) }), 'utf8').toString('base64url');
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
  const u: unknown = 'u' in parsed ? parsed.u : undefined;
  // Signed by this server, so a principal it carries is one this server wrote.
  return isPrincipal(u) && u.arn === p ? { principalArn: p, expiresAt: e, principal: u } : { principalArn: p, expiresAt: e };
}

function isPrincipal(v: unknown): v is Principal {
  return typeof v === 'object' && v !== null && 'arn' in v && typeof v.arn === 'string'
    && 'accountId' in v && typeof v.accountId === 'string' && 'userId' in v && typeof v.userId === 'string';
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

/** A new token for a principal (or its ARN), valid TOKEN_LIFETIME_MS from `now` and never past
 *  the end of the temporary credentials it was asked with. */
export async function issueToken(store: Store, principal: Principal | string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const p = typeof principal === 'string' ? undefined : principal;
  const principalArn = typeof principal === 'string' ? principal : principal.arn;
  const end = Math.min(now.getTime() + TOKEN_LIFETIME_MS, p?.expiresAt ?? Infinity);
  const claims: TokenClaims = { principalArn, expiresAt: end, ...(p ? { principal: p } : {}) };
  return { token: signToken(await tokenSecret(store), claims), expiresAt: new Date(end) };
}
