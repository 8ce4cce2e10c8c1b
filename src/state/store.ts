// The Store: Wharf's durable state as kinds of JSON documents under ordered string keys.
// Async so that a PostgreSQL implementation can stand behind the same interface.
// Keys sort bytewise; a kind's keys are designed so that prefix scans answer its list calls.

export interface Item<T> {
  key: string;
  value: T;
}

export interface ListOptions {
  /** Only keys starting with this. */
  prefix?: string;
  /** Only keys strictly past this one in the listing's direction (pagination). */
  after?: string;
  /** At most this many items. */
  limit?: number;
  /** List in descending key order. */
  reverse?: boolean;
}

export interface Reader {
  get<T>(kind: string, key: string): Promise<T | undefined>;
  list<T>(kind: string, options?: ListOptions): Promise<Item<T>[]>;
  count(kind: string, options?: Pick<ListOptions, 'prefix'>): Promise<number>;
}

export interface Tx extends Reader {
  put<T>(kind: string, key: string, value: T): Promise<void>;
  /** Returns whether the key existed. */
  delete(kind: string, key: string): Promise<boolean>;
  /** The next value of a named counter, starting at 1; rolled back with the transaction. */
  nextSequence(name: string): Promise<number>;
}

export interface Store extends Reader {
  /**
   * Runs `fn` atomically: every write in it commits together or not at all, and transactions
   * run one at a time. `fn` should await only the Tx it is given.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
