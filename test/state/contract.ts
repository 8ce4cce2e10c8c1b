// The Store contract: the behaviour every Store implementation must have, as one suite that each
// implementation's test file runs (`storeContract('SqliteStore', open)`). A behaviour that differs
// between two Stores is a bug in one of them, not a branch in the caller. Every test runs twice:
// over a plain kind and over a kind the Store was opened to cache (`cachedKinds`, as the server
// opens its Store), since a cached kind must behave as a plain one does.
import { describe } from 'node:test';
import type { Store } from '../../src/state/store.js';
import { listingContract } from './contract/listing.js';
import { transactionContract } from './contract/transactions.js';
import { valueContract } from './contract/values.js';
import type { Case, OpenStore } from './contract/case.js';

export type { OpenStore } from './contract/case.js';

const PLAIN = 'contract/plain';
const CACHED = 'contract/cached';

export function storeContract(name: string, open: OpenStore): void {
  const withStore = async (fn: (store: Store) => Promise<void>): Promise<void> => {
    const store = await open({ cachedKinds: [CACHED] });
    try {
      await fn(store);
    } finally {
      await store.close();
    }
  };
  for (const [kind, cached] of [[PLAIN, false], [CACHED, true]] as const) {
    const c: Case = { kind, cached, other: cached ? PLAIN : CACHED, withStore };
    describe(`Store contract: ${name}, ${cached ? 'a cached kind' : 'a plain kind'}`, () => {
      valueContract(c);
      listingContract(c);
      transactionContract(c);
    });
  }
}
