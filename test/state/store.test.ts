// The Store contract (test/state/contract.ts) run against every Store: SQLite in a fresh data dir
// per test, and the in-memory Store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openMemoryStore } from '../../src/state/memory.js';
import { SqliteStore } from '../../src/state/sqlite.js';
import { storeContract } from './contract.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

storeContract('SqliteStore', (options) => {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-contract-'));
  dirs.push(dir);
  return SqliteStore.open(dir, options);
});

storeContract('MemoryStore', (options) => openMemoryStore(options));
