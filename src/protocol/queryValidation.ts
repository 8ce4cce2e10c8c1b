// The AWS Query input check ELBv2 and IAM share: nest the flat parameters, validate them against
// the operation's schema, and answer a failure as those services do, a ValidationError naming the
// value, the member (`defaultActions.1.member.type`, `userName`) and the constraint it broke.
import type { z } from 'zod';
import { ValidationError } from './errors.js';
import { nestQueryParams } from './queryParams.js';

type Issue = z.core.$ZodIssue;

export interface QueryValidation {
  /** How a pattern failure names its pattern (default: the regex zod checked). IAM's schemas carry
   *  the pattern as botocore prints it in the issue's message. */
  pattern?: (issue: z.core.$ZodIssueInvalidStringFormat) => string;
}

export function validateQueryInput(schema: z.ZodType, params: Record<string, string>, opts: QueryValidation = {}): unknown {
  const result = schema.safeParse(nestQueryParams(params), { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new ValidationError('Invalid request.');
  if (issue.code === 'custom') throw new ValidationError(issue.message);
  throw new ValidationError(`1 validation error detected: ${describeValue(issue.input)} at '${wirePath(issue.path)}' ` +
    `failed to satisfy constraint: ${constraint(issue, opts)}`);
}

/** `['DefaultActions', 0, 'Type']` -> `defaultActions.1.member.type`, as ELB names a member. */
function wirePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `${p + 1}.member` : lowerFirst(String(p)))).join('.');
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function describeValue(input: unknown): string {
  if (input === undefined || input === null) return 'Value null';
  if (typeof input === 'object') return `Value '${JSON.stringify(input)}'`;
  return `Value '${String(input)}'`;
}

function constraint(issue: Issue, opts: QueryValidation): string {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'number'
        ? `Member must have value greater than or equal to ${String(issue.minimum)}`
        : `Member must have length greater than or equal to ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'number'
        ? `Member must have value less than or equal to ${String(issue.maximum)}`
        : `Member must have length less than or equal to ${String(issue.maximum)}`;
    case 'invalid_value':
      return `Member must satisfy enum value set: [${issue.values.map(String).join(', ')}]`;
    case 'invalid_format':
      if (opts.pattern) return `Member must satisfy regular expression pattern: ${opts.pattern(issue)}`;
      return issue.format === 'regex' && 'pattern' in issue
        ? `Member must satisfy regular expression pattern: ${String(issue.pattern)}`
        : `Member must be a valid ${issue.format}`;
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? 'Member must not be null' : `Member must be of type ${issue.expected}`;
    default:
      return issue.message;
  }
}
