// The caller's side of a decision, read from IAM's records: a user's inline and attached policies
// (and its groups'), its permissions boundary; a role session's role's policies and boundary and
// the session's own policies. A stand-in until the authorizer (identity/authorize) offers the same
// read: AWS managed policies (arn:aws:iam::aws:policy/...) are not resolved here, and a stored
// document that no longer compiles is left out (both can only narrow).
import { compilePolicy, type CompiledPolicy, type PolicySet } from '../policy/index.js';
import { principalKind, type Principal } from '../principal.js';
import {
  IAM_GROUPS, IAM_POLICIES, IAM_ROLES, IAM_USERS, iamKey,
  type EntityCommon, type GroupRecord, type ManagedPolicyRecord, type RoleRecord, type UserRecord,
} from '../iam/model.js';
import type { Reader } from '../../state/store.js';

export interface CallerSide {
  policies: Omit<PolicySet, 'resource'>;
  /** The user's or role's tags: aws:PrincipalTag (session tags override a role's). */
  tags: Record<string, string>;
}

function compiled(id: string, document: string): CompiledPolicy | undefined {
  try {
    return compilePolicy({ id, kind: 'identity', document });
  } catch {
    return undefined;
  }
}

/** A customer managed policy's default version, by ARN (`arn:aws:iam::<acct>:policy<path><name>`). */
export async function managedPolicyDocument(store: Reader, arn: string): Promise<string | undefined> {
  const m = /^arn:aws:iam::(\d{12}):policy(\/.*)$/.exec(arn);
  if (!m?.[1] || !m[2]) return undefined;
  const record = await store.get<ManagedPolicyRecord>(IAM_POLICIES, iamKey(m[1], m[2].slice(1)))
    ?? await store.get<ManagedPolicyRecord>(IAM_POLICIES, iamKey(m[1], m[2]));
  if (!record || record.arn !== arn) return undefined;
  return record.versions.find((v) => v.versionId === record.defaultVersionId)?.document;
}

async function entityPolicies(store: Reader, entity: EntityCommon, kind: string): Promise<CompiledPolicy[]> {
  const out: CompiledPolicy[] = [];
  for (const p of entity.inlinePolicies) {
    const c = compiled(`${kind}/${entity.name}/inline/${p.name}`, p.document);
    if (c) out.push(c);
  }
  for (const arn of entity.attachedPolicies) {
    const doc = await managedPolicyDocument(store, arn);
    const c = doc === undefined ? undefined : compiled(arn, doc);
    if (c) out.push(c);
  }
  return out;
}

async function boundaryOf(store: Reader, arn: string | undefined): Promise<CompiledPolicy | undefined> {
  if (!arn) return undefined;
  const doc = await managedPolicyDocument(store, arn);
  // A boundary that cannot be read allows nothing, rather than lifting the limit.
  return (doc === undefined ? undefined : compiled(arn, doc)) ?? compilePolicy({ id: arn, kind: 'identity', document: { Version: '2012-10-17', Statement: [] } });
}

function lastSegment(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function tagMap(tags: readonly { Key: string; Value: string }[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
}

export async function readCallerSide(store: Reader, p: Principal): Promise<CallerSide> {
  const kind = principalKind(p);
  if (kind === 'user') {
    const user = await store.get<UserRecord>(IAM_USERS, iamKey(p.accountId, lastSegment(p.arn)));
    if (!user || user.arn !== p.arn) return { policies: {}, tags: {} };
    const identity = await entityPolicies(store, user, 'user');
    for (const name of user.groups) {
      const group = await store.get<GroupRecord>(IAM_GROUPS, iamKey(p.accountId, name));
      if (group) identity.push(...(await entityPolicies(store, group, 'group')));
    }
    const permissionsBoundary = await boundaryOf(store, user.permissionsBoundary);
    return { policies: { identity, ...(permissionsBoundary ? { permissionsBoundary } : {}) }, tags: tagMap(user.tags) };
  }
  if (kind === 'assumed-role' && p.roleArn) {
    const session = (p.sessionPolicies ?? []).map((doc, i) => compiled(`session/${i + 1}`, doc))
      .map((c, i) => c ?? compilePolicy({ id: `session/${i + 1}`, kind: 'identity', document: { Version: '2012-10-17', Statement: [] } }));
    const role = await store.get<RoleRecord>(IAM_ROLES, iamKey(p.accountId, lastSegment(p.roleArn)));
    if (!role || role.arn !== p.roleArn) return { policies: { identity: [], session }, tags: {} };
    const identity = await entityPolicies(store, role, 'role');
    const permissionsBoundary = await boundaryOf(store, role.permissionsBoundary);
    return {
      policies: { identity, ...(permissionsBoundary ? { permissionsBoundary } : {}), ...(session.length > 0 ? { session } : {}) },
      tags: tagMap(role.tags),
    };
  }
  return { policies: {}, tags: {} };
}
