// The in-memory Store: the SQLite Store's semantics without a file, for tests of the write side
// (the serialized launch, the service controller's apply) that need no server. Values are kept as
// their JSON text, so what goes in and comes out is a copy and JSON's rules apply (a Date becomes
// a string, undefined properties vanish) exactly as SQLite's TEXT column has them. Transactions run
// one at a time, in the order asked; each writes into its own pending layer over the committed
// rows, which it publishes only when its function returns, so readers outside never see a
// transaction in progress and a throw leaves nothing behind (sequences included). Kinds named in
// `cachedKinds` are read inside transactions from a RecordCache, as SqliteStore reads them, so
// they come out frozen there too and code that would change one in place fails here as it does
// in the server.
import { compareKeys, lowerBound, selectKeys } from './keyOrder.js';
import { RecordCache } from './recordCache.js';
import type { SqliteOptions } from './sqlite.js';
import type { Item, ListOptions, Reader, Store, Tx } from './store.js';

/** The same options SqliteStore.open takes, so the memory Store can stand in where one is opened. */
export type MemoryStoreOptions = SqliteOptions;

/** Where a reader's rows come from: JSON text by key, and the keys in ascending byte order. */
interface View {
  json(kind: string, key: string): string | undefined;
  keys(kind: string): readonly string[];
}

/** One kind's committed rows, with its keys kept sorted as they change. */
class Rows {
  readonly json = new Map<string, string>();
  readonly keys: string[] = [];

  set(key: string, json: string): void {
    if (!this.json.has(key)) this.keys.splice(lowerBound(this.keys, key), 0, key);
    this.json.set(key, json);
  }

  delete(key: string): void {
    if (this.json.delete(key)) this.keys.splice(lowerBound(this.keys, key), 1);
  }
}

class Committed implements View {
  private readonly kinds = new Map<string, Rows>();
  readonly sequences = new Map<string, number>();

  json(kind: string, key: string): string | undefined {
    return this.kinds.get(kind)?.json.get(key);
  }

  keys(kind: string): readonly string[] {
    return this.kinds.get(kind)?.keys ?? [];
  }

  rows(kind: string): Rows {
    let rows = this.kinds.get(kind);
    if (!rows) this.kinds.set(kind, (rows = new Rows()));
    return rows;
  }
}

/** One transaction's writes over the committed rows: what it reads, and what it publishes. */
class Pending implements View {
  /** kind -> key -> the JSON written, or undefined for a delete. */
  private readonly writes = new Map<string, Map<string, string | undefined>>();
  /** kind -> its keys as this transaction sees them, built on the first listing after a write. */
  private readonly merged = new Map<string, string[]>();
  readonly sequences = new Map<string, number>();

  constructor(private readonly base: Committed) {}

  json(kind: string, key: string): string | undefined {
    const written = this.writes.get(kind);
    return written?.has(key) ? written.get(key) : this.base.json(kind, key);
  }

  keys(kind: string): readonly string[] {
    const written = this.writes.get(kind);
    if (!written) return this.base.keys(kind);
    let keys = this.merged.get(kind);
    if (!keys) {
      const set = new Set(this.base.keys(kind));
      for (const [key, json] of written) {
        if (json === undefined) set.delete(key);
        else set.add(key);
      }
      keys = [...set].sort(compareKeys);
      this.merged.set(kind, keys);
    }
    return keys;
  }

  write(kind: string, key: string, json: string | undefined): void {
    let written = this.writes.get(kind);
    if (!written) this.writes.set(kind, (written = new Map()));
    written.set(key, json);
    const keys = this.merged.get(kind);
    if (!keys) return;
    const i = lowerBound(keys, key);
    const present = keys[i] === key;
    if (json === undefined && present) keys.splice(i, 1);
    else if (json !== undefined && !present) keys.splice(i, 0, key);
  }

  /** Makes the writes and sequences the committed state. */
  publish(): void {
    for (const [kind, written] of this.writes) {
      const rows = this.base.rows(kind);
      for (const [key, json] of written) {
        if (json === undefined) rows.delete(key);
        else rows.set(key, json);
      }
    }
    for (const [name, value] of this.sequences) this.base.sequences.set(name, value);
  }
}

class ViewReader implements Reader {
  constructor(protected readonly view: View) {}

  /** Throws when this reader may no longer be used (a closed store, an ended transaction). */
  protected assertOpen(): void {}

  async get<T>(kind: string, key: string): Promise<T | undefined> {
    this.assertOpen();
    const json = this.view.json(kind, key);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  async list<T>(kind: string, options: ListOptions = {}): Promise<Item<T>[]> {
    this.assertOpen();
    return selectKeys(this.view.keys(kind), options).map((key) => ({ key, value: JSON.parse(this.view.json(kind, key) ?? 'null') as T }));
  }

  async count(kind: string, options: Pick<ListOptions, 'prefix'> = {}): Promise<number> {
    this.assertOpen();
    // SQLite's count takes the options' range whatever else they carry; only the limit is not its.
    return selectKeys(this.view.keys(kind), { ...options, limit: -1 }).length;
  }
}

class MemoryTx extends ViewReader implements Tx {
  private ended = false;

  constructor(private readonly pending: Pending, private readonly base: Committed, private readonly cache: RecordCache) {
    super(pending);
  }

  /** A Tx kept past its transaction would write into nothing (SQLite: into a later one); refuse it. */
  protected override assertOpen(): void {
    if (this.ended) throw new Error('This transaction has ended; use the Tx of the transaction in progress.');
  }

  end(): void {
    this.ended = true;
  }

  override async get<T>(kind: string, key: string): Promise<T | undefined> {
    this.assertOpen();
    if (this.cache.holds(kind)) return this.cache.get(kind, key) as T | undefined;
    return super.get<T>(kind, key);
  }

  override async list<T>(kind: string, options: ListOptions = {}): Promise<Item<T>[]> {
    this.assertOpen();
    if (this.cache.holds(kind)) return this.cache.list(kind, options) as Item<T>[];
    return super.list<T>(kind, options);
  }

  async put<T>(kind: string, key: string, value: T): Promise<void> {
    this.assertOpen();
    const json = JSON.stringify(value) as string | undefined;
    // SQLite refuses these too (its value column is NOT NULL).
    if (json === undefined) throw new TypeError(`A value of type ${typeof value} has no JSON form (${kind} ${key}).`);
    this.pending.write(kind, key, json);
    this.cache.write(kind, key, json);
  }

  async delete(kind: string, key: string): Promise<boolean> {
    this.assertOpen();
    const existed = this.pending.json(kind, key) !== undefined;
    this.pending.write(kind, key, undefined);
    this.cache.write(kind, key, undefined);
    return existed;
  }

  async nextSequence(name: string): Promise<number> {
    this.assertOpen();
    const value = (this.pending.sequences.get(name) ?? this.base.sequences.get(name) ?? 0) + 1;
    this.pending.sequences.set(name, value);
    return value;
  }
}

export class MemoryStore extends ViewReader implements Store {
  private readonly committed: Committed;
  private readonly cache: RecordCache;
  /** The last transaction asked for, settled or not: the next one runs after it. */
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(options: MemoryStoreOptions = {}) {
    const committed = new Committed();
    super(committed);
    this.committed = committed;
    this.cache = new RecordCache(options.cachedKinds ?? []);
  }

  protected override assertOpen(): void {
    if (this.closed) throw new Error('The store is closed.');
  }

  /** Outside a transaction a cached key reads as committed, as SqliteStore has it. */
  override async get<T>(kind: string, key: string): Promise<T | undefined> {
    this.assertOpen();
    if (this.cache.holds(kind)) return this.cache.getCommitted(kind, key) as T | undefined;
    return super.get<T>(kind, key);
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The store is closed.'));
    const run = this.tail.then(() => this.run(fn));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const pending = new Pending(this.committed);
    const tx = new MemoryTx(pending, this.committed, this.cache);
    try {
      const value = await fn(tx);
      pending.publish();
      this.cache.releaseTransaction();
      this.cache.commitGroup();
      return value;
    } catch (err) {
      this.cache.rollbackTransaction();
      throw err;
    } finally {
      tx.end();
    }
  }

  /** Waits for the transactions already asked for, then refuses reads and new transactions. */
  async close(): Promise<void> {
    let tail: Promise<unknown> | undefined;
    while (tail !== this.tail) {
      tail = this.tail;
      await tail;
    }
    this.closed = true;
  }
}

/** An empty in-memory Store. */
export function openMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  return new MemoryStore(options);
}
