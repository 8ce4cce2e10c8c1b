// STS's input check: nest the flat Query parameters, validate them against the operation's schema
// and answer a failure as STS does, a ValidationError naming the value, where it was and the
// constraint it broke.
import type { z } from 'zod';
import { ValidationError } from '../../protocol/errors.js';
import { nestQueryParams } from '../../protocol/queryParams.js';

type Issue = z.core.$ZodIssue;

export function validateStsInput(schema: z.ZodType, params: Record<string, string>): unknown {
  const result = schema.safeParse(nestQueryParams(params), { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new ValidationError('Invalid request.');
  if (issue.code === 'custom') throw new ValidationError(issue.message);
  const value = issue.input === undefined || issue.input === null ? 'Value null' : `Value '${typeof issue.input === 'object' ? JSON.stringify(issue.input) : String(issue.input)}'`;
  throw new ValidationError(`1 validation error detected: ${value} at '${wirePath(issue.path)}' failed to satisfy constraint: ${constraint(issue)}`);
}

/** `['Tags', 0, 'Key']` -> `tags.1.member.key`, as STS names a member. */
function wirePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `${p + 1}.member` : String(p).charAt(0).toLowerCase() + String(p).slice(1))).join('.');
}

function constraint(issue: Issue): string {
  const what = 'origin' in issue && issue.origin === 'number' ? 'value' : 'length';
  switch (issue.code) {
    case 'too_small':
      return `Member must have ${what} greater than or equal to ${String(issue.minimum)}`;
    case 'too_big':
      return `Member must have ${what} less than or equal to ${String(issue.maximum)}`;
    case 'invalid_format':
      return 'pattern' in issue ? `Member must satisfy regular expression pattern: ${String(issue.pattern).replace(/^\/\^?|\$?\/[a-z]*$/g, '')}` : issue.message;
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? 'Member must not be null' : `Member must be of type ${issue.expected}`;
    default:
      return issue.message;
  }
}
