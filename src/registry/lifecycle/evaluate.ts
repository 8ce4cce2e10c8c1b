// evaluateLifecyclePolicy: which images a policy expires, with ECR's semantics ("Lifecycle policy
// evaluation rules" in the ECR User Guide):
//   - rules run from the lowest rulePriority up, and each image is expired by at most one rule;
//   - the first rule whose tag selection takes in an image decides its fate: a later rule never
//     expires it, whether or not the first one did;
//   - a rule still *counts* every image it selects, those claimed by earlier rules included
//     ("can still identify them as if they haven't been expired"): in the guide's last example
//     the `any` rule keeping one image expires image D, though only E, the newest, is kept and
//     E was claimed by an earlier rule;
//   - imageCountMoreThan N keeps the N most recently pushed selected images and expires the rest;
//     sinceImagePushed N days expires the selected images pushed more than N days before `now`.
// Pure: the clock is the `now` argument.
import { selects } from './match.js';
import type { Expiry, LifecycleImage, LifecyclePolicy, LifecycleSelection, PreviewSummary } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface EvaluationInput {
  readonly policy: LifecyclePolicy;
  readonly images: readonly LifecycleImage[];
  readonly now: Date;
}

/**
 * The images the policy expires, ordered as a preview lists them: by the rule that expires them,
 * then oldest push first (the order in which ECR expires), then by digest.
 */
export function evaluateLifecyclePolicy({ policy, images, now }: EvaluationInput): Expiry[] {
  const claimed = new Set<string>();
  const expiries: Expiry[] = [];
  const rules = [...policy.rules].sort((a, b) => a.rulePriority - b.rulePriority);
  for (const rule of rules) {
    const selected = images.filter((image) => selects(rule.selection, image));
    const doomed = new Set(wouldExpire(rule.selection, selected, now));
    for (const image of selected) {
      if (claimed.has(image.imageDigest)) continue;
      claimed.add(image.imageDigest);
      if (doomed.has(image)) expiries.push(toExpiry(image, rule.rulePriority));
    }
  }
  return expiries.sort(
    (a, b) =>
      a.appliedRulePriority - b.appliedRulePriority ||
      a.imagePushedAt.getTime() - b.imagePushedAt.getTime() ||
      compareText(a.imageDigest, b.imageDigest),
  );
}

export function previewSummary(results: readonly Expiry[]): PreviewSummary {
  return { expiringImageTotalCount: results.filter((result) => result.action.type === 'EXPIRE').length };
}

/** The selected images the rule's count criterion would expire, were no earlier rule to claim them. */
function wouldExpire(selection: LifecycleSelection, selected: readonly LifecycleImage[], now: Date): LifecycleImage[] {
  if (selection.countType === 'sinceImagePushed') {
    const cutoff = now.getTime() - selection.countNumber * DAY_MS;
    return selected.filter((image) => image.imagePushedAt.getTime() < cutoff);
  }
  return [...selected].sort(newestFirst).slice(selection.countNumber);
}

/** Most recently pushed first; images pushed at the same instant in a fixed (digest) order. */
function newestFirst(a: LifecycleImage, b: LifecycleImage): number {
  return b.imagePushedAt.getTime() - a.imagePushedAt.getTime() || compareText(a.imageDigest, b.imageDigest);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toExpiry(image: LifecycleImage, appliedRulePriority: number): Expiry {
  return {
    imageDigest: image.imageDigest,
    imageTags: [...image.imageTags],
    imagePushedAt: image.imagePushedAt,
    action: { type: 'EXPIRE' },
    appliedRulePriority,
  };
}
