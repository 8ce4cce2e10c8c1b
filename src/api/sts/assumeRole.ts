// AssumeRole: the caller (never a root user) gets temporary credentials for a role whose trust
// policy lets it in, for as long as the role allows, narrowed by session policies and tagged with
// session tags. A role that does not exist is answered like one that does not trust the caller.
import { compilePolicy, MalformedPolicyDocumentError, type CompiledPolicy } from '../../identity/policy/index.js';
import { createPolicySource } from '../../identity/authorize/index.js';
import { IAM_ROLES, iamKey, type RoleRecord } from '../../identity/iam/model.js';
import { managedPolicyDocument } from '../../identity/iam/policiesOf.js';
import { principalKind, type Principal } from '../../identity/principal.js';
import { assumeRoleDuration } from '../../identity/sts/durations.js';
import { packedPolicyMessage, packedPolicySize } from '../../identity/sts/packedSize.js';
import { requestPrincipalOf } from '../../identity/sts/requestPrincipal.js';
import { issueSession } from '../../identity/sts/sessions.js';
import { assumeRoleContext, deniedTrustAction } from '../../identity/sts/trust.js';
import type { Context } from '../../protocol/context.js';
import { AccessDenied, InvalidParameterValue, MalformedPolicyDocument, PackedPolicyTooLarge, ValidationError } from '../../protocol/errors.js';
import { operation } from '../../protocol/operation.js';
import { credentialsOut } from './credentials.js';
import { assumeRoleInput, type AssumeRoleInput } from './schema.js';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]{1,64})$/;

export function notAuthorized(caller: Principal, action: string, resource: string): InstanceType<typeof AccessDenied> {
  return new AccessDenied(`User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resource}`);
}

/** The session policies as documents: the inline one (checked as IAM checks it) and the managed ones by ARN. */
async function sessionPolicies(ctx: Context, input: AssumeRoleInput): Promise<string[]> {
  const docs: string[] = [];
  if (input.Policy !== undefined) {
    try {
      compilePolicy({ id: 'session/inline', kind: 'identity', document: input.Policy });
    } catch (err) {
      if (err instanceof MalformedPolicyDocumentError) throw new MalformedPolicyDocument(err.message);
      throw err;
    }
    docs.push(input.Policy);
  }
  for (const { arn } of input.PolicyArns ?? []) {
    const doc = (await managedPolicyDocument(ctx.store, arn))?.document;
    if (doc === undefined) throw new InvalidParameterValue(`Policy ${arn} does not exist or is not attachable.`);
    docs.push(doc);
  }
  return docs;
}

function checkTags(tags: readonly { Key: string }[]): void {
  const keys = new Set(tags.map((t) => t.Key.toLowerCase()));
  if (keys.size !== tags.length) throw new InvalidParameterValue('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
}

export const assumeRole = operation(assumeRoleInput, async (ctx, input) => {
  const caller = ctx.principal;
  if (principalKind(caller) === 'root') throw new AccessDenied('Roles may not be assumed by root accounts.');
  const m = ROLE_ARN.exec(input.RoleArn);
  if (!m?.[1] || !m[3]) throw new ValidationError(`${input.RoleArn} is invalid`);
  const [roleAccount, roleName] = [m[1], m[3]];
  const tags = input.Tags ?? [];
  checkTags(tags);
  const policies = await sessionPolicies(ctx, input);
  const packed = packedPolicySize({ policy: input.Policy, policyArns: (input.PolicyArns ?? []).map((p) => p.arn), tags });
  if (packed > 100) throw new PackedPolicyTooLarge(packedPolicyMessage(packed));

  const role = await ctx.store.get<RoleRecord>(IAM_ROLES, iamKey(roleAccount, roleName));
  let trust: CompiledPolicy | undefined;
  try {
    trust = role && role.arn === input.RoleArn ? compilePolicy({ id: `${role.arn}/trust`, kind: 'trust', document: role.assumeRolePolicyDocument }) : undefined;
  } catch {
    trust = undefined;
  }
  if (!role || !trust) throw notAuthorized(caller, 'sts:AssumeRole', input.RoleArn);
  // The caller's side as the front door's authorizer gathers it (identity policies, boundary, session policies).
  const callerSide = await createPolicySource({ store: ctx.store }).policiesOf(caller);
  const actions = ['sts:AssumeRole', ...(tags.length > 0 ? ['sts:TagSession'] : []), ...(input.SourceIdentity ? ['sts:SetSourceIdentity'] : [])];
  const now = ctx.clock();
  const denied = deniedTrustAction({
    caller: requestPrincipalOf(caller, callerSide.tags),
    roleArn: role.arn,
    roleAccount,
    trust,
    callerSide: callerSide.policies,
    actions,
    context: assumeRoleContext({
      now, region: ctx.account.region, roleSessionName: input.RoleSessionName, externalId: input.ExternalId,
      sourceIdentity: input.SourceIdentity, tags, transitiveTagKeys: input.TransitiveTagKeys ?? [],
    }),
  });
  if (denied) {
    ctx.log.info({ principal: caller.arn, action: denied, resource: role.arn }, 'AssumeRole denied by trust policy');
    throw notAuthorized(caller, denied, role.arn);
  }
  const duration = assumeRoleDuration(caller, input.DurationSeconds, role.maxSessionDuration);
  if (!duration.ok) throw new ValidationError(duration.message);

  const sessionArn = `arn:aws:sts::${roleAccount}:assumed-role/${role.name}/${input.RoleSessionName}`;
  const assumedRoleId = `${role.id}:${input.RoleSessionName}`;
  const principal: Principal = {
    arn: sessionArn, userId: assumedRoleId, accountId: roleAccount, kind: 'assumed-role', roleArn: role.arn,
    ...(policies.length > 0 ? { sessionPolicies: policies } : {}),
    ...(tags.length > 0 ? { sessionTags: tags.map((t) => ({ Key: t.Key, Value: t.Value })) } : {}),
  };
  const issued = await issueSession({
    store: ctx.store, ids: ctx.ids, now: now.getTime(), principal, durationSeconds: duration.seconds, issuedBy: 'AssumeRole',
  });
  const narrowed = policies.length > 0 || tags.length > 0;
  return {
    Credentials: credentialsOut(issued),
    AssumedRoleUser: { AssumedRoleId: assumedRoleId, Arn: sessionArn },
    ...(narrowed ? { PackedPolicySize: packed } : {}),
    ...(input.SourceIdentity ? { SourceIdentity: input.SourceIdentity } : {}),
  };
});
