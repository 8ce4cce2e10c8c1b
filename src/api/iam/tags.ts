// Tagging users, roles and instance profiles: IAM's merge (a key given again replaces its value),
// its 50-tag quota and its refusal of one key twice in one request. Pure.
import { InvalidInput, LimitExceeded } from '../../protocol/errors.js';
import type { Tag } from '../../identity/iam/model.js';

export const MAX_TAGS = 50;

/** The tags of a request, as given; refuses a key given twice (case-insensitively, as IAM does). */
export function requestTags(input: readonly { Key: string; Value: string }[] | undefined): Tag[] {
  const tags = (input ?? []).map((t) => ({ Key: t.Key, Value: t.Value }));
  const seen = new Set<string>();
  for (const t of tags) {
    const k = t.Key.toLowerCase();
    if (seen.has(k)) throw new InvalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(k);
  }
  return tags;
}

export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const out = existing.map((t) => ({ ...t }));
  for (const t of added) {
    const i = out.findIndex((e) => e.Key.toLowerCase() === t.Key.toLowerCase());
    if (i >= 0) out[i] = { Key: t.Key, Value: t.Value };
    else out.push({ Key: t.Key, Value: t.Value });
  }
  if (out.length > MAX_TAGS) throw new LimitExceeded(`The number of tags has reached the maximum limit.`);
  return out;
}

export function removeTags(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !drop.has(t.Key.toLowerCase()));
}
