// The IAM policy documents ECR keeps as repository and registry policies: checked for shape as
// ECR checks them (JSON, Version, Statement with Effect, Principal and ecr: actions; a repository
// policy names no Resource) and answered with ECR's one message. Pure. identity/policy evaluates
// the repository policies (see permissions.ts).
import { InvalidParameterException } from '../../protocol/errors.js';

export type PolicyScope = 'repository' | 'registry';

export const MAX_POLICY_LENGTH = 10240;
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const PRINCIPAL_KINDS = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);

export interface PolicyStatement {
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Condition?: unknown;
}

export function invalidPolicyMessage(scope: PolicyScope): string {
  return `Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid ${scope} policy provided'`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringList(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string')) return v as string[];
  return undefined;
}

function validPrincipal(v: unknown): boolean {
  if (v === '*') return true;
  if (!isObject(v) || Object.keys(v).length === 0) return false;
  return Object.entries(v).every(([kind, ids]) => PRINCIPAL_KINDS.has(kind) && (stringList(ids)?.every((id) => id.length > 0) ?? false));
}

function validActions(v: unknown): boolean {
  return stringList(v)?.every((a) => a === '*' || /^ecr:[A-Za-z*?]+$/.test(a)) ?? false;
}

function validStatement(s: unknown, scope: PolicyScope): s is PolicyStatement {
  if (!isObject(s) || !Object.keys(s).every((k) => STATEMENT_KEYS.has(k))) return false;
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return false;
  if (s.Sid !== undefined && typeof s.Sid !== 'string') return false;
  if ((s.Principal === undefined) === (s.NotPrincipal === undefined)) return false;
  if (!validPrincipal(s.Principal ?? s.NotPrincipal)) return false;
  if ((s.Action === undefined) === (s.NotAction === undefined)) return false;
  if (!validActions(s.Action ?? s.NotAction)) return false;
  if (s.Condition !== undefined && !isObject(s.Condition)) return false;
  const resource = s.Resource ?? s.NotResource;
  if (scope === 'repository') return resource === undefined;
  return resource === undefined || stringList(resource) !== undefined;
}

/** The policy's statements, or InvalidParameterException with ECR's message. */
export function parsePolicy(text: string, scope: PolicyScope): PolicyStatement[] {
  if (text.length > MAX_POLICY_LENGTH) {
    throw new InvalidParameterException(`Invalid parameter at 'policyText' failed to satisfy constraint: 'Member must have length less than or equal to ${MAX_POLICY_LENGTH}'`);
  }
  const invalid = new InvalidParameterException(invalidPolicyMessage(scope));
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw invalid;
  }
  if (!isObject(doc) || !Object.keys(doc).every((k) => k === 'Version' || k === 'Id' || k === 'Statement')) throw invalid;
  if (typeof doc.Version !== 'string' || !VERSIONS.has(doc.Version)) throw invalid;
  if (doc.Id !== undefined && typeof doc.Id !== 'string') throw invalid;
  const statements: unknown[] = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? [] : [doc.Statement];
  if (statements.length === 0 || !statements.every((s) => validStatement(s, scope))) throw invalid;
  return statements as PolicyStatement[];
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
}

/**
 * Whether the policy denies everyone ecr:SetRepositoryPolicy outright, so that nobody could
 * change it again: ECR asks for `force` to set such a policy.
 */
export function locksOut(statements: readonly PolicyStatement[]): boolean {
  return statements.some((s) => {
    if (s.Effect !== 'Deny' || s.Condition !== undefined || s.Action === undefined) return false;
    const everyone = s.Principal === '*' || (isObject(s.Principal) && stringList(s.Principal.AWS)?.includes('*') === true);
    return everyone && (stringList(s.Action) ?? []).some((a) => wildcard(a).test('ecr:SetRepositoryPolicy'));
  });
}
