// The embedded Store: SQLite through better-sqlite3, WAL journal, synchronous=FULL so that an
// acknowledged write survives a crash. One connection writes; a second connection reads, so
// readers never see a transaction that is still open. Transactions queue and commit in groups:
// the ones waiting together each run in a savepoint of one SQLite transaction, which pays one
// fsync for all of them, and none is acknowledged before that commit. Kinds named in `cachedKinds`
// are also held in memory (state/recordCache.ts), kept in step with every savepoint and commit.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from './migrations.js';
import { RecordCache } from './recordCache.js';
import type { Item, ListOptions, Reader, Store, Tx } from './store.js';

type Db = Database.Database;

interface Row {
  key: string;
  value: string;
}

class SqliteReader implements Reader {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(protected readonly db: Db) {}

  /** A prepared statement, compiled once per connection. */
  protected sql(text: string): Database.Statement {
    let stmt = this.statements.get(text);
    if (!stmt) {
      stmt = this.db.prepare(text);
      this.statements.set(text, stmt);
    }
    return stmt;
  }

  async get<T>(kind: string, key: string): Promise<T | undefined> {
    const row = this.sql('SELECT value FROM items WHERE kind = ? AND key = ?').get(kind, key) as
      | { value: string }
      | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async list<T>(kind: string, options: ListOptions = {}): Promise<Item<T>[]> {
    const { where, params } = range(kind, options);
    const limit = options.limit ?? -1;
    const rows = this
      .sql(`SELECT key, value FROM items WHERE ${where} ORDER BY key ${options.reverse ? 'DESC' : 'ASC'} LIMIT ?`)
      .all(...params, limit) as Row[];
    return rows.map((r) => ({ key: r.key, value: JSON.parse(r.value) as T }));
  }

  async count(kind: string, options: Pick<ListOptions, 'prefix'> = {}): Promise<number> {
    const { where, params } = range(kind, options);
    const row = this.sql(`SELECT count(*) AS n FROM items WHERE ${where}`).get(...params) as { n: number };
    return row.n;
  }
}

class SqliteTx extends SqliteReader implements Tx {
  constructor(db: Db, private readonly cache: RecordCache) {
    super(db);
  }

  override async get<T>(kind: string, key: string): Promise<T | undefined> {
    if (this.cache.holds(kind)) return this.cache.get(kind, key) as T | undefined;
    return super.get<T>(kind, key);
  }

  override async list<T>(kind: string, options: ListOptions = {}): Promise<Item<T>[]> {
    if (this.cache.holds(kind)) return this.cache.list(kind, options) as Item<T>[];
    return super.list<T>(kind, options);
  }

  async put<T>(kind: string, key: string, value: T): Promise<void> {
    const json = JSON.stringify(value);
    this
      .sql('INSERT INTO items (kind, key, value) VALUES (?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value')
      .run(kind, key, json);
    this.cache.write(kind, key, json);
  }

  async delete(kind: string, key: string): Promise<boolean> {
    const existed = this.sql('DELETE FROM items WHERE kind = ? AND key = ?').run(kind, key).changes > 0;
    this.cache.write(kind, key, undefined);
    return existed;
  }

  async nextSequence(name: string): Promise<number> {
    const row = this
      .sql('INSERT INTO sequences (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value')
      .get(name) as { value: number };
    return row.value;
  }
}

/** Transactions committed together at most; bounds how long one group holds the writer. */
const MAX_GROUP = 256;

interface Job {
  fn: (tx: Tx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

function range(kind: string, options: Omit<ListOptions, 'limit'>): { where: string; params: unknown[] } {
  const clauses = ['kind = ?'];
  const params: unknown[] = [kind];
  if (options.prefix) {
    clauses.push('key >= ?', 'key < ?');
    params.push(options.prefix, `${options.prefix}\u{10FFFF}`);
  }
  if (options.after !== undefined) {
    clauses.push(options.reverse ? 'key < ?' : 'key > ?');
    params.push(options.after);
  }
  return { where: clauses.join(' AND '), params };
}

export interface SqliteOptions {
  /** Kinds held in memory as well (read inside transactions, and by key outside them). */
  cachedKinds?: readonly string[];
}

export class SqliteStore extends SqliteReader implements Store {
  private readonly writer: Db;
  private readonly tx: SqliteTx;
  private readonly cache: RecordCache;
  private readonly pending: Job[] = [];
  private draining: Promise<void> | undefined;

  private constructor(writer: Db, reader: Db, cachedKinds: readonly string[]) {
    super(reader);
    this.writer = writer;
    this.cache = new RecordCache(cachedKinds);
    this.tx = new SqliteTx(writer, this.cache);
    this.reloadCache();
  }

  /** The cached kinds as SQLite holds them (committed: no transaction is open when this runs). */
  private reloadCache(): void {
    const stmt = this.writer.prepare('SELECT key, value FROM items WHERE kind = ? ORDER BY key');
    this.cache.load((kind) => stmt.iterate(kind) as Iterable<Row>);
  }

  /** Outside a transaction a cached key reads as committed, never as a group still open. */
  override async get<T>(kind: string, key: string): Promise<T | undefined> {
    if (this.cache.holds(kind)) return this.cache.getCommitted(kind, key) as T | undefined;
    return super.get<T>(kind, key);
  }

  /** Opens (creating if needed) `wharf.db` in `dataDir`, or an in-memory store for ':memory:'. */
  static open(dataDir: string, options: SqliteOptions = {}): SqliteStore {
    const memory = dataDir === ':memory:';
    if (!memory) mkdirSync(dataDir, { recursive: true });
    const path = memory ? ':memory:' : join(dataDir, 'wharf.db');
    const writer = new Database(path);
    writer.pragma('journal_mode = WAL');
    writer.pragma('synchronous = FULL');
    writer.pragma('busy_timeout = 5000');
    migrate(writer);
    // An in-memory database cannot be shared by two connections; there the writer also reads.
    const reader = memory ? writer : new Database(path, { readonly: true });
    if (reader !== writer) reader.pragma('busy_timeout = 5000');
    return new SqliteStore(writer, reader, options.cachedKinds ?? []);
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      // Start on the next turn, so every transaction asked for in this one joins the group.
      if (!this.draining) {
        this.draining = new Promise<void>((done) => setImmediate(() => void this.drain().finally(done)));
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const group = this.pending.splice(0, MAX_GROUP);
      const outcomes: Array<() => void> = [];
      this.writer.exec('BEGIN IMMEDIATE');
      for (const job of group) {
        this.writer.exec('SAVEPOINT tx');
        try {
          const value = await job.fn(this.tx);
          this.writer.exec('RELEASE tx');
          this.cache.releaseTransaction();
          outcomes.push(() => job.resolve(value));
        } catch (err) {
          this.writer.exec('ROLLBACK TO tx');
          this.writer.exec('RELEASE tx');
          this.cache.rollbackTransaction();
          outcomes.push(() => job.reject(err));
        }
      }
      try {
        this.commit();
      } catch (err) {
        if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
        this.reloadCache();
        group.forEach((job) => job.reject(err));
        continue;
      }
      this.cache.commitGroup();
      outcomes.forEach((settle) => settle());
    }
    this.draining = undefined;
  }

  /** COMMIT of a group; a seam where tests make it fail. */
  protected commit(): void {
    this.writer.exec('COMMIT');
  }

  async close(): Promise<void> {
    while (this.draining) await this.draining;
    if (this.db !== this.writer) this.db.close();
    this.writer.close();
  }
}

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)');
  const row = db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
  const applied = row.v ?? 0;
  MIGRATIONS.slice(applied).forEach((sql, i) => {
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version) VALUES (?)').run(applied + i + 1);
    })();
  });
}
