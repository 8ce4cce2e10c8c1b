// Tags on CreateAccount: Organizations' key and value grammar, unique keys, at most 50.
import { z } from 'zod';
import type { AccountTag } from '../../identity/accounts/model.js';
import { ConstraintViolation, InvalidInput } from './errors.js';

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const MAX_TAGS = 50;

export const tagsSchema = z.array(z.object({
  Key: z.string().min(1).max(128).regex(TAG_CHARS),
  Value: z.string().max(256).regex(TAG_CHARS),
}));

/** The tags, once their keys are unique and they are few enough. */
export function checkTags(tags: AccountTag[]): AccountTag[] {
  if (new Set(tags.map((t) => t.Key)).size !== tags.length) throw new InvalidInput('DUPLICATE_TAG_KEY');
  if (tags.length > MAX_TAGS) {
    throw new ConstraintViolation('MAX_TAG_LIMIT_EXCEEDED', 'You have exceeded the number of tags allowed on this resource.');
  }
  return tags.map((t) => ({ Key: t.Key, Value: t.Value }));
}
