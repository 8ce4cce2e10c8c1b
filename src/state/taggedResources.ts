// Tags kept per resource ARN under a Store kind: what every service's tag operations share. The
// service's own rules (key and value checks, its error for too many tags) stay with the service.
import type { Reader, Tx } from './store.js';

export interface Tag {
  key: string;
  value: string;
}

export async function readTags(reader: Reader, kind: string, arn: string): Promise<Tag[]> {
  return (await reader.get<Tag[]>(kind, arn)) ?? [];
}

/** Adds or overwrites tags on `arn`; `tooMany()` is thrown when the resource would pass `max`. */
export async function mergeTags(tx: Tx, kind: string, arn: string, tags: readonly Tag[], limit: { max: number; tooMany: () => Error }): Promise<void> {
  const merged = new Map((await readTags(tx, kind, arn)).map((t) => [t.key, t.value]));
  for (const t of tags) merged.set(t.key, t.value);
  if (merged.size > limit.max) throw limit.tooMany();
  await tx.put(kind, arn, [...merged].map(([key, value]) => ({ key, value })));
}

export async function dropTags(tx: Tx, kind: string, arn: string, keys: readonly string[]): Promise<void> {
  const drop = new Set(keys);
  const kept = (await readTags(tx, kind, arn)).filter((t) => !drop.has(t.key));
  if (kept.length === 0) await tx.delete(kind, arn);
  else await tx.put(kind, arn, kept);
}
