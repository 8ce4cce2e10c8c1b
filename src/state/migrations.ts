// Schema migrations for the SQLite store, applied in order, each exactly once.
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE items (
     kind TEXT NOT NULL,
     key TEXT NOT NULL,
     value TEXT NOT NULL,
     PRIMARY KEY (kind, key)
   ) WITHOUT ROWID;
   CREATE TABLE sequences (
     name TEXT PRIMARY KEY,
     value INTEGER NOT NULL
   ) WITHOUT ROWID;`,
];
