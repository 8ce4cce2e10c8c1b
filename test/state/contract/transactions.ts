// The Store contract, transactions: all or nothing (sequences too), one at a time in the order
// asked, reading their own writes, invisible to readers outside until they commit.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Case } from './case.js';

const turn = () => new Promise<void>((r) => setImmediate(r));

export function transactionContract(c: Case): void {
  const { kind, other } = c;

  it('a transaction that throws leaves nothing behind and rethrows its error', async () => {
    await c.withStore(async (store) => {
      await store.transaction(async (tx) => tx.put(kind, 'kept', { v: 1 }));
      const boom = new Error('boom');
      const failed = store.transaction(async (tx) => {
        await tx.put(kind, 'a', { v: 1 });
        await tx.put(kind, 'kept', { v: 2 });
        await tx.delete(kind, 'kept');
        await tx.put(other, 'b', { v: 2 });
        throw boom;
      });
      await assert.rejects(failed, (err) => err === boom);
      assert.equal(await store.get(kind, 'a'), undefined);
      assert.equal(await store.get(other, 'b'), undefined);
      assert.deepEqual(await store.get(kind, 'kept'), { v: 1 });
      assert.equal(await store.count(kind), 1);
      const seen = await store.transaction(async (tx) => ({ a: await tx.get(kind, 'a'), kept: await tx.get(kind, 'kept'), list: await tx.list(kind) }));
      assert.deepEqual(seen, { a: undefined, kept: { v: 1 }, list: [{ key: 'kept', value: { v: 1 } }] }, 'the next transaction sees the state before the failed one');
    });
  });

  it('sequences start at 1, count per name, and roll back with their transaction', async () => {
    await c.withStore(async (store) => {
      assert.equal(await store.transaction((tx) => tx.nextSequence('rev/web')), 1);
      await assert.rejects(store.transaction(async (tx) => {
        assert.equal(await tx.nextSequence('rev/web'), 2);
        assert.equal(await tx.nextSequence('rev/web'), 3);
        await tx.put(kind, 'with-sequence', {});
        throw new Error('abort');
      }), /abort/);
      assert.equal(await store.transaction((tx) => tx.nextSequence('rev/web')), 2);
      assert.equal(await store.transaction((tx) => tx.nextSequence('rev/other')), 1);
      assert.equal(await store.count(kind), 0, 'sequences are no documents of any kind');
    });
  });

  it('reads inside a transaction see its own writes: get, list and count', async () => {
    await c.withStore(async (store) => {
      await store.transaction(async (tx) => {
        for (const k of ['a/1', 'a/2', 'a/3']) await tx.put(kind, k, { k, v: 1 });
      });
      const seen = await store.transaction(async (tx) => {
        await tx.put(kind, 'a/0', { k: 'a/0', v: 2 });
        await tx.delete(kind, 'a/2');
        await tx.put(kind, 'a/3', { k: 'a/3', v: 2 });
        const first = { list: await tx.list(kind, { prefix: 'a/' }), count: await tx.count(kind, { prefix: 'a/' }), gone: await tx.get(kind, 'a/2') };
        await tx.put(kind, 'a/2', { k: 'a/2', v: 2 });
        await tx.delete(kind, 'a/0');
        const second = (await tx.list(kind, { prefix: 'a/', reverse: true, limit: 2 })).map((i) => i.key);
        return { first, second, count: await tx.count(kind) };
      });
      assert.deepEqual(seen.first, {
        list: [{ key: 'a/0', value: { k: 'a/0', v: 2 } }, { key: 'a/1', value: { k: 'a/1', v: 1 } }, { key: 'a/3', value: { k: 'a/3', v: 2 } }],
        count: 3,
        gone: undefined,
      });
      assert.deepEqual(seen.second, ['a/3', 'a/2']);
      assert.equal(seen.count, 3);
      assert.deepEqual((await store.list(kind)).map((i) => i.key), ['a/1', 'a/2', 'a/3']);
    });
  });

  it('readers outside see a transaction\'s writes only once it commits', async () => {
    await c.withStore(async (store) => {
      await store.transaction(async (tx) => tx.put(kind, 'x', 0));
      const outside: unknown[] = [];
      await store.transaction(async (tx) => {
        await tx.put(kind, 'x', 1);
        await tx.put(kind, 'y', 1);
        await turn();
        outside.push(await store.get(kind, 'x'), await store.get(kind, 'y'), await store.count(kind), (await store.list(kind)).length);
        assert.equal(await tx.get(kind, 'x'), 1);
      });
      assert.deepEqual(outside, [0, undefined, 1, 1]);
      assert.equal(await store.get(kind, 'x'), 1);
      assert.equal(await store.count(kind), 2);
    });
  });

  it('transactions run one at a time, in the order asked, and resolve with what their function returns', async () => {
    await c.withStore(async (store) => {
      const log: string[] = [];
      const results = await Promise.all([1, 2, 3].map((i) => store.transaction(async (tx) => {
        log.push(`start ${i}`);
        await turn();
        await tx.put(kind, String(i), i);
        await turn();
        log.push(`end ${i}`);
        return i * 10;
      })));
      assert.deepEqual(log, ['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
      assert.deepEqual(results, [10, 20, 30]);
    });
  });

  it('concurrent read-modify-write transactions lose no update', async () => {
    await c.withStore(async (store) => {
      await Promise.all(Array.from({ length: 50 }, () => store.transaction(async (tx) => {
        const n = (await tx.get<number>(kind, 'n')) ?? 0;
        await turn();
        await tx.put(kind, 'n', n + 1);
      })));
      assert.equal(await store.get(kind, 'n'), 50);
    });
  });

  it('a failed transaction does not block the ones queued behind it', async () => {
    await c.withStore(async (store) => {
      const results = await Promise.allSettled([
        store.transaction(async (tx) => tx.put(kind, '1', 1)),
        store.transaction(async (tx) => {
          await tx.put(kind, '2', 2);
          throw new Error('fails');
        }),
        store.transaction(async (tx) => tx.put(kind, '3', (await tx.get<number>(kind, '1')) ?? 0)),
      ]);
      assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
      assert.deepEqual(await store.list(kind), [{ key: '1', value: 1 }, { key: '3', value: 1 }]);
    });
  });

  it('close waits for the transactions already asked for', async () => {
    const done: number[] = [];
    await c.withStore(async (store) => {
      for (const i of [1, 2]) {
        void store.transaction(async (tx) => {
          await turn();
          await tx.put(kind, String(i), i);
          done.push(i);
        });
      }
    });
    assert.deepEqual(done, [1, 2]);
  });
}
