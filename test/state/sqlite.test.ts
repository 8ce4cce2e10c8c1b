// The SQLite Store: atomic transactions (writes and sequences roll back together), ordered
// listing, serialised writers, and durability across close/reopen.
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

  it('a transaction that throws leaves nothing behind and rethrows', async () => {
    const store = SqliteStore.open(freshDir());
    try {
      await store.transaction(async (tx) => tx.put('things', 'kept', { v: 1 }));
      await assert.rejects(store.transaction(async (tx) => {
        await tx.put('things', 'a', { v: 1 });
        await tx.put('things', 'kept', { v: 2 });
        await tx.delete('things', 'kept');
        await tx.put('other', 'b', { v: 2 });
        throw new Error('boom');
      }), /boom/);
      assert.equal(await store.get('things', 'a'), undefined);
      assert.equal(await store.get('other', 'b'), undefined);
      assert.deepEqual(await store.get('things', 'kept'), { v: 1 });
      assert.equal(await store.count('things'), 1);
    } finally {
      await store.close();
    }
  });

  it('sequences roll back with their transaction', async () => {
    const store = SqliteStore.open(freshDir());
    try {
      assert.equal(await store.transaction((tx) => tx.nextSequence('rev/web')), 1);
      await assert.rejects(store.transaction(async (tx) => {
        assert.equal(await tx.nextSequence('rev/web'), 2);
        assert.equal(await tx.nextSequence('rev/web'), 3);
        throw new Error('abort');
      }));
      assert.equal(await store.transaction((tx) => tx.nextSequence('rev/web')), 2);
      assert.equal(await store.transaction((tx) => tx.nextSequence('rev/other')), 1);
    } finally {
      await store.close();
    }
  });

  it('a failed transaction does not block the ones queued behind it', async () => {
    const store = SqliteStore.open(freshDir());
    try {
      const results = await Promise.allSettled([
        store.transaction(async (tx) => tx.put('k', '1', 1)),
        store.transaction(async () => {
          throw new Error('fails');
        }),
        store.transaction(async (tx) => tx.put('k', '3', 3)),
      ]);
      assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
      assert.deepEqual((await store.list('k')).map((i) => i.key), ['1', '3']);
    } finally {
      await store.close();
    }
  });

  it('concurrent read-modify-write transactions run one at a time', async () => {
    const store = SqliteStore.open(freshDir());
    try {
      await Promise.all(Array.from({ length: 50 }, () => store.transaction(async (tx) => {
        const n = (await tx.get<number>('counter', 'n')) ?? 0;
        await new Promise((r) => setImmediate(r));
        await tx.put('counter', 'n', n + 1);
      })));
      assert.equal(await store.get('counter', 'n'), 50);
    } finally {
      await store.close();
    }
  });

  it('lists by key order with prefix, after, reverse and limit', async () => {
    const store = SqliteStore.open(freshDir());
    try {
      const keys = ['b/2', 'a/1', 'b/10', 'b/1', 'c/1', 'b/3', 'ba'];
      await store.transaction(async (tx) => {
        for (const k of keys) await tx.put('items', k, { k });
        await tx.put('elsewhere', 'b/0', { k: 'other kind' });
      });
      const list = async (o: Parameters<typeof store.list>[1]) => (await store.list<{ k: string }>('items', o)).map((i) => i.key);
      assert.deepEqual(await list({}), ['a/1', 'b/1', 'b/10', 'b/2', 'b/3', 'ba', 'c/1']);
      assert.deepEqual(await list({ prefix: 'b/' }), ['b/1', 'b/10', 'b/2', 'b/3']);
      assert.deepEqual(await list({ prefix: 'b/', after: 'b/10' }), ['b/2', 'b/3']);
      assert.deepEqual(await list({ prefix: 'b/', limit: 2 }), ['b/1', 'b/10']);
      assert.deepEqual(await list({ prefix: 'b/', reverse: true }), ['b/3', 'b/2', 'b/10', 'b/1']);
      assert.deepEqual(await list({ prefix: 'b/', reverse: true, after: 'b/2', limit: 1 }), ['b/10']);
      assert.deepEqual(await list({ after: 'b/3', limit: 10 }), ['ba', 'c/1']);
      assert.equal(await store.count('items', { prefix: 'b/' }), 4);
      assert.deepEqual((await store.list<{ k: string }>('items', { prefix: 'a/' }))[0]?.value, { k: 'a/1' });
    } finally {
      await store.close();
    }
  });

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

  it('readers see a transaction\'s writes only once it commits', async () => {
    const store = SqliteStore.open(freshDir());
    try {
      let seenInside: unknown = 'unset';
      await store.transaction(async (tx) => {
        await tx.put('k', 'x', 1);
        seenInside = await store.get('k', 'x');
        assert.equal(await tx.get('k', 'x'), 1);
      });
      assert.equal(seenInside, undefined);
      assert.equal(await store.get('k', 'x'), 1);
    } finally {
      await store.close();
    }
  });
});
