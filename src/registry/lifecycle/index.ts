// ECR lifecycle policies, free of I/O: parse and validate policy text, evaluate a policy against
// a repository's images. PutLifecyclePolicy, StartLifecyclePolicyPreview and the scheduled runner
// call these; they own storage and time.
export { parseLifecyclePolicy } from './parse.js';
export { evaluateLifecyclePolicy, previewSummary, type EvaluationInput } from './evaluate.js';
export { matchesPattern, selects } from './match.js';
export { MAX_POLICY_LENGTH, MIN_POLICY_LENGTH } from './messages.js';
export type {
  CountSelection, Expiry, LifecycleImage, LifecyclePolicy, LifecycleRule, LifecycleSelection,
  PreviewSummary, TagSelection, TagStatus,
} from './types.js';
