// An in-memory copy of whole kinds of the Store (the container instances, say), so that hot reads
// inside transactions cost a Map lookup instead of a query and a JSON parse. The Store stays the
// source of truth: the copy is loaded from it when the Store opens and is changed only by the
// writes of the Store's own transactions, in step with SQLite's savepoints:
//
// - a write changes the copy at once and remembers the value it replaced (the undo log of the
//   transaction), so later reads of the same transaction, and of the transactions after it in the
//   same commit group, see it, as they see it in SQLite;
// - a transaction that fails is undone (ROLLBACK TO), one that succeeds hands its undo log to the
//   group; a group that commits forgets its log, a group whose COMMIT fails is reloaded from SQLite;
// - a read outside a transaction must not see a group that has not committed yet: it gets the
//   value from before the group (or the transaction) whenever the key is in an undo log.
//
// Values are frozen: a reader that tried to change one in place would throw, not corrupt the copy.
// Keys compare as JavaScript strings, which is SQLite's byte order for the ASCII keys Wharf uses.

type Value = unknown;
const ABSENT = Symbol('absent');
type Prior = Value | typeof ABSENT;

interface KindCopy {
  values: Map<string, Value>;
  /** The keys in ascending order; undefined when it must be re-sorted. */
  sorted: string[] | undefined;
}

export interface CachedListOptions {
  prefix?: string;
  after?: string;
  limit?: number;
  reverse?: boolean;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

export class RecordCache {
  private readonly kinds = new Map<string, KindCopy>();
  /** Per kind: key -> the value before the current transaction first wrote it. */
  private txUndo = new Map<string, Map<string, Prior>>();
  /** Per kind: key -> the value before the current commit group first wrote it. */
  private groupUndo = new Map<string, Map<string, Prior>>();

  constructor(kinds: readonly string[]) {
    for (const kind of kinds) this.kinds.set(kind, { values: new Map(), sorted: [] });
  }

  holds(kind: string): boolean {
    return this.kinds.has(kind);
  }

  /** Replaces the copy of every kind with `rows(kind)` (the Store's committed rows) and forgets the logs. */
  load(rows: (kind: string) => Iterable<{ key: string; value: string }>): void {
    for (const [kind, copy] of this.kinds) {
      copy.values.clear();
      for (const r of rows(kind)) copy.values.set(r.key, deepFreeze(JSON.parse(r.value) as Value));
      copy.sorted = undefined;
    }
    this.txUndo.clear();
    this.groupUndo.clear();
  }

  /** The value as the running transaction sees it. */
  get(kind: string, key: string): Value | undefined {
    return this.kinds.get(kind)?.values.get(key);
  }

  /** The value as committed: what a reader outside the transactions may see. */
  getCommitted(kind: string, key: string): Value | undefined {
    const group = this.groupUndo.get(kind);
    if (group?.has(key)) return fromPrior(group.get(key));
    const tx = this.txUndo.get(kind);
    if (tx?.has(key)) return fromPrior(tx.get(key));
    return this.get(kind, key);
  }

  /** The listing as the running transaction sees it. */
  list(kind: string, options: CachedListOptions = {}): { key: string; value: Value }[] {
    const copy = this.kinds.get(kind);
    if (!copy) return [];
    const keys = sortedKeys(copy);
    const prefix = options.prefix ?? '';
    const out: { key: string; value: Value }[] = [];
    const limit = options.limit ?? Infinity;
    const inRange = (k: string) => k.startsWith(prefix)
      && (options.after === undefined || (options.reverse ? k < options.after : k > options.after));
    if (options.reverse) {
      for (let i = keys.length - 1; i >= 0 && out.length < limit; i--) {
        const k = keys[i] as string;
        if (inRange(k)) out.push({ key: k, value: copy.values.get(k) });
      }
      return out;
    }
    const from = options.after !== undefined && options.after > prefix ? options.after : prefix;
    for (let i = lowerBound(keys, from); i < keys.length && out.length < limit; i++) {
      const k = keys[i] as string;
      if (!k.startsWith(prefix)) break;
      if (inRange(k)) out.push({ key: k, value: copy.values.get(k) });
    }
    return out;
  }

  /** A write of the running transaction: `json` is what SQLite stored, undefined for a delete. */
  write(kind: string, key: string, json: string | undefined): void {
    const copy = this.kinds.get(kind);
    if (!copy) return;
    let log = this.txUndo.get(kind);
    if (!log) this.txUndo.set(kind, (log = new Map()));
    const existed = copy.values.has(key);
    if (!log.has(key)) log.set(key, existed ? copy.values.get(key) : ABSENT);
    if (json === undefined) {
      if (existed) {
        copy.values.delete(key);
        copy.sorted = undefined;
      }
      return;
    }
    copy.values.set(key, deepFreeze(JSON.parse(json) as Value));
    if (!existed) copy.sorted = undefined;
  }

  /** The transaction succeeded (its savepoint released): its writes now belong to the group. */
  releaseTransaction(): void {
    for (const [kind, log] of this.txUndo) {
      let group = this.groupUndo.get(kind);
      if (!group) this.groupUndo.set(kind, (group = new Map()));
      for (const [key, prior] of log) if (!group.has(key)) group.set(key, prior);
    }
    this.txUndo.clear();
  }

  /** The transaction failed (rolled back to its savepoint): its writes are undone. */
  rollbackTransaction(): void {
    for (const [kind, log] of this.txUndo) {
      const copy = this.kinds.get(kind);
      if (!copy) continue;
      for (const [key, prior] of log) {
        if (prior === ABSENT) copy.values.delete(key);
        else copy.values.set(key, prior);
      }
      copy.sorted = undefined;
    }
    this.txUndo.clear();
  }

  /** The group committed: its writes are the committed state now. */
  commitGroup(): void {
    this.groupUndo.clear();
  }
}

function fromPrior(prior: Prior | undefined): Value | undefined {
  return prior === ABSENT ? undefined : prior;
}

function sortedKeys(copy: KindCopy): string[] {
  if (!copy.sorted) copy.sorted = [...copy.values.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return copy.sorted;
}

/** The first index whose key is >= `key`. */
function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
