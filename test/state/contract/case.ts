// What each part of the Store contract is given: the kind under test and a way to get a store.
import type { Store } from '../../../src/state/store.js';

/** Opens an empty Store that holds `cachedKinds` in memory as well (SqliteOptions.cachedKinds). */
export type OpenStore = (options: { cachedKinds: readonly string[] }) => Store | Promise<Store>;

export interface Case {
  /** The kind the tests write. */
  kind: string;
  /** Whether the store was opened with `kind` among its cached kinds. */
  cached: boolean;
  /** Another kind (cached when `kind` is not): writes there must not show in `kind`. */
  other: string;
  /** Runs `fn` on a fresh empty store and closes it. */
  withStore(fn: (store: Store) => Promise<void>): Promise<void>;
}
