// ECR's answers to lifecycle policy text it refuses. All are InvalidParameterException.
// Confirmed from ECR's own answers quoted in public issue threads and logs:
//   - the two wrappers below, including the newline ECR puts after each schema message
//     (hashicorp/terraform-provider-aws#45909, cloudposse/terraform-aws-ecr#158);
//   - 'Member must have length greater than or equal to 100' on `lifecyclePolicyText`;
//   - 'Only one rule can select Untagged images per storage class.';
//   - 'Rule for tagStatus=ANY must have the lowest priority per storage class';
//   - 'Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED.';
//   - 'Could not map policyString into LifecyclePolicy.' (as moto reproduces it).
// The rest follow ECR's style but no public record of ECR's exact words was found.
import { InvalidParameterException } from '../../protocol/errors.js';

const PREFIX = "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: ";

export const MIN_POLICY_LENGTH = 100;
export const MAX_POLICY_LENGTH = 30720;
export const MAX_WILDCARDS = 4;

type Refusal = InstanceType<typeof InvalidParameterException>;

/** A model constraint on the request member (botocore: LifecyclePolicyText, min 100, max 30720). */
export function lengthRefusal(length: number): Refusal {
  const constraint = length < MIN_POLICY_LENGTH
    ? `greater than or equal to ${MIN_POLICY_LENGTH}`
    : `less than or equal to ${MAX_POLICY_LENGTH}`;
  return new InvalidParameterException(
    `Invalid parameter at 'lifecyclePolicyText' failed to satisfy constraint: 'Member must have length ${constraint}'`,
  );
}

/** Schema violations: each message followed by a newline, as ECR prints its validator's report. */
export function schemaRefusal(problems: readonly string[]): Refusal {
  return new InvalidParameterException(`${PREFIX}${problems.map((p) => `${p}\n`).join('')}'`);
}

/** A rule that is well-formed but breaks one of ECR's policy rules. */
export function policyRefusal(reason: string): Refusal {
  return new InvalidParameterException(`${PREFIX}${reason}'`);
}

export const reasons = {
  notMappable: 'Could not map policyString into LifecyclePolicy.',
  taggedNeedsList: 'Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED.',
  oneUntagged: 'Only one rule can select Untagged images per storage class.',
  anyLast: 'Rule for tagStatus=ANY must have the lowest priority per storage class',
  // Not confirmed word for word:
  bothLists: 'Cannot specify both tagPrefixList and tagPatternList in the same rule.',
  listNeedsTagged: (status: string) =>
    `tagPrefixList and tagPatternList can only be specified when tagStatus=TAGGED, found tagStatus=${status.toUpperCase()}.`,
  tooManyWildcards: (pattern: string) =>
    `Tag pattern '${pattern}' has more than ${MAX_WILDCARDS} wildcards (*).`,
  duplicatePriority: (priority: number) => `Duplicate rulePriority ${priority}. Each rule must have a unique rulePriority.`,
} as const;
