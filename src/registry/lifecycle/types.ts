// The shapes of an ECR lifecycle policy once parsed, of the images it is evaluated against, and of
// what the evaluation returns (GetLifecyclePolicyPreview's `previewResults` items).

export type TagStatus = 'tagged' | 'untagged' | 'any';

/** Which images a rule looks at. A tagged rule has exactly one of the two lists. */
export type TagSelection =
  | { readonly tagStatus: 'untagged' }
  | { readonly tagStatus: 'any' }
  | { readonly tagStatus: 'tagged'; readonly tagPrefixList: readonly string[] }
  | { readonly tagStatus: 'tagged'; readonly tagPatternList: readonly string[] };

/** Which of the selected images the rule expires. */
export type CountSelection =
  | { readonly countType: 'imageCountMoreThan'; readonly countNumber: number }
  | { readonly countType: 'sinceImagePushed'; readonly countUnit: 'days'; readonly countNumber: number };

export type LifecycleSelection = TagSelection & CountSelection;

export interface LifecycleRule {
  readonly rulePriority: number;
  readonly description?: string;
  readonly selection: LifecycleSelection;
  readonly action: { readonly type: 'expire' };
}

/** A validated policy; `rules` are sorted by `rulePriority`, lowest (evaluated first) first. */
export interface LifecyclePolicy {
  readonly rules: readonly LifecycleRule[];
}

/** An image of the repository as the evaluator sees it (one manifest, with its tags). */
export interface LifecycleImage {
  readonly imageDigest: string;
  readonly imageTags: readonly string[];
  readonly imagePushedAt: Date;
}

/** One image a policy expires: ECR's `LifecyclePolicyPreviewResult`. */
export interface Expiry {
  readonly imageDigest: string;
  readonly imageTags: string[];
  readonly imagePushedAt: Date;
  readonly action: { readonly type: 'EXPIRE' };
  readonly appliedRulePriority: number;
}

/** ECR's `LifecyclePolicyPreviewSummary`. */
export interface PreviewSummary {
  readonly expiringImageTotalCount: number;
}
