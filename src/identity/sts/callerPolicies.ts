// The caller's side of a trust decision: its identity policies and boundary as IAM's records give
// them (identity/iam/policiesOf.ts, AWS managed policies included), compiled, plus a role
// session's own session policies. A stored document that no longer compiles is left out of the
// grants; a boundary or session policy that does not compile allows nothing (both only narrow).
import { identityPolicies, managedPolicyDocument as managedDocument } from '../iam/policiesOf.js';
import { compilePolicy, type CompiledPolicy, type PolicySet } from '../policy/index.js';
import type { Principal } from '../principal.js';
import type { Reader } from '../../state/store.js';

export interface CallerSide {
  policies: Omit<PolicySet, 'resource'>;
  /** aws:PrincipalTag: the user's or role's tags (a session's tags win over the role's). */
  tags: Record<string, string>;
}

const ALLOWS_NOTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: '*', Resource: '*' }] };

function compiled(id: string, document: string): CompiledPolicy | undefined {
  try {
    return compilePolicy({ id, kind: 'identity', document });
  } catch {
    return undefined;
  }
}

function narrowing(id: string, document: string): CompiledPolicy {
  return compiled(id, document) ?? compilePolicy({ id, kind: 'identity', document: ALLOWS_NOTHING });
}

/** A managed policy's default version (customer managed or AWS managed), by ARN. */
export async function managedPolicyDocument(store: Reader, arn: string): Promise<string | undefined> {
  return (await managedDocument(store, arn))?.document;
}

export async function readCallerSide(store: Reader, p: Principal): Promise<CallerSide> {
  const found = await identityPolicies(store, p);
  const identity = found.identity.flatMap((d) => compiled(d.id, d.document) ?? []);
  const session = (p.sessionPolicies ?? []).map((doc, i) => narrowing(`${p.arn}/session/${i + 1}`, doc));
  return {
    policies: {
      identity,
      ...(found.boundary ? { permissionsBoundary: narrowing(found.boundary.id, found.boundary.document) } : {}),
      ...(session.length > 0 ? { session } : {}),
    },
    tags: found.tags,
  };
}
