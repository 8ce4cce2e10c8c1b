// SimulatePrincipalPolicy and SimulateCustomPolicy, answered by the same pure evaluator that
// enforces (identity/policy's `evaluate`) over the same documents (identity/iam's
// identityPolicies for a user or role; a group's own). One result per action and resource.
import { z } from 'zod';
import { identityPolicies, managedPolicyDocument, type PolicyDocument } from '../../identity/iam/policiesOf.js';
import {
  compilePolicy,
  evaluate,
  MalformedPolicyDocumentError,
  type CompiledPolicy,
  type ContextValue,
  type PolicySet,
  type RequestPrincipal,
} from '../../identity/policy/index.js';
import type { Context } from '../../protocol/context.js';
import { InvalidInput, MalformedPolicyDocument, NoSuchEntity } from '../../protocol/errors.js';
import { operation } from '../../protocol/operation.js';
import { pageOf } from './paging.js';
import { accountOf, requireGroup, requireRole, requireUser } from './repo.js';
import { list } from '../../protocol/querySchema.js';
import { arn, paging, policyDocument, text } from './schema.js';

const contextEntry = z.object({
  ContextKeyName: text(5, 256),
  ContextKeyValues: list(z.string()).optional(),
  ContextKeyType: z.enum(['string', 'stringList', 'numeric', 'numericList', 'boolean', 'booleanList', 'ip', 'ipList', 'binary', 'binaryList', 'date', 'dateList']).optional(),
});

const common = {
  PolicyInputList: list(policyDocument).optional(),
  PermissionsBoundaryPolicyInputList: list(policyDocument).optional(),
  ActionNames: list(text(3, 128)),
  ResourceArns: list(text(1, 2048)).optional(),
  ResourcePolicy: policyDocument.optional(),
  ResourceOwner: text(1, 2048).optional(),
  CallerArn: text(1, 2048).optional(),
  ContextEntries: list(contextEntry).optional(),
  ResourceHandlingOption: text(1, 64).optional(),
  ...paging,
};
type Common = z.output<z.ZodObject<typeof common>>;

function compile(id: string, document: string, kind: 'identity' | 'resource'): CompiledPolicy {
  try {
    return compilePolicy({ id, kind, document });
  } catch (err) {
    if (err instanceof MalformedPolicyDocumentError) throw new MalformedPolicyDocument(err.message);
    throw err;
  }
}

function contextOf(ctx: Context, entries: Common['ContextEntries']): Record<string, ContextValue> {
  const now = ctx.clock();
  const out: Record<string, ContextValue> = { 'aws:CurrentTime': now.toISOString(), 'aws:EpochTime': Math.floor(now.getTime() / 1000) };
  for (const e of entries ?? []) {
    const type = e.ContextKeyType ?? 'string';
    const values = (e.ContextKeyValues ?? []).map((v): string | number | boolean =>
      type.startsWith('numeric') ? Number(v) : type.startsWith('boolean') ? v === 'true' : v);
    out[e.ContextKeyName] = type.endsWith('List') ? values : (values[0] ?? '');
  }
  return out;
}

function sourceType(id: string): string {
  if (id.startsWith('PolicyInputList.') || id.startsWith('PermissionsBoundaryPolicyInputList.')) return 'none';
  if (id === 'ResourcePolicy') return 'resource';
  if (id.startsWith('arn:aws:iam::aws:policy/')) return 'aws-managed';
  if (/^arn:aws:iam::\d{12}:policy\//.test(id)) return 'user-managed';
  const m = /^arn:aws:iam::\d{12}:(user|group|role)\//.exec(id);
  return m?.[1] ?? 'none';
}

function sourceId(id: string): string {
  const inline = id.indexOf('/inline/');
  return inline >= 0 ? id.slice(inline + '/inline/'.length) : id;
}

interface Simulation {
  principal: RequestPrincipal;
  identity: PolicyDocument[];
  boundary?: PolicyDocument | undefined;
  input: Common;
}

function simulate(ctx: Context, sim: Simulation) {
  const { input } = sim;
  const identity = [
    ...sim.identity.map((d) => compile(d.id, d.document, 'identity')),
    ...(input.PolicyInputList ?? []).map((d, i) => compile(`PolicyInputList.${i + 1}`, d, 'identity')),
  ];
  const boundaries = [
    ...(sim.boundary ? [compile(sim.boundary.id, sim.boundary.document, 'identity')] : []),
    ...(input.PermissionsBoundaryPolicyInputList ?? []).map((d, i) => compile(`PermissionsBoundaryPolicyInputList.${i + 1}`, d, 'identity')),
  ];
  if (boundaries.length > 1) throw new InvalidInput('Only one permissions boundary may be simulated.');
  const policies: PolicySet = { identity };
  if (boundaries[0]) policies.permissionsBoundary = boundaries[0];
  if (input.ResourcePolicy !== undefined) policies.resource = compile('ResourcePolicy', input.ResourcePolicy, 'resource');
  const context = contextOf(ctx, input.ContextEntries);
  const resources = input.ResourceArns && input.ResourceArns.length > 0 ? input.ResourceArns : ['*'];
  const results = input.ActionNames.flatMap((action) => resources.map((resource) => {
    const result = evaluate({ principal: sim.principal, action, resource, context, ...(input.ResourceOwner ? { resourceAccount: input.ResourceOwner.split(':')[4] ?? input.ResourceOwner } : {}) }, policies);
    const boundary = policies.permissionsBoundary
      ? evaluate({ principal: sim.principal, action, resource, context }, { identity: [policies.permissionsBoundary] }).decision === 'Allow'
      : undefined;
    return {
      EvalActionName: action,
      EvalResourceName: resource,
      EvalDecision: result.decision === 'Allow' ? 'allowed' : result.decision === 'ExplicitDeny' ? 'explicitDeny' : 'implicitDeny',
      MatchedStatements: result.statement ? [{ SourcePolicyId: sourceId(result.statement.policyId), SourcePolicyType: sourceType(result.statement.policyId) }] : [],
      MissingContextValues: [],
      PermissionsBoundaryDecisionDetail: boundary === undefined ? undefined : { AllowedByPermissionsBoundary: boundary },
    };
  }));
  const page = pageOf(results, input);
  return { EvaluationResults: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
}

async function sourceOf(ctx: Context, policySourceArn: string): Promise<Omit<Simulation, 'input'>> {
  const acct = accountOf(ctx);
  const m = /^arn:aws:iam::(\d{12}):(user|group|role)(\/.*)?\/([^/]+)$/.exec(policySourceArn);
  const name = m?.[4] ?? '';
  if (!m || m[1] !== acct) throw new NoSuchEntity(`Entity ${policySourceArn} does not exist.`);
  if (m[2] === 'user') {
    const user = await requireUser(ctx.store, acct, name);
    const found = await identityPolicies(ctx.store, { arn: user.arn, userId: user.id, accountId: acct, kind: 'user' });
    return { principal: { kind: 'user', arn: user.arn, accountId: acct, userName: user.name, userId: user.id, tags: found.tags }, identity: found.identity, boundary: found.boundary };
  }
  if (m[2] === 'role') {
    const role = await requireRole(ctx.store, acct, name);
    const found = await identityPolicies(ctx.store, { arn: role.arn, userId: `${role.id}:simulation`, accountId: acct, kind: 'assumed-role', roleArn: role.arn });
    return { principal: { kind: 'assumed-role', arn: role.arn, accountId: acct, userId: role.id, roleArn: role.arn, tags: found.tags }, identity: found.identity, boundary: found.boundary };
  }
  const group = await requireGroup(ctx.store, acct, name);
  const identity: PolicyDocument[] = group.inlinePolicies.map((p) => ({ id: `${group.arn}/inline/${p.name}`, document: p.document }));
  for (const a of group.attachedPolicies) {
    const d = await managedPolicyDocument(ctx.store, a);
    if (d) identity.push(d);
  }
  return { principal: { kind: 'user', arn: group.arn, accountId: acct }, identity };
}

export const simulateOperations = {
  SimulatePrincipalPolicy: operation(z.object({ PolicySourceArn: arn, ...common }), async (ctx, input) => {
    const source = await sourceOf(ctx, input.PolicySourceArn);
    return simulate(ctx, { ...source, ...(input.CallerArn ? { principal: { ...source.principal, arn: input.CallerArn } } : {}), input });
  }),

  SimulateCustomPolicy: operation(z.object({ ...common, PolicyInputList: list(policyDocument) }), async (ctx, input) => {
    const acct = accountOf(ctx);
    // With no CallerArn, the policies are simulated for an IAM user of the account (never its root,
    // whom the evaluator allows everything in its own account).
    const caller = input.CallerArn ?? `arn:aws:iam::${acct}:user/SimulatedUser`;
    return simulate(ctx, { principal: { kind: 'user', arn: caller, accountId: acct, userName: caller.slice(caller.lastIndexOf('/') + 1) }, identity: [], input });
  }),
};
