// The decision: `evaluate(request, policies)`, pure, like Cedar's `is_authorized`. It follows
// AWS's "Policy evaluation logic" and "Cross-account policy evaluation logic":
//  1. an explicit Deny in any applicable policy (identity, resource, boundary, session) wins;
//  2. within one account
//     - the root user is allowed;
//     - a resource policy naming the caller itself (user ARN, role-session ARN, "*") allows,
//       whatever the boundary or session policies say;
//     - otherwise an Allow from an identity policy, or from a resource policy naming the
//       session's role, is needed, and the permissions boundary and session policies, when
//       present, must each allow too (the effective permissions are the intersection);
//  3. across accounts the caller's side (identity ∩ boundary ∩ session; everything for a root
//     user) and the resource policy (naming the caller, its role or its account) must both allow;
//  4. otherwise: ImplicitDeny.
// SCPs and RCPs are not evaluated: Wharf has no organization policies yet.
import { buildContext, lookupIn, type ContextMap } from './context.js';
import type { CompiledPolicy } from './grammar.js';
import { notPrincipalExcludes, principalStrength, type Strength } from './principal.js';
import { actionApplies, conditionsHold, resourceApplies, type CompiledStatement } from './statement.js';
import type { AuthorizationRequest, AuthorizationResult, PolicyType, RequestPrincipal, StatementRef } from './types.js';
import type { Lookup } from './variables.js';
import { arnParts } from './conditions/arn.js';

export interface PolicySet {
  /** Inline and managed policies of the user or role, and of the user's groups. */
  identity?: readonly CompiledPolicy[];
  /** The resource's own policy (a bucket policy, a repository policy, a role's trust policy). */
  resource?: CompiledPolicy;
  permissionsBoundary?: CompiledPolicy;
  /** Session policies passed to AssumeRole or GetFederationToken (inline and managed: any one allowing suffices among them). */
  session?: readonly CompiledPolicy[];
}

interface Scan {
  deny?: StatementRef;
  allow?: StatementRef;
}

interface Request {
  action: string;
  resource: string;
  context: ContextMap;
  lookup: Lookup;
  principal: RequestPrincipal;
  hasBoundary: boolean;
}

function ref(policy: CompiledPolicy, type: PolicyType, s: CompiledStatement): StatementRef {
  return s.sid === undefined ? { policyId: policy.id, policyType: type, index: s.index } : { policyId: policy.id, policyType: type, sid: s.sid, index: s.index };
}

function applies(s: CompiledStatement, r: Request): boolean {
  return actionApplies(s, r.action) && resourceApplies(s, r.resource, r.lookup) && conditionsHold(s, r.context, r.lookup);
}

/** First applicable Deny and first applicable Allow over identity-style policies. */
function scan(policies: readonly CompiledPolicy[], type: PolicyType, r: Request): Scan {
  const out: Scan = {};
  for (const policy of policies) {
    for (const s of policy.statements) {
      if (s.effect === 'Allow' ? out.allow !== undefined : out.deny !== undefined) continue;
      if (!applies(s, r)) continue;
      if (s.effect === 'Deny') return { ...out, deny: ref(policy, type, s) };
      out.allow = ref(policy, type, s);
    }
  }
  return out;
}

interface ResourceScan {
  deny?: StatementRef;
  allows: Partial<Record<Strength, StatementRef>>;
}

/**
 * How a resource-policy statement names the caller. NotPrincipal names everyone it does not
 * exclude; AWS documents that a Deny with NotPrincipal denies any caller with a permissions
 * boundary whatever it lists, so that quirk is kept.
 */
function strengthFor(s: CompiledStatement, r: Request): Strength | undefined {
  if (!s.principal) return undefined;
  if (!s.notPrincipal) return principalStrength(s.principal, r.principal);
  if (s.effect === 'Deny' && r.hasBoundary) return 'direct';
  return notPrincipalExcludes(s.principal, r.principal) ? undefined : 'direct';
}

function scanResource(policy: CompiledPolicy | undefined, r: Request): ResourceScan {
  const out: ResourceScan = { allows: {} };
  if (!policy) return out;
  for (const s of policy.statements) {
    const strength = strengthFor(s, r);
    if (strength === undefined || (s.effect === 'Allow' && out.allows[strength]) || !applies(s, r)) continue;
    if (s.effect === 'Deny') return { ...out, deny: ref(policy, 'resource', s) };
    out.allows[strength] = ref(policy, 'resource', s);
  }
  return out;
}

function ownerOf(resource: string, request: AuthorizationRequest): string | undefined {
  if (request.resourceAccount !== undefined) return request.resourceAccount;
  const account = arnParts(resource)?.[4];
  return account ? account : request.principal.accountId;
}

function decideOne(request: AuthorizationRequest, policies: PolicySet, resource: string, action: string): AuthorizationResult {
  const p = request.principal;
  const owner = ownerOf(resource, request);
  const context = buildContext(request, owner);
  const r: Request = { action, resource, context, lookup: lookupIn(context), principal: p, hasBoundary: policies.permissionsBoundary !== undefined };
  const identity = scan(policies.identity ?? [], 'identity', r);
  const res = scanResource(policies.resource, r);
  const boundary = policies.permissionsBoundary ? scan([policies.permissionsBoundary], 'boundary', r) : undefined;
  const session = policies.session?.length ? scan(policies.session, 'session', r) : undefined;

  const deny = identity.deny ?? res.deny ?? boundary?.deny ?? session?.deny;
  if (deny) return { decision: 'ExplicitDeny', statement: deny };

  const allow = (statement: StatementRef | undefined): AuthorizationResult => (statement ? { decision: 'Allow', statement } : { decision: 'Allow' });
  const implicit: AuthorizationResult = { decision: 'ImplicitDeny' };
  const resourceAllow = res.allows.direct ?? res.allows.role ?? res.allows.account;

  // Service principals, web-identity providers and anonymous callers have no identity policies:
  // only the resource policy can let them in.
  if (p.accountId === undefined) return resourceAllow ? allow(resourceAllow) : implicit;

  const narrowed = (boundary === undefined || boundary.allow !== undefined) && (session === undefined || session.allow !== undefined);
  if (p.accountId === owner) {
    if (p.kind === 'root') return allow(undefined);
    if (res.allows.direct) return allow(res.allows.direct);
    const grant = identity.allow ?? res.allows.role;
    return grant && narrowed ? allow(grant) : implicit;
  }
  const callerSide = p.kind === 'root' || (identity.allow !== undefined && narrowed);
  return callerSide && resourceAllow ? allow(resourceAllow) : implicit;
}

/** Decides one request against the caller's and the resource's policies. No I/O, no clock. */
export function evaluate(request: AuthorizationRequest, policies: PolicySet): AuthorizationResult {
  const action = request.action.toLowerCase();
  if (typeof request.resource === 'string') return decideOne(request, policies, request.resource, action);
  // Several resources: every one must be allowed; an explicit deny of any one wins over an implicit one.
  let implicit: AuthorizationResult | undefined;
  for (const resource of request.resource) {
    const result = decideOne(request, policies, resource, action);
    if (result.decision === 'ExplicitDeny') return { ...result, resource };
    if (result.decision === 'ImplicitDeny') implicit ??= { ...result, resource };
  }
  if (request.resource.length === 0) return { decision: 'ImplicitDeny' };
  return implicit ?? { decision: 'Allow' };
}
