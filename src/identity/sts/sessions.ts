// Issuing, finding and sweeping temporary credentials. An expired session is kept for a while
// (EXPIRED_RETENTION_MS) so that its holder hears "expired" rather than "invalid"; after that the
// sweep removes it. Every issue sweeps a bounded batch first, so the kinds never grow past the
// sessions issued within one session lifetime plus the retention; `sweepExpiredSessions` can also
// run on a timer.
import type { Principal } from '../principal.js';
import type { Store } from '../../state/store.js';
import type { Ids } from '../../util/clock.js';
import { newSecretAccessKey, newSessionToken, temporaryAccessKeyId, tokenSha256 } from './credentials.js';
import { expiryKey, STS_SESSION_EXPIRY, STS_SESSIONS, type SessionRecord } from './model.js';

export const EXPIRED_RETENTION_MS = 12 * 60 * 60 * 1000;
const SWEEP_BATCH = 25;

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: number;
}

export interface IssueOptions {
  store: Store;
  ids: Ids;
  /** Epoch ms. */
  now: number;
  /** The principal the credentials stand for (its account names the key's account). */
  principal: Principal;
  durationSeconds: number;
  issuedBy: SessionRecord['issuedBy'];
}

export async function issueSession(opts: IssueOptions): Promise<IssuedCredentials> {
  await sweepExpiredSessions(opts.store, opts.now, SWEEP_BATCH);
  const expiresAt = opts.now + opts.durationSeconds * 1000;
  const sessionToken = newSessionToken();
  const record: SessionRecord = {
    accessKeyId: temporaryAccessKeyId(opts.ids, opts.principal.accountId),
    secretAccessKey: newSecretAccessKey(),
    sessionTokenSha256: tokenSha256(sessionToken),
    principal: { ...opts.principal, expiresAt },
    expiresAt,
    createdAt: opts.now,
    issuedBy: opts.issuedBy,
  };
  await opts.store.transaction(async (tx) => {
    await tx.put(STS_SESSIONS, record.accessKeyId, record);
    await tx.put(STS_SESSION_EXPIRY, expiryKey(expiresAt, record.accessKeyId), {});
  });
  return { accessKeyId: record.accessKeyId, secretAccessKey: record.secretAccessKey, sessionToken, expiresAt };
}

export function findSession(store: Store, accessKeyId: string): Promise<SessionRecord | undefined> {
  return store.get<SessionRecord>(STS_SESSIONS, accessKeyId);
}

/** Removes up to `limit` sessions that expired more than the retention ago; answers how many. */
export async function sweepExpiredSessions(store: Store, now: number, limit = 1000): Promise<number> {
  const cutoff = now - EXPIRED_RETENTION_MS;
  const oldest = await store.list<object>(STS_SESSION_EXPIRY, { limit });
  const gone = oldest.filter((item) => Number(item.key.slice(0, 15)) < cutoff);
  if (gone.length === 0) return 0;
  await store.transaction(async (tx) => {
    for (const item of gone) {
      await tx.delete(STS_SESSION_EXPIRY, item.key);
      await tx.delete(STS_SESSIONS, item.key.slice(16));
    }
  });
  return gone.length;
}
