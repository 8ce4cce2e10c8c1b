// Tags of ELBv2 resources, kept per resource ARN, with ELB's rules: at most 50 a resource, a key
// once per request, no `aws:` keys.
import { DuplicateTagKeys, TooManyTags, ValidationError } from '../../protocol/errors.js';
import type { Reader, Tx } from '../../state/store.js';
import { TAGS } from './repo.js';

export const MAX_TAGS = 50;

export interface Tag {
  key: string;
  value: string;
}

/** Tags as given on the wire, checked: DuplicateTagKeys for a repeated key. */
export function checkTags(tags: readonly { Key: string; Value?: string | undefined }[]): Tag[] {
  const seen = new Set<string>();
  for (const t of tags) {
    if (seen.has(t.Key)) throw new DuplicateTagKeys(`Tag key '${t.Key}' was specified more than once`);
    if (/^aws:/i.test(t.Key)) throw new ValidationError(`Tag key '${t.Key}' is invalid: keys beginning with 'aws:' are reserved`);
    seen.add(t.Key);
  }
  if (tags.length > MAX_TAGS) throw tooMany();
  return tags.map((t) => ({ key: t.Key, value: t.Value ?? '' }));
}

function tooMany(): Error {
  return new TooManyTags(`The quota for the number of tags that can be assigned to a resource (${MAX_TAGS}) has been reached`);
}

export async function getTags(reader: Reader, arn: string): Promise<Tag[]> {
  return (await reader.get<Tag[]>(TAGS, arn)) ?? [];
}

/** Adds or overwrites tags; TooManyTags when the resource would pass 50. */
export async function addTags(tx: Tx, arn: string, tags: readonly Tag[]): Promise<void> {
  if (tags.length === 0) return;
  const merged = new Map((await getTags(tx, arn)).map((t) => [t.key, t.value]));
  for (const t of tags) merged.set(t.key, t.value);
  if (merged.size > MAX_TAGS) throw tooMany();
  await tx.put(TAGS, arn, [...merged].map(([key, value]) => ({ key, value })));
}

export async function removeTags(tx: Tx, arn: string, keys: readonly string[]): Promise<void> {
  const drop = new Set(keys);
  const kept = (await getTags(tx, arn)).filter((t) => !drop.has(t.key));
  if (kept.length === 0) await tx.delete(TAGS, arn);
  else await tx.put(TAGS, arn, kept);
}

export function tagsToWire(tags: readonly Tag[]): { Key: string; Value: string }[] {
  return tags.map((t) => ({ Key: t.key, Value: t.value }));
}
