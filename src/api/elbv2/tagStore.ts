// Tags of ELBv2 resources, kept per resource ARN, with ELB's rules: at most 50 a resource, a key
// once per request, no `aws:` keys.
import { DuplicateTagKeys, TooManyTags, ValidationError } from '../../protocol/errors.js';
import type { Reader, Tx } from '../../state/store.js';
import { dropTags, mergeTags, readTags, type Tag } from '../../state/taggedResources.js';
import { TAGS } from './repo.js';

export const MAX_TAGS = 50;

export type { Tag };

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

export function getTags(reader: Reader, arn: string): Promise<Tag[]> {
  return readTags(reader, TAGS, arn);
}

/** Adds or overwrites tags; TooManyTags when the resource would pass 50. */
export async function addTags(tx: Tx, arn: string, tags: readonly Tag[]): Promise<void> {
  if (tags.length === 0) return;
  await mergeTags(tx, TAGS, arn, tags, { max: MAX_TAGS, tooMany });
}

export function removeTags(tx: Tx, arn: string, keys: readonly string[]): Promise<void> {
  return dropTags(tx, TAGS, arn, keys);
}

export function tagsToWire(tags: readonly Tag[]): { Key: string; Value: string }[] {
  return tags.map((t) => ({ Key: t.key, Value: t.value }));
}
