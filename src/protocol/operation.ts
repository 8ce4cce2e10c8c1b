// An API operation: a zod schema for its input and a handler. Services group operations under
// the name the SigV4 scope and X-Amz-Target use.
import { z } from 'zod';
import { authorize, type PolicySource, type Requirement } from '../identity/authorize/index.js';
import type { Principal } from '../identity/principal.js';
import type { PermissionRequest, PermissionRow, PermissionTable } from './authorization.js';
import type { Context, Services } from './context.js';
import { InvalidParameterException, SerializationException, type WireError } from './errors.js';
import type { ApiRequest } from './reply.js';
import type { Reader } from '../state/store.js';

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
  /** What each operation needs to be authorized (one row per operation); absent: not authorized. */
  permissions?: PermissionTable;
}

export interface QueryService {
  signingName: string;
  xmlNamespace: string;
  operations: Record<string, Operation>;
  /** Validates an operation's flat parameters the service's own way (ELBv2 nests `X.member.N`
   *  and answers ValidationError); absent: `validate` answering InvalidParameterValue. */
  validateInput?: (schema: z.ZodType, params: Record<string, string>) => unknown;
  /** What each operation needs to be authorized (one row per operation); absent: not authorized. */
  permissions?: PermissionTable;
  /** Its resources live in the caller's own account (IAM: every account has its users and roles),
   *  so rows build ARNs in, and the authorizer takes as the resources' owner, the caller's account
   *  rather than the server's. */
  callerAccount?: boolean;
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

/**
 * A row's answer for one request. A request that names nothing (an empty list) is asked about
 * `*`, never about nothing. A row that cannot read an input (one the handler will refuse, such as
 * a missing required member) is asked about its action on `*` alone, the strictest question:
 * only a policy allowing the action on every resource lets it on to the handler's refusal.
 */
function requirementsOf(row: PermissionRow, asked: PermissionRequest, req: ApiRequest): Requirement[] {
  try {
    const resources = row.resources(asked);
    const main: Requirement = { action: row.action, resources: resources.length > 0 ? resources : ['*'] };
    const conditions = row.conditions?.(asked);
    if (conditions) main.conditions = conditions;
    return [main, ...(row.also?.(asked) ?? []).map((r) => (r.resources.length > 0 ? r : { ...r, resources: ['*'] }))];
  } catch (err) {
    req.log.warn({ err, action: row.action }, 'permission row could not read the input: asking about * alone');
    return [{ action: row.action, resources: ['*'] }];
  }
}

/**
 * The resource-based policy that applies to a call: the row's lookup, asked about the one
 * resource the row's action names (a call naming several resources, or `*`, has none).
 */
async function resourcePolicyOf(row: PermissionRow, requirements: readonly Requirement[], reader: Reader): Promise<{ id: string; text: string } | undefined> {
  const resources = requirements[0]?.resources ?? [];
  const arn = resources[0];
  if (!row.resourcePolicy || resources.length !== 1 || arn === undefined || arn === '*') return undefined;
  const text = await row.resourcePolicy(reader, arn);
  return text === undefined ? undefined : { id: arn, text };
}

export interface PermitOptions {
  permissions: PermissionTable | undefined;
  /** The service's resources live in the caller's account (QueryService.callerAccount). */
  callerAccount?: boolean;
  operation: string;
  /** The input as the operation's schema produced it. */
  input: unknown;
  principal: Principal;
  services: Services;
  source: PolicySource;
  req: ApiRequest;
  /** The SigV4 scope's region. */
  region: string;
  /** The protocol's errors: AccessDeniedException (JSON) or AccessDenied (Query), and its 500. */
  errors: { denied: new (m: string) => WireError; internal: new (m: string) => WireError };
}

/**
 * Authorizes an operation before its handler runs, from its permission table row: the row's
 * action on its resources with its condition keys, then each `also` requirement. A service with a
 * table but no row for the operation fails closed (a 500, logged): a missing row is a bug, never
 * an allow. Rows marked `unauthorized` are what AWS lets anyone do.
 */
export async function permit(opts: PermitOptions): Promise<void> {
  const { permissions, operation: name, req } = opts;
  if (!permissions) return;
  const row = Object.hasOwn(permissions, name) ? permissions[name] : undefined;
  if (!row) {
    req.log.error({ operation: name }, 'no permission row for the operation: refused');
    throw new opts.errors.internal('An internal error occurred.');
  }
  if (row.unauthorized) return;
  const account = opts.callerAccount ? { accountId: opts.principal.accountId, region: opts.services.account.region } : opts.services.account;
  const requirements = requirementsOf(row, { input: opts.input, account, caller: opts.principal.arn }, req);
  const resourcePolicy = await resourcePolicyOf(row, requirements, opts.services.store);
  const verdict = await authorize({
    reader: opts.source,
    principal: opts.principal,
    requirements,
    ...(resourcePolicy ? { resourcePolicyDocument: resourcePolicy } : {}),
    facts: { sourceIp: req.sourceIp, secureTransport: req.secure === true, now: opts.services.clock(), region: opts.region },
    // Handlers act on the resources of the account the request runs in; an ARN naming another
    // account names nothing here, and the handler answers so (as it did before authorization).
    resourceAccount: row.callerAccount ? opts.principal.accountId : account.accountId,
  });
  if (verdict.allowed) return;
  const { denial } = verdict;
  req.log.warn({ principal: opts.principal.arn, action: denial.action, resource: denial.resource, decision: denial.decision, statement: denial.statement }, 'access denied');
  throw new opts.errors.denied(denial.message);
}
