// The evaluator's request for one requirement of one API call: who asks (from the verified
// Principal), what for (a permission table row's answer) and the facts of the request itself
// (source address, transport, time). Pure: the caller passes the clock's reading in.
import type { AuthorizationRequest, ContextValue, RequestPrincipal } from '../policy/index.js';
import { principalKind, type Principal } from '../principal.js';

/** One action the request needs, on its resources, with the condition keys its input sets. */
export interface Requirement {
  action: string;
  resources: readonly string[];
  conditions?: Readonly<Record<string, string | readonly string[]>>;
}

/** What the front door knows about the request, beside its signature. */
export interface RequestFacts {
  /** The caller's address as the socket saw it (IPv4-mapped IPv6 is given as IPv4). */
  sourceIp?: string | undefined;
  secureTransport: boolean;
  now: Date;
  /** The SigV4 scope's region: aws:RequestedRegion. */
  region?: string | undefined;
}

/** The request's own condition keys, built once per API call and shared by its requirements. */
export function factContext(facts: RequestFacts): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {
    'aws:CurrentTime': facts.now.toISOString(),
    // AWS gives aws:EpochTime in whole seconds.
    'aws:EpochTime': Math.floor(facts.now.getTime() / 1000),
    'aws:SecureTransport': facts.secureTransport,
  };
  const ip = facts.sourceIp?.startsWith('::ffff:') && facts.sourceIp.includes('.') ? facts.sourceIp.slice(7) : facts.sourceIp;
  if (ip) out['aws:SourceIp'] = ip;
  if (facts.region) out['aws:RequestedRegion'] = facts.region;
  return out;
}

/** The last segment of an IAM ARN's resource: a user's or role's name (paths come before it). */
export function nameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** A role session's role ARN: given, or derived from `arn:aws:sts::A:assumed-role/ROLE/SESSION`
 *  (without the role's path, which the session ARN does not carry). */
export function roleArnOf(p: Principal): string | undefined {
  if (p.roleArn) return p.roleArn;
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(p.arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : undefined;
}

/**
 * The evaluator's principal. The evaluator derives aws:PrincipalArn (the role's ARN for a role
 * session), aws:PrincipalAccount, aws:PrincipalType, aws:username (IAM users only, as AWS sets
 * it), aws:userid and aws:PrincipalTag/* from it.
 */
export function requestPrincipal(p: Principal, tags: Readonly<Record<string, string>>): RequestPrincipal {
  const kind = principalKind(p);
  const out: RequestPrincipal = { kind, arn: p.arn, accountId: p.accountId, userId: p.userId, tags };
  if (kind === 'user') out.userName = nameOf(p.arn);
  const roleArn = kind === 'assumed-role' ? roleArnOf(p) : undefined;
  if (roleArn) out.roleArn = roleArn;
  return out;
}

export function requestFor(
  principal: RequestPrincipal,
  facts: Readonly<Record<string, ContextValue>>,
  requirement: Requirement,
  resourceAccount?: string,
): AuthorizationRequest {
  const context = requirement.conditions ? { ...facts, ...requirement.conditions } : facts;
  const request: AuthorizationRequest = { principal, action: requirement.action, resource: requirement.resources, context };
  if (resourceAccount !== undefined) request.resourceAccount = resourceAccount;
  return request;
}
