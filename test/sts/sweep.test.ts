// The sweep of expired sessions: only those past the retention go, the rest stay findable.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findSession, issueSession, sweepExpiredSessions, EXPIRED_RETENTION_MS } from '../../src/identity/sts/sessions.js';
import { openMemoryStore } from '../../src/state/memory.js';
import { randomIds } from '../../src/util/clock.js';

describe('STS session sweep', () => {
  it('removes sessions expired longer than the retention, keeps the others', async () => {
    const store = openMemoryStore();
    const principal = { arn: 'arn:aws:iam::000000000000:user/a', userId: 'AIDA1', accountId: '000000000000' };
    const t0 = 1_700_000_000_000;
    const old = await issueSession({ store, ids: randomIds, now: t0, principal, durationSeconds: 900, issuedBy: 'GetSessionToken' });
    const young = await issueSession({ store, ids: randomIds, now: t0 + 3600_000, principal, durationSeconds: 900, issuedBy: 'GetSessionToken' });
    const later = t0 + 900_000 + EXPIRED_RETENTION_MS + 1;
    assert.equal(await sweepExpiredSessions(store, later), 1);
    assert.equal(await findSession(store, old.accessKeyId), undefined);
    assert.ok(await findSession(store, young.accessKeyId));
    // Issuing sweeps too.
    await issueSession({ store, ids: randomIds, now: later + 3600_000, principal, durationSeconds: 900, issuedBy: 'GetSessionToken' });
    assert.equal(await findSession(store, young.accessKeyId), undefined);
    await store.close();
  });
});
