// Authorizes an API call: every requirement of it (the table row's action and the `also` ones)
// must be allowed for the calling principal. The principal's policies are gathered once per call;
// each decision is the pure evaluator's. A root user of the resource's account is allowed by the
// evaluator itself, so nothing here treats the administrator specially beyond reading no records.
import { compilePolicy, evaluate, type AuthorizationResult, type CompiledPolicy, type PolicySet, type StatementRef } from '../policy/index.js';
import { principalKind, type Principal } from '../principal.js';
import { denialMessage, denialReason } from './message.js';
import { factContext, requestFor, requestPrincipal, type RequestFacts, type Requirement } from './request.js';
import type { PolicySource } from './source.js';

export interface AuthorizeOptions {
  reader: PolicySource;
  principal: Principal;
  /** The row's action first, then what it says the request needs as well. */
  requirements: readonly Requirement[];
  facts: RequestFacts;
  /** The policy of the resource acted on (a repository policy), when it has one. */
  resourcePolicy?: CompiledPolicy;
  /** The same as a document attached to the resource `id` (no Resource element), compiled
   *  through the reader's cache; a malformed one throws, so the call fails closed. */
  resourcePolicyDocument?: { id: string; text: string };
  /** The account that owns the resources; by default each ARN's account field. */
  resourceAccount?: string;
}

/** Why a call was refused, for the wire error and the log line. */
export interface Denial {
  action: string;
  resource: string;
  decision: 'ExplicitDeny' | 'ImplicitDeny';
  /** The deny that matched; absent for an implicit deny. */
  statement?: StatementRef;
  /** AWS's sentence, as the AccessDenied errors carry it. */
  message: string;
}

export type Verdict = { allowed: true } | { allowed: false; denial: Denial };

const ALLOWED: Verdict = { allowed: true };

/** A policy attached to its resource, which names no Resource (as a role's trust policy). */
function attachedPolicy(reader: PolicySource, id: string, text: string): CompiledPolicy {
  return reader.attachedPolicy ? reader.attachedPolicy(id, text) : compilePolicy({ id, kind: 'trust', document: text });
}

/** Decides a call. An empty `requirements` allows nothing: a row always names its action. */
export async function authorize(opts: AuthorizeOptions): Promise<Verdict> {
  const { principal, requirements } = opts;
  if (requirements.length === 0) throw new Error('authorize: no requirement to decide');
  const gathered = await opts.reader.policiesOf(principal);
  // The owning account's root is not bound by its resources' policies: a repository policy that
  // denies everyone can still be replaced, and the administrator stays all-powerful.
  const ownerRoot = principalKind(principal) === 'root' && opts.resourceAccount !== undefined && principal.accountId === opts.resourceAccount;
  const document = ownerRoot ? undefined : opts.resourcePolicyDocument;
  const resourcePolicy = ownerRoot ? undefined : opts.resourcePolicy ?? (document ? attachedPolicy(opts.reader, document.id, document.text) : undefined);
  const policies: PolicySet = resourcePolicy ? { ...gathered.policies, resource: resourcePolicy } : gathered.policies;
  const who = requestPrincipal(principal, gathered.tags);
  const facts = factContext(opts.facts);
  for (const requirement of requirements) {
    const request = requestFor(who, facts, requirement, opts.resourceAccount);
    const result: AuthorizationResult = evaluate(request, policies);
    if (result.decision === 'Allow') continue;
    const resource = result.resource ?? requirement.resources[0] ?? '*';
    const reason = denialReason(result, { ...request, resource }, policies);
    const message = denialMessage({ principalArn: principal.arn, action: requirement.action, resource, reason, explicit: result.decision === 'ExplicitDeny' });
    const denial: Denial = { action: requirement.action, resource, decision: result.decision, message };
    if (result.statement) denial.statement = result.statement;
    return { allowed: false, denial };
  }
  return ALLOWED;
}
