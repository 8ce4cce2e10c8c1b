// The Principal / NotPrincipal element of a resource-based policy, and how strongly it names the
// caller. The strength matters to the decision: within one account a statement naming the caller
// itself (its user ARN, its role-session ARN, or "*") grants on its own; one naming the session's
// role is limited by the permissions boundary and session policies; one naming only the account
// delegates to the account's identity-based policies (it grants nothing by itself in that
// account, but it is how another account is let in).
import { malformed, messages } from './errors.js';
import type { RequestPrincipal } from './types.js';

export type Strength = 'direct' | 'role' | 'account';

export interface PrincipalMatcher {
  everyone: boolean;
  accounts: ReadonlySet<string>;
  arns: ReadonlySet<string>;
  services: ReadonlySet<string>;
  federated: ReadonlySet<string>;
}

const ACCOUNT = /^\d{12}$/;
const ROOT = /^arn:aws[\w-]*:iam::(\d{12}):root$/;
const IDENTITY = /^arn:aws[\w-]*:(iam::\d{12}:(user|role)\/.+|sts::\d{12}:(assumed-role\/[^/]+\/.+|federated-user\/.+))$/;

function list(raw: unknown): string[] {
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length === 0 || values.some((v) => typeof v !== 'string')) throw malformed(messages.syntax);
  return values as string[];
}

export function compilePrincipal(raw: unknown): PrincipalMatcher {
  const m = { everyone: false, accounts: new Set<string>(), arns: new Set<string>(), services: new Set<string>(), federated: new Set<string>() };
  if (raw === '*') return { ...m, everyone: true };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw malformed(messages.syntax);
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0) throw malformed(messages.missingPrincipal);
  for (const [type, values] of entries) {
    for (const value of list(values)) {
      if (type === 'AWS') {
        const root = ROOT.exec(value);
        if (value === '*') m.everyone = true;
        else if (ACCOUNT.test(value)) m.accounts.add(value);
        else if (root) m.accounts.add(root[1] ?? '');
        else if (IDENTITY.test(value)) m.arns.add(value);
        else throw malformed(messages.principal(type, value));
      } else if (type === 'Service') m.services.add(value);
      else if (type === 'Federated') m.federated.add(value);
      // S3's canonical user ids are accepted so such documents compile; Wharf has no such callers.
      else if (type !== 'CanonicalUser') throw malformed(messages.syntax);
    }
  }
  return m;
}

/** The strongest way the element names the caller, or undefined when it does not. */
export function principalStrength(m: PrincipalMatcher, p: RequestPrincipal): Strength | undefined {
  if (m.everyone) return 'direct';
  switch (p.kind) {
    case 'service':
      return m.services.has(p.arn) ? 'direct' : undefined;
    case 'federated':
      return m.federated.has(p.arn) ? 'direct' : undefined;
    case 'anonymous':
      return undefined;
    case 'root':
      // The root user is its account: naming the account names it.
      return p.accountId !== undefined && m.accounts.has(p.accountId) ? 'direct' : undefined;
    default:
      if (m.arns.has(p.arn)) return 'direct';
      if (p.kind === 'assumed-role' && p.roleArn !== undefined && m.arns.has(p.roleArn)) return 'role';
      if (p.kind === 'federated-user' && p.sourceUserArn !== undefined && m.arns.has(p.sourceUserArn)) return 'role';
      return p.accountId !== undefined && m.accounts.has(p.accountId) ? 'account' : undefined;
  }
}

/**
 * NotPrincipal leaves a caller out only when it names every identity the caller stands for:
 * AWS's NotPrincipal examples list the account and the user, or the account, the role and the
 * session, because each of them is checked against the statement.
 */
export function notPrincipalExcludes(m: PrincipalMatcher, p: RequestPrincipal): boolean {
  if (m.everyone) return true;
  const account = p.accountId !== undefined && m.accounts.has(p.accountId);
  switch (p.kind) {
    case 'service':
      return m.services.has(p.arn);
    case 'federated':
      return m.federated.has(p.arn);
    case 'anonymous':
      return false;
    case 'root':
      return account;
    case 'assumed-role':
      return account && p.roleArn !== undefined && m.arns.has(p.roleArn) && m.arns.has(p.arn);
    default:
      return account && m.arns.has(p.arn);
  }
}
