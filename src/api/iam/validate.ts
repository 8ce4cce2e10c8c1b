// IAM's input check: nest the flat Query parameters, validate them against the operation's
// schema, and answer a failure as IAM does: a ValidationError naming the value, the member
// (`userName`, `tags.1.member.key`) and the constraint it broke.
import type { z } from 'zod';
import { ValidationError } from '../../protocol/errors.js';
import { nestQueryParams } from '../../protocol/queryParams.js';

type Issue = z.core.$ZodIssue;

export function validateIamInput(schema: z.ZodType, params: Record<string, string>): unknown {
  const result = schema.safeParse(nestQueryParams(params), { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new ValidationError('Invalid request.');
  if (issue.code === 'custom') throw new ValidationError(issue.message);
  throw new ValidationError(`1 validation error detected: ${describeValue(issue.input)} at '${wirePath(issue.path)}' ` +
    `failed to satisfy constraint: ${constraint(issue)}`);
}

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

function constraint(issue: Issue): string {
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
      return `Member must satisfy regular expression pattern: ${issue.message}`;
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? 'Member must not be null' : `Member must be of type ${issue.expected}`;
    default:
      return issue.message;
  }
}
