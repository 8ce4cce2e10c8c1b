// Input validation the Organizations way. The front door's validate() answers ECS's errors, so an
// operation's wire schema here accepts any object and parses it against the real schema itself,
// throwing Organizations' errors from inside the parse (zod lets a throw in a transform through):
// a value of the wrong JSON type is a SerializationException, a missing, too long, too short or
// badly formed one an InvalidInputException with its Reason.
import { z } from 'zod';
import { SerializationException } from '../../protocol/errors.js';
import { InvalidInput, type InvalidInputReason } from './errors.js';

/** A schema for the dispatch table whose output is `schema`'s, validated as Organizations does. */
export function orgInput<S extends z.ZodType>(schema: S): z.ZodType<z.output<S>> {
  return z.unknown().transform((raw) => parseOrThrow(schema, raw));
}

export function parseOrThrow<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue?.code === 'invalid_type' && issue.input !== undefined && issue.input !== null) {
    const path = issue.path.map(String).join('.');
    throw new SerializationException(`Unexpected value type for ${path || 'the request'}: expected ${issue.expected}.`);
  }
  throw new InvalidInput(issue ? reasonOf(issue) : 'INPUT_REQUIRED');
}

function reasonOf(issue: z.core.$ZodIssue): InvalidInputReason {
  switch (issue.code) {
    case 'invalid_type':
      return 'INPUT_REQUIRED';
    case 'too_small':
      return issue.origin === 'number' ? 'MIN_VALUE_EXCEEDED' : 'MIN_LENGTH_EXCEEDED';
    case 'too_big':
      return issue.origin === 'number' ? 'MAX_VALUE_EXCEEDED' : 'MAX_LENGTH_EXCEEDED';
    case 'invalid_value':
      return 'INVALID_ENUM';
    case 'custom': {
      const reason = issue.params?.reason;
      return typeof reason === 'string' && isReason(reason) ? reason : 'INVALID_PATTERN';
    }
    default:
      return 'INVALID_PATTERN';
  }
}

const REASONS: readonly string[] = ['DUPLICATE_TAG_KEY', 'INVALID_ROLE_NAME'];

function isReason(value: string): value is InvalidInputReason {
  return REASONS.includes(value);
}

/** MaxResults: 1 to 20 (botocore's model); absent: 20. */
export const maxResults = z.number().int().min(1).max(20).optional();
export const nextToken = z.string().max(100000).optional();
