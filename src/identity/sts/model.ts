// Temporary credentials as Store records: what AssumeRole and GetSessionToken hand out, kept so
// that they survive a restart until they expire.
//   sts/sessions        <access key id>                      SessionRecord
//   sts/session-expiry  <expiresAt, 15 digits>/<access key id> {}  (the sweep's index, oldest first)
import type { Principal } from '../principal.js';

export const STS_SESSIONS = 'sts/sessions';
export const STS_SESSION_EXPIRY = 'sts/session-expiry';

export interface SessionRecord {
  /** ASIA... (20 characters). */
  accessKeyId: string;
  secretAccessKey: string;
  /** SHA-256 (hex) of the session token: the token itself is only ever in the caller's hands. */
  sessionTokenSha256: string;
  /** Who the credentials stand for; `expiresAt` is set. */
  principal: Principal;
  /** Epoch ms. */
  expiresAt: number;
  /** Epoch ms. */
  createdAt: number;
  /** The operation that issued them: GetSessionToken's may not call GetSessionToken again. */
  issuedBy: 'AssumeRole' | 'GetSessionToken';
}

export function expiryKey(expiresAt: number, accessKeyId: string): string {
  return `${String(expiresAt).padStart(15, '0')}/${accessKeyId}`;
}
