// AWS's access-denied sentence: "User: ARN is not authorized to perform: ACTION on resource: ARN"
// followed by why, naming the type of policy that denied (IAM User Guide, "Troubleshoot access
// denied error messages"):
//   explicit: "with an explicit deny in an identity-based policy" (a resource-based policy,
//             a permissions boundary, a session policy)
//   implicit: "because no identity-based policy allows the ACTION action" (likewise)
import { evaluate, type AuthorizationRequest, type AuthorizationResult, type PolicySet, type PolicyType } from '../policy/index.js';

const TYPE_NAME: Record<PolicyType, string> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
};

function article(name: string): string {
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

function allows(request: AuthorizationRequest, policies: PolicySet): boolean {
  return evaluate(request, policies).decision === 'Allow';
}

/**
 * Which kind of policy failed to allow an implicitly denied request. Runs only on the denial path:
 * it asks the evaluator again with one kind of policy at a time, in AWS's order of evaluation.
 */
export function missingAllow(request: AuthorizationRequest, policies: PolicySet): PolicyType {
  // A root user's own side always holds (in its account it is allowed outright): what is
  // missing is the other account's resource policy.
  if (request.principal.kind === 'root') return 'resource';
  // The caller's own side is asked as if the resource were in its own account, where its
  // identity policies alone decide; across accounts the resource's policy is what it lacks.
  const own = request.principal.accountId === undefined ? request : { ...request, resourceAccount: request.principal.accountId };
  if (!allows(own, { identity: policies.identity ?? [] })) return 'identity';
  if (policies.permissionsBoundary && !allows(own, { identity: [policies.permissionsBoundary] })) return 'boundary';
  if (policies.session?.length && !allows(own, { identity: policies.session })) return 'session';
  // The caller's side allows: the resource's owner (another account) did not.
  return 'resource';
}

export function denialMessage(opts: { principalArn: string; action: string; resource: string; reason: PolicyType; explicit: boolean }): string {
  const head = `User: ${opts.principalArn} is not authorized to perform: ${opts.action} on resource: ${opts.resource}`;
  const type = TYPE_NAME[opts.reason];
  return opts.explicit ? `${head} with an explicit deny in ${article(type)}` : `${head} because no ${type} allows the ${opts.action} action`;
}

/** The type of policy a denial names. */
export function denialReason(result: AuthorizationResult, request: AuthorizationRequest, policies: PolicySet): PolicyType {
  return result.decision === 'ExplicitDeny' && result.statement ? result.statement.policyType : missingAllow(request, policies);
}
