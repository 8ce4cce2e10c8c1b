// The Store contract, values: documents by kind and key, stored as JSON, handed out as copies.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Case } from './case.js';

interface Doc {
  n: number;
  nested: { list: number[] };
}

const doc = (n: number): Doc => ({ n, nested: { list: [n] } });

export function valueContract(c: Case): void {
  const { kind, other } = c;

  it('gets what was put, overwrites by key, and keeps kinds apart', async () => {
    await c.withStore(async (store) => {
      assert.equal(await store.get(kind, 'a'), undefined);
      await store.transaction(async (tx) => {
        await tx.put(kind, 'a', doc(1));
        await tx.put(kind, 'b', doc(2));
        await tx.put(other, 'a', { from: 'other kind' });
      });
      await store.transaction(async (tx) => tx.put(kind, 'a', doc(3)));
      assert.deepEqual(await store.get(kind, 'a'), doc(3));
      assert.deepEqual(await store.get(kind, 'b'), doc(2));
      assert.deepEqual(await store.get(other, 'a'), { from: 'other kind' });
      assert.equal(await store.count(kind), 2);
    });
  });

  it('delete says whether the key existed, and the key is gone inside and after the transaction', async () => {
    await c.withStore(async (store) => {
      await store.transaction(async (tx) => tx.put(kind, 'a', doc(1)));
      const outcome = await store.transaction(async (tx) => {
        const first = await tx.delete(kind, 'a');
        const again = await tx.delete(kind, 'a');
        const never = await tx.delete(kind, 'never');
        return { first, again, never, inside: await tx.get(kind, 'a') };
      });
      assert.deepEqual(outcome, { first: true, again: false, never: false, inside: undefined });
      assert.equal(await store.get(kind, 'a'), undefined);
      assert.deepEqual(await store.list(kind), []);
    });
  });

  it('stores JSON: a Date comes back as its ISO string, undefined properties vanish, NaN is null', async () => {
    await c.withStore(async (store) => {
      await store.transaction(async (tx) => tx.put(kind, 'a', { at: new Date(0), gone: undefined, nan: Number.NaN, keep: [1, null] }));
      const expected = { at: '1970-01-01T00:00:00.000Z', nan: null, keep: [1, null] };
      assert.deepEqual(await store.get(kind, 'a'), expected);
      assert.deepEqual(await store.transaction((tx) => tx.get(kind, 'a')), expected);
      assert.deepEqual((await store.list(kind))[0]?.value, expected);
    });
  });

  it('a null value is a value (it counts and reads back as null); undefined cannot be stored', async () => {
    await c.withStore(async (store) => {
      await store.transaction(async (tx) => tx.put(kind, 'null', null));
      assert.equal(await store.get(kind, 'null'), null);
      assert.equal(await store.count(kind), 1);
      await assert.rejects(store.transaction(async (tx) => {
        await tx.put(kind, 'first', doc(1));
        await tx.put(kind, 'undefined', undefined);
      }));
      assert.equal(await store.get(kind, 'first'), undefined, 'the transaction that failed wrote nothing');
      assert.equal(await store.count(kind), 1);
    });
  });

  it('what was put is copied in: changing the object afterwards changes nothing stored', async () => {
    await c.withStore(async (store) => {
      const value = doc(1);
      await store.transaction(async (tx) => {
        await tx.put(kind, 'a', value);
        value.n = 99;
        value.nested.list.push(99);
        assert.deepEqual(await tx.get(kind, 'a'), doc(1), 'the transaction reads what was put, not the object now');
      });
      assert.deepEqual(await store.get(kind, 'a'), doc(1));
    });
  });

  it('what is read is copied out: a reader cannot change the store through it', async () => {
    await c.withStore(async (store) => {
      await store.transaction(async (tx) => tx.put(kind, 'a', doc(1)));
      const fromList = (await store.list<Doc>(kind))[0]?.value;
      assert.ok(fromList);
      fromList.nested.list.push(2);
      await store.transaction(async (tx) => {
        const got = await tx.get<Doc>(kind, 'a');
        assert.ok(got);
        if (c.cached) {
          // A cached kind hands out its frozen copy (the server's hot path reads it without a
          // parse); changing it in place is an error, never a silent change of the store.
          assert.ok(Object.isFrozen(got.nested.list));
          assert.throws(() => got.nested.list.push(2), TypeError);
        } else {
          got.nested.list.push(2);
          got.n = 2;
          assert.deepEqual(await tx.get(kind, 'a'), doc(1));
        }
      });
      assert.deepEqual(await store.get(kind, 'a'), doc(1));
      assert.deepEqual(await store.transaction((tx) => tx.list(kind)), [{ key: 'a', value: doc(1) }]);
    });
  });
}
