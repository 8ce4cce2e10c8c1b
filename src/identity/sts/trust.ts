// May the caller assume the role? The role's trust policy is the resource-based policy of
// sts:AssumeRole (and of sts:TagSession / sts:SetSourceIdentity when the request sets tags or a
// source identity); the caller's own policies are the identity side. The evaluator decides, as
// for any request: within one account a trust policy naming the caller (or its role) suffices,
// one naming only the account needs an identity Allow too; across accounts both are needed.
// Unlike other resources, a role is never reached by an identity Allow alone: the trust policy
// must admit the caller in every case, which a second question asks (the caller's side taken as
// allowed, the resource treated as another account's, aws:ResourceAccount kept true). Pure.
import { compilePolicy, evaluate, type CompiledPolicy, type ContextValue, type PolicySet, type RequestPrincipal } from '../policy/index.js';

export interface TrustQuestion {
  caller: RequestPrincipal;
  roleArn: string;
  roleAccount: string;
  trust: CompiledPolicy;
  /** The caller's identity policies, boundary and session policies. */
  callerSide: Omit<PolicySet, 'resource'>;
  /** The actions the request needs: sts:AssumeRole first. */
  actions: readonly string[];
  context: Readonly<Record<string, ContextValue>>;
}

const ANY_ACCOUNT = 'the-trust-policy-alone';
const CALLER_ALLOWED = compilePolicy({
  id: 'trust-check/caller', kind: 'identity', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }] },
});

/** The first action not allowed, or undefined when every one is. */
export function deniedTrustAction(q: TrustQuestion): string | undefined {
  const policies: PolicySet = { ...q.callerSide, resource: q.trust };
  const trustOnly: PolicySet = { identity: [CALLER_ALLOWED], resource: q.trust };
  return q.actions.find((action) => {
    const asked = { principal: q.caller, action, resource: q.roleArn, context: q.context };
    const allowed = evaluate({ ...asked, resourceAccount: q.roleAccount }, policies).decision === 'Allow';
    const admitted = evaluate({
      ...asked, resourceAccount: ANY_ACCOUNT, context: { ...q.context, 'aws:ResourceAccount': q.roleAccount },
    }, trustOnly).decision === 'Allow';
    return !(allowed && admitted);
  });
}

/** The condition keys an AssumeRole request sets. */
export function assumeRoleContext(input: {
  now: Date;
  region: string;
  roleSessionName: string;
  externalId?: string | undefined;
  sourceIdentity?: string | undefined;
  tags: readonly { Key: string; Value: string }[];
  transitiveTagKeys: readonly string[];
}): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {
    'aws:CurrentTime': input.now.toISOString(),
    'aws:EpochTime': Math.floor(input.now.getTime() / 1000),
    'aws:SecureTransport': false,
    'aws:RequestedRegion': input.region,
    'sts:RoleSessionName': input.roleSessionName,
  };
  if (input.externalId !== undefined) context['sts:ExternalId'] = input.externalId;
  if (input.sourceIdentity !== undefined) context['sts:SourceIdentity'] = input.sourceIdentity;
  if (input.tags.length > 0) context['aws:TagKeys'] = input.tags.map((t) => t.Key);
  for (const t of input.tags) context[`aws:RequestTag/${t.Key}`] = t.Value;
  if (input.transitiveTagKeys.length > 0) context['sts:TransitiveTagKeys'] = [...input.transitiveTagKeys];
  return context;
}
