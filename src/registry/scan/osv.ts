// Vulnerability feeds in OSV format (https://ossf.github.io/osv-schema/): a JSON array of records,
// one record, or newline-delimited JSON. Only the fields a scan uses are checked and kept; a record
// of the wrong shape is rejected with its position and id so the operator can find it.

export type OsvEvent =
  | { introduced: string }
  | { fixed: string }
  | { last_affected: string }
  | { limit: string };

export interface OsvRange {
  type: string;
  events: OsvEvent[];
}

export interface OsvSeverity {
  type: string;
  score: string;
}

export interface OsvAffected {
  package?: { ecosystem: string; name: string };
  ranges: OsvRange[];
  versions: string[];
  severity: OsvSeverity[];
}

export interface OsvRecord {
  id: string;
  modified: string;
  withdrawn?: string;
  aliases: string[];
  summary?: string;
  details?: string;
  severity: OsvSeverity[];
  affected: OsvAffected[];
  references: { type: string; url: string }[];
  /** `database_specific.severity` when it is a string (GHSA, Ubuntu, Debian urgencies...). */
  databaseSeverity?: string;
}

export interface OsvFeed {
  records: OsvRecord[];
  /** The latest `modified` time of any record: ECR's `vulnerabilitySourceUpdatedAt`. */
  updatedAt?: Date;
}

export class OsvFeedError extends Error {
  override readonly name = 'OsvFeedError';
}

const EVENT_KEYS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

export function loadOsvFeed(text: string): OsvFeed {
  const records = parseDocuments(text).map(({ value, where }) => toRecord(value, where));
  let latest: number | undefined;
  for (const r of records) {
    const t = Date.parse(r.modified);
    if (!Number.isNaN(t) && (latest === undefined || t > latest)) latest = t;
  }
  return latest === undefined ? { records } : { records, updatedAt: new Date(latest) };
}

function parseDocuments(text: string): { value: unknown; where: string }[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  let whole: unknown;
  try {
    whole = JSON.parse(trimmed);
  } catch {
    // not one JSON document: newline-delimited JSON, one record per line
    return trimmed.split(/\r?\n/).flatMap((line, i) => {
      if (line.trim() === '') return [];
      try {
        return [{ value: JSON.parse(line) as unknown, where: `line ${i + 1}` }];
      } catch (err) {
        throw new OsvFeedError(`OSV feed line ${i + 1} is not valid JSON: ${(err as Error).message}`);
      }
    });
  }
  if (Array.isArray(whole)) return whole.map((value: unknown, i) => ({ value, where: `record ${i + 1}` }));
  return [{ value: whole, where: 'record 1' }];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function toRecord(value: unknown, where: string): OsvRecord {
  const id = isObject(value) && typeof value.id === 'string' && value.id !== '' ? value.id : undefined;
  const fail = (path: string, problem: string): never => {
    throw new OsvFeedError(`OSV ${where}${id ? ` (${id})` : ''}: ${path} ${problem}`);
  };
  if (!isObject(value)) return fail('the record', 'must be a JSON object');
  if (!id) return fail('id', 'must be a non-empty string');
  const str = (v: unknown, path: string): string => (typeof v === 'string' ? v : fail(path, 'must be a string'));
  const optStr = (v: unknown, path: string): string | undefined => (v === undefined ? undefined : str(v, path));
  const list = <T>(v: unknown, path: string, item: (x: unknown, p: string) => T): T[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) return fail(path, 'must be an array');
    return v.map((x: unknown, i) => item(x, `${path}[${i}]`));
  };
  const obj = (v: unknown, path: string): Json => (isObject(v) ? v : fail(path, 'must be an object'));
  const severity = (x: unknown, p: string): OsvSeverity => {
    const o = obj(x, p);
    return { type: str(o.type, `${p}.type`), score: str(o.score, `${p}.score`) };
  };
  const event = (x: unknown, p: string): OsvEvent => {
    const o = obj(x, p);
    const keys = EVENT_KEYS.filter((k) => o[k] !== undefined);
    if (keys.length !== 1 || !keys[0]) return fail(p, `must have exactly one of ${EVENT_KEYS.join(', ')}`);
    const key = keys[0];
    const version = str(o[key], `${p}.${key}`);
    if (version === '') return fail(`${p}.${key}`, 'must not be empty');
    return { [key]: version } as OsvEvent;
  };
  const range = (x: unknown, p: string): OsvRange => {
    const o = obj(x, p);
    const events = list(o.events, `${p}.events`, event);
    if (events.length === 0) fail(`${p}.events`, 'must be a non-empty array');
    return { type: str(o.type, `${p}.type`), events };
  };
  const affected = (x: unknown, p: string): OsvAffected => {
    const o = obj(x, p);
    const entry: OsvAffected = {
      ranges: list(o.ranges, `${p}.ranges`, range),
      versions: list(o.versions, `${p}.versions`, str),
      severity: list(o.severity, `${p}.severity`, severity),
    };
    if (o.package !== undefined) {
      const pkg = obj(o.package, `${p}.package`);
      entry.package = { ecosystem: str(pkg.ecosystem, `${p}.package.ecosystem`), name: str(pkg.name, `${p}.package.name`) };
    }
    return entry;
  };
  const record: OsvRecord = {
    id,
    modified: str(value.modified, 'modified'),
    aliases: list(value.aliases, 'aliases', str),
    severity: list(value.severity, 'severity', severity),
    affected: list(value.affected, 'affected', affected),
    references: list(value.references, 'references', (x, p) => {
      const o = obj(x, p);
      return { type: str(o.type, `${p}.type`), url: str(o.url, `${p}.url`) };
    }),
  };
  const withdrawn = optStr(value.withdrawn, 'withdrawn');
  const summary = optStr(value.summary, 'summary');
  const details = optStr(value.details, 'details');
  if (withdrawn !== undefined) record.withdrawn = withdrawn;
  if (summary !== undefined) record.summary = summary;
  if (details !== undefined) record.details = details;
  if (value.database_specific !== undefined) {
    const db = obj(value.database_specific, 'database_specific');
    if (typeof db.severity === 'string') record.databaseSeverity = db.severity;
  }
  return record;
}
