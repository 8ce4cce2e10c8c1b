// The embedded Store: SQLite through better-sqlite3, WAL journal, synchronous=FULL so that an
// acknowledged write survives a crash. One connection writes; a second connection reads, so
// readers never see a transaction that is still open. Transactions queue and commit in groups:
// the ones waiting together each run in a savepoint of one SQLite transaction, which pays one
// fsync for all of them, and none is acknowledged before that commit.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from './migrations.js';
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
  async put<T>(kind: string, key: string, value: T): Promise<void> {
    this
      .sql('INSERT INTO items (kind, key, value) VALUES (?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value')
      .run(kind, key, JSON.stringify(value));
  }

  async delete(kind: string, key: string): Promise<boolean> {
    return this.sql('DELETE FROM items WHERE kind = ? AND key = ?').run(kind, key).changes > 0;
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

export class SqliteStore extends SqliteReader implements Store {
  private readonly writer: Db;
  private readonly tx: SqliteTx;
  private readonly pending: Job[] = [];
  private draining: Promise<void> | undefined;

  private constructor(writer: Db, reader: Db) {
    super(reader);
    this.writer = writer;
    this.tx = new SqliteTx(writer);
  }

  /** Opens (creating if needed) `wharf.db` in `dataDir`, or an in-memory store for ':memory:'. */
  static open(dataDir: string): SqliteStore {
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
    return new SqliteStore(writer, reader);
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
          outcomes.push(() => job.resolve(value));
        } catch (err) {
          this.writer.exec('ROLLBACK TO tx');
          this.writer.exec('RELEASE tx');
          outcomes.push(() => job.reject(err));
        }
      }
      try {
        this.writer.exec('COMMIT');
      } catch (err) {
        if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
        group.forEach((job) => job.reject(err));
        continue;
      }
      outcomes.forEach((settle) => settle());
    }
    this.draining = undefined;
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
