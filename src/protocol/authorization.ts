// What an operation needs to be authorized, as data: the IAM action, the resource ARNs it acts on
// and the condition keys its input determines, as the AWS Service Authorization Reference gives
// them. One table per service sits beside its dispatch table; the policy evaluator
// (identity/policy) will take a row's answer as its request context. Nothing here knows a service.
import type { z } from 'zod';
import type { Reader } from '../state/store.js';
import type { Account } from './context.js';

/** Condition keys and their values, e.g. `{ 'ecs:cluster': 'arn:aws:ecs:...:cluster/prod' }`. */
export type ConditionValues = Record<string, string | string[]>;

/** What a row is asked about: the operation's parsed input and the account it runs in. */
export interface PermissionRequest<I = unknown> {
  input: I;
  account: Account;
  /** The caller's ARN: what an operation acts on when it names no one (IAM's GetUser, CreateAccessKey). */
  caller?: string;
}

/** The policy attached to a resource (a repository policy) as JSON text; undefined when it has none. */
export type ResourcePolicyLookup = (reader: Reader, resourceArn: string) => Promise<string | undefined>;

/** A further action the same request needs, e.g. ecs:TagResource when a create carries tags
 *  (the reference lists it as a dependent action of the create). */
export interface Requirement {
  action: string;
  resources: string[];
  conditions?: ConditionValues;
}

export interface PermissionRow {
  /** The IAM action, e.g. `ecs:RunTask`. */
  action: string;
  /** The ARNs the action acts on; `['*']` where the reference lists no resource type. */
  resources: (req: PermissionRequest) => string[];
  /** The service's condition keys (and aws:RequestTag/*, aws:TagKeys) the input determines. */
  conditions?: (req: PermissionRequest) => ConditionValues;
  /** Actions the reference says the request needs as well. */
  also?: (req: PermissionRequest) => Requirement[];
  /** AWS documents that the operation needs no permission (an explicit deny does not stop it). */
  unauthorized?: true;
  /** Where the resource-based policy of the row's one resource is found; absent: none applies. */
  resourcePolicy?: ResourcePolicyLookup;
  /** The action is decided in the caller's own account, whichever account the server is (ECR's
   *  GetAuthorizationToken: another account's user logs in with its own identity policies). */
  callerAccount?: true;
}

/** Rows keyed by operation name, exactly as the dispatch table keys them. */
export type PermissionTable = Record<string, PermissionRow>;

export interface TypedRow<I> {
  action: string;
  resources: (req: PermissionRequest<I>) => string[];
  conditions?: (req: PermissionRequest<I>) => ConditionValues;
  also?: (req: PermissionRequest<I>) => Requirement[];
  resourcePolicy?: ResourcePolicyLookup;
}

/**
 * A row whose functions read the input as `schema` types it, the way `operation()` ties a handler
 * to its schema. `schema` is the operation's input schema or a loose view of the members the row
 * reads; the input handed in is what the operation's own schema produced, so it is not parsed again.
 */
export function row<S extends z.ZodType>(_schema: S, typed: TypedRow<z.output<S>>): PermissionRow {
  const as = (req: PermissionRequest): PermissionRequest<z.output<S>> => ({ ...req, input: req.input as z.output<S> });
  const { conditions, also, resourcePolicy } = typed;
  return {
    action: typed.action,
    ...(resourcePolicy ? { resourcePolicy } : {}),
    resources: (req) => typed.resources(as(req)),
    ...(conditions ? { conditions: (req: PermissionRequest) => conditions(as(req)) } : {}),
    ...(also ? { also: (req: PermissionRequest) => also(as(req)) } : {}),
  };
}

/** A row for an action the reference gives no resource type: the resource is `*`. */
export function anyResource(action: string): PermissionRow {
  return { action, resources: () => ['*'] };
}

/** aws:RequestTag/KEY for each tag and aws:TagKeys, the keys the reference lists for tagging and
 *  tag-on-create; empty when the request carries no tags. */
export function requestTagConditions(tags: ReadonlyArray<{ key: string; value?: string | undefined }> | undefined): ConditionValues {
  if (!tags || tags.length === 0) return {};
  const out: ConditionValues = { 'aws:TagKeys': tags.map((t) => t.key) };
  for (const t of tags) out[`aws:RequestTag/${t.key}`] = t.value ?? '';
  return out;
}

/** aws:TagKeys alone, for untagging. */
export function tagKeyConditions(keys: readonly string[] | undefined): ConditionValues {
  return keys && keys.length > 0 ? { 'aws:TagKeys': [...keys] } : {};
}
