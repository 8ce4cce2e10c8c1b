// What only the SQLite Store promises: durability across close and reopen (documents and
// sequences), and group commit. The semantics every Store shares are the contract (test/state/contract.ts, run
// by store.test.ts); crash safety is crash.test.ts, the cached kinds recordCache.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SqliteStore } from '../../src/state/sqlite.js';

describe('SqliteStore', () => {
  const dirs: string[] = [];
  const freshDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'wharf-store-'));
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('keeps committed data across close and reopen', async () => {
    const dir = freshDir();
    const first = SqliteStore.open(dir);
    await first.transaction(async (tx) => {
      await tx.put('clusters', 'default', { status: 'ACTIVE', tags: [{ key: 'k', value: 'v' }] });
      await tx.nextSequence('rev/web');
    });
    await first.transaction(async (tx) => tx.put('clusters', 'gone', { status: 'ACTIVE' }));
    await first.transaction(async (tx) => tx.delete('clusters', 'gone'));
    await first.close();

    const second = SqliteStore.open(dir);
    try {
      assert.deepEqual(await second.get('clusters', 'default'), { status: 'ACTIVE', tags: [{ key: 'k', value: 'v' }] });
      assert.equal(await second.get('clusters', 'gone'), undefined);
      assert.equal(await second.transaction((tx) => tx.nextSequence('rev/web')), 2);
    } finally {
      await second.close();
    }
  });

  it('transactions asked for in one turn commit as one group: none is acknowledged before all have run', async () => {
    const store = SqliteStore.open(freshDir());
    try {
      const log: string[] = [];
      await Promise.all([1, 2, 3].map((i) => store.transaction(async (tx) => {
        await tx.put('k', String(i), i);
        log.push(`ran ${i}`);
      }).then(() => log.push(`acknowledged ${i}`))));
      assert.deepEqual(log, ['ran 1', 'ran 2', 'ran 3', 'acknowledged 1', 'acknowledged 2', 'acknowledged 3']);
    } finally {
      await store.close();
    }
  });
});
