// The rules between rules that a JSON Schema cannot say, checked on schema-valid policies:
// a tagged rule names its tags one way, patterns have at most four wildcards, priorities are
// unique, one rule at most selects untagged images, and an `any` rule comes last.
import { MAX_WILDCARDS, policyRefusal, reasons } from './messages.js';
import type { TagStatus } from './types.js';

/** What the checks need to know of one rule. */
export interface RuleFacts {
  readonly rulePriority: number;
  readonly tagStatus: TagStatus;
  readonly tagPrefixList?: readonly string[];
  readonly tagPatternList?: readonly string[];
}

export function checkRules(rules: readonly RuleFacts[]): void {
  for (const rule of rules) checkTagLists(rule);
  checkPriorities(rules);
}

function checkTagLists(rule: RuleFacts): void {
  const { tagStatus, tagPrefixList, tagPatternList } = rule;
  if (tagStatus !== 'tagged') {
    if (tagPrefixList || tagPatternList) throw policyRefusal(reasons.listNeedsTagged(tagStatus));
    return;
  }
  if (!tagPrefixList && !tagPatternList) throw policyRefusal(reasons.taggedNeedsList);
  if (tagPrefixList && tagPatternList) throw policyRefusal(reasons.bothLists);
  const crowded = (tagPatternList ?? []).find((pattern) => wildcards(pattern) > MAX_WILDCARDS);
  if (crowded !== undefined) throw policyRefusal(reasons.tooManyWildcards(crowded));
}

function wildcards(pattern: string): number {
  let count = 0;
  for (const ch of pattern) if (ch === '*') count += 1;
  return count;
}

function checkPriorities(rules: readonly RuleFacts[]): void {
  const seen = new Set<number>();
  for (const { rulePriority } of rules) {
    if (seen.has(rulePriority)) throw policyRefusal(reasons.duplicatePriority(rulePriority));
    seen.add(rulePriority);
  }
  if (rules.filter((rule) => rule.tagStatus === 'untagged').length > 1) throw policyRefusal(reasons.oneUntagged);
  const last = Math.max(...rules.map((rule) => rule.rulePriority));
  if (rules.some((rule) => rule.tagStatus === 'any' && rule.rulePriority !== last)) throw policyRefusal(reasons.anyLast);
}
