// Tags of ECS resources, kept per resource ARN, with ECS's tag rules.
import { InvalidParameterException } from '../../protocol/errors.js';
import type { Reader, Tx } from '../../state/store.js';
import { dropTags, mergeTags, readTags, type Tag } from '../../state/taggedResources.js';

export const TAGS = 'ecs/tags';
export const MAX_TAGS = 50;

export type { Tag };

/** Checks tags as ECS does; throws InvalidParameterException naming the first broken rule. */
export function validateTags(tags: readonly Tag[]): void {
  for (const { key, value } of tags) {
    if (key.length < 1 || key.length > 128) throw new InvalidParameterException('Tag keys must be between 1 and 128 characters.');
    if (value.length > 256) throw new InvalidParameterException('Tag values must be at most 256 characters.');
    if (/^aws:/i.test(key)) throw new InvalidParameterException('Tag keys beginning with "aws:" are reserved for AWS use.');
    if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u.test(key) || !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u.test(value)) {
      throw new InvalidParameterException('Tag keys and values may only contain letters, numbers, spaces and _ . : / = + - @.');
    }
  }
}

export function getTags(reader: Reader, arn: string): Promise<Tag[]> {
  return readTags(reader, TAGS, arn);
}

/** Adds or overwrites `tags` on `arn`, keeping the total within ECS's limit of 50. */
export async function putTags(tx: Tx, arn: string, tags: readonly Tag[]): Promise<void> {
  validateTags(tags);
  await mergeTags(tx, TAGS, arn, tags, { max: MAX_TAGS, tooMany: () => new InvalidParameterException(`A resource can have at most ${MAX_TAGS} tags.`) });
}

export function removeTags(tx: Tx, arn: string, keys: readonly string[]): Promise<void> {
  return dropTags(tx, TAGS, arn, keys);
}
