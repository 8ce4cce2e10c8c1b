// The SQLite Store's in-memory copy of cached kinds (src/state/recordCache.ts): always what SQLite
// holds for a transaction, never an uncommitted group for a reader outside, untouched by a failed
// transaction, reloaded when a COMMIT fails, rebuilt from the file on reopen.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SqliteStore } from '../../src/state/sqlite.js';

const KIND = 'cached';

describe('SqliteStore cached kinds', () => {
  const dirs: string[] = [];
  const open = (dir = mkdtempSync(join(tmpdir(), 'wharf-cache-'))) => {
    dirs.push(dir);
    return { dir, store: SqliteStore.open(dir, { cachedKinds: [KIND] }) };
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('a transaction that throws leaves the copy as it was', async () => {
    const { store } = open();
    try {
      await store.transaction(async (tx) => tx.put(KIND, 'a/1', { v: 1 }));
      await assert.rejects(store.transaction(async (tx) => {
        await tx.put(KIND, 'a/1', { v: 2 });
        await tx.put(KIND, 'a/2', { v: 2 });
        assert.deepEqual(await tx.get(KIND, 'a/1'), { v: 2 }, 'the transaction reads its own write');
        assert.equal((await tx.list(KIND, { prefix: 'a/' })).length, 2);
        throw new Error('boom');
      }), /boom/);
      await store.transaction(async (tx) => {
        assert.deepEqual(await tx.get(KIND, 'a/1'), { v: 1 });
        assert.deepEqual(await tx.list(KIND, { prefix: 'a/' }), [{ key: 'a/1', value: { v: 1 } }]);
      });
      assert.deepEqual(await store.get(KIND, 'a/1'), { v: 1 });
      assert.equal(await store.get(KIND, 'a/2'), undefined);
    } finally {
      await store.close();
    }
  });

  it('a later transaction of the group sees an earlier one; a reader outside sees neither before the commit', async () => {
    const { store } = open();
    try {
      await store.transaction(async (tx) => tx.put(KIND, 'k', { v: 0 }));
      const outside: unknown[] = [];
      await Promise.all([
        store.transaction(async (tx) => {
          await tx.put(KIND, 'k', { v: 1 });
          await tx.put(KIND, 'new', { v: 1 });
          outside.push(await store.get(KIND, 'k'), await store.get(KIND, 'new'));
        }),
        store.transaction(async (tx) => {
          assert.deepEqual(await tx.get(KIND, 'k'), { v: 1 });
          await tx.delete(KIND, 'k');
          outside.push(await store.get(KIND, 'k'), await store.get(KIND, 'new'));
        }),
      ]);
      assert.deepEqual(outside, [{ v: 0 }, undefined, { v: 0 }, undefined]);
      assert.equal(await store.get(KIND, 'k'), undefined);
      assert.deepEqual(await store.get(KIND, 'new'), { v: 1 });
    } finally {
      await store.close();
    }
  });

  it('a COMMIT that fails rejects the group and reloads the copy from SQLite', async () => {
    const { store } = open();
    try {
      await store.transaction(async (tx) => tx.put(KIND, 'k', { v: 0 }));
      const seam = store as unknown as { commit(): void };
      const commit = seam.commit.bind(store);
      seam.commit = () => {
        throw new Error('disk full');
      };
      const group = [1, 2].map((v) => store.transaction(async (tx) => {
        await tx.put(KIND, 'k', { v });
        await tx.put(KIND, `extra${v}`, { v });
      }));
      for (const p of group) await assert.rejects(p, /disk full/);
      seam.commit = commit;
      await store.transaction(async (tx) => {
        assert.deepEqual(await tx.get(KIND, 'k'), { v: 0 });
        assert.deepEqual((await tx.list(KIND)).map((i) => i.key), ['k']);
      });
      assert.deepEqual(await store.get(KIND, 'k'), { v: 0 });
    } finally {
      await store.close();
    }
  });

  it('lists in key order with prefix, after, limit and reverse, as SQLite does', async () => {
    const { store } = open();
    try {
      const keys = ['b/2', 'a/1', 'b/10', 'b/1', 'c/1', 'b/3'];
      await store.transaction(async (tx) => {
        for (const k of keys) await tx.put(KIND, k, { k });
        await tx.put('plain', 'x', {});
      });
      const cases = [{}, { prefix: 'b/' }, { prefix: 'b/', after: 'b/10' }, { prefix: 'b/', limit: 2 }, { reverse: true, after: 'b/3' }, { prefix: 'b/', reverse: true, limit: 3 }];
      for (const options of cases) {
        const fromSqlite = await store.list(KIND, options);
        const fromCopy = await store.transaction((tx) => tx.list(KIND, options));
        assert.deepEqual(fromCopy, fromSqlite, JSON.stringify(options));
      }
    } finally {
      await store.close();
    }
  });

  it('is rebuilt from the file when the store opens again, and hands out frozen values', async () => {
    const first = open();
    await first.store.transaction(async (tx) => {
      await tx.put(KIND, 'kept', { nested: { v: 1 } });
      await tx.put(KIND, 'gone', { v: 1 });
    });
    await first.store.transaction(async (tx) => {
      await tx.delete(KIND, 'gone');
    });
    await first.store.close();
    const second = open(first.dir);
    try {
      const value = await second.store.transaction((tx) => tx.get<{ nested: { v: number } }>(KIND, 'kept'));
      assert.deepEqual(value, { nested: { v: 1 } });
      assert.ok(value && Object.isFrozen(value.nested));
      assert.throws(() => {
        (value as { nested: { v: number } }).nested.v = 2;
      }, TypeError);
      assert.equal(await second.store.transaction((tx) => tx.get(KIND, 'gone')), undefined);
    } finally {
      await second.store.close();
    }
  });
});
