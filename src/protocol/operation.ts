// An API operation: a zod schema for its input and a handler. Services group operations under
// the name the SigV4 scope and X-Amz-Target use.
import { z } from 'zod';
import type { Context } from './context.js';
import { InvalidParameterException, SerializationException, type WireError } from './errors.js';

/** An operation with its input type erased, so that a table can hold many; `operation()` keeps
 *  the handler's input tied to the schema that produced it. */
export interface Operation {
  input: z.ZodType;
  handler: (ctx: Context, input: unknown) => Promise<unknown>;
}

export function operation<S extends z.ZodType>(
  input: S,
  handler: (ctx: Context, input: z.output<S>) => Promise<unknown>,
): Operation {
  return { input, handler: (ctx, parsed) => handler(ctx, parsed as z.output<S>) };
}

export interface JsonService {
  /** The X-Amz-Target prefix, e.g. AmazonEC2ContainerServiceV20141113. */
  targetPrefix: string;
  /** The SigV4 signing name, e.g. ecs. */
  signingName: string;
  operations: Record<string, Operation>;
  /** Operations whose requests may be larger than the front door's default body limit, with
   *  their own limit in bytes (ECR's UploadLayerPart carries up to 20 MiB, base64 in JSON). */
  bodyLimits?: Record<string, number>;
}

export interface QueryService {
  signingName: string;
  xmlNamespace: string;
  operations: Record<string, Operation>;
  /** Validates an operation's flat parameters the service's own way (ELBv2 nests `X.member.N`
   *  and answers ValidationError); absent: `validate` answering InvalidParameterValue. */
  validateInput?: (schema: z.ZodType, params: Record<string, string>) => unknown;
}

/** Validates `raw` against `schema`, answering AWS's errors: a wrong type is a
 *  SerializationException, a missing or out-of-range value an InvalidParameterException. */
export function validate<I>(
  schema: z.ZodType<I>,
  raw: unknown,
  errors: { type: new (m: string) => WireError; value: new (m: string) => WireError } = {
    type: SerializationException,
    value: InvalidParameterException,
  },
): I {
  // zod 4 leaves the offending value out of its issues unless asked; the type check below needs it.
  const result = schema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new errors.value('Invalid request.');
  const path = issue.path.map(String).join('.');
  if (issue.code === 'invalid_type' && issue.input !== undefined && issue.input !== null) {
    throw new errors.type(`Unexpected value type for ${path || 'the request'}: expected ${issue.expected}.`);
  }
  if (issue.code === 'invalid_type') {
    throw new errors.value(`${path} can not be null.`);
  }
  if (issue.code === 'custom') throw new errors.value(issue.message);
  throw new errors.value(`Invalid value for ${path}: ${issue.message}`);
}
