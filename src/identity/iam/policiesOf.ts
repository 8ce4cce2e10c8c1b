// The policy documents that apply to a principal's requests, read from IAM's records (model.ts)
// and the AWS managed policies Wharf ships (managed/): for an IAM user its inline and attached
// managed policies (default versions), its groups' inline and attached ones, and its permissions
// boundary; for a role session the role's inline, attached and boundary. The authorizer compiles
// and evaluates them; this only reads.
import type { Reader } from '../../state/store.js';
import { principalKind, type Principal } from '../principal.js';
import { awsManagedDocument, awsManagedPolicy } from './managed/index.js';
import {
  IAM_GROUPS,
  IAM_POLICIES,
  IAM_ROLES,
  IAM_USERS,
  iamKey,
  type EntityCommon,
  type GroupRecord,
  type ManagedPolicyRecord,
  type RoleRecord,
  type Tag,
  type UserRecord,
} from './model.js';

/** A document as the evaluator names it: a managed policy's ARN, or `<entity ARN>/inline/<name>`. */
export interface PolicyDocument {
  id: string;
  document: string;
}

export interface IdentityPolicies {
  /** Inline and attached managed policies (a user's groups' too). */
  identity: PolicyDocument[];
  /** The permissions boundary's default version; a boundary that cannot be read allows nothing. */
  boundary?: PolicyDocument;
  /** aws:PrincipalTag/*: the user's or role's tags (a session's tags win over the role's). */
  tags: Record<string, string>;
}

const NONE: IdentityPolicies = { identity: [], tags: {} };
// Allows nothing (NotAction "*" names no action) yet compiles: the evaluator refuses an empty Statement.
const ALLOWS_NOTHING = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"*","Resource":"*"}]}';

/** `<acct>/<lower path+name>`, the record key of a customer managed policy ARN; undefined otherwise. */
export function customerPolicyKey(arn: string): string | undefined {
  const m = /^arn:aws:iam::(\d{12}):policy(\/.*)$/.exec(arn);
  return m?.[1] && m[2] ? iamKey(m[1], m[2]) : undefined;
}

/** The default version's document of a managed policy (customer or AWS managed), by ARN. */
export async function managedPolicyDocument(reader: Reader, arn: string): Promise<PolicyDocument | undefined> {
  const aws = awsManagedPolicy(arn);
  if (aws) return { id: arn, document: awsManagedDocument(aws) };
  const key = customerPolicyKey(arn);
  const record = key === undefined ? undefined : await reader.get<ManagedPolicyRecord>(IAM_POLICIES, key);
  if (!record || record.arn !== arn) return undefined;
  const version = record.versions.find((v) => v.versionId === record.defaultVersionId);
  return version ? { id: arn, document: version.document } : undefined;
}

async function documentsOf(reader: Reader, entity: EntityCommon, out: PolicyDocument[]): Promise<void> {
  for (const p of entity.inlinePolicies) out.push({ id: `${entity.arn}/inline/${p.name}`, document: p.document });
  for (const arn of entity.attachedPolicies) {
    const doc = await managedPolicyDocument(reader, arn);
    if (doc) out.push(doc);
  }
}

function tagMap(tags: readonly Tag[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags) out[t.Key] = t.Value;
  return out;
}

async function withBoundary(reader: Reader, found: IdentityPolicies, arn: string | undefined): Promise<IdentityPolicies> {
  if (arn === undefined) return found;
  return { ...found, boundary: (await managedPolicyDocument(reader, arn)) ?? { id: arn, document: ALLOWS_NOTHING } };
}

function lastSegment(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

async function userPolicies(reader: Reader, p: Principal): Promise<IdentityPolicies> {
  const user = await reader.get<UserRecord>(IAM_USERS, iamKey(p.accountId, lastSegment(p.arn)));
  // The unique id, not the name, says it is the same user (a user deleted and made again is not).
  if (!user || user.id !== p.userId) return NONE;
  const identity: PolicyDocument[] = [];
  await documentsOf(reader, user, identity);
  for (const name of user.groups) {
    const group = await reader.get<GroupRecord>(IAM_GROUPS, iamKey(p.accountId, name));
    if (group) await documentsOf(reader, group, identity);
  }
  return withBoundary(reader, { identity, tags: tagMap(user.tags) }, user.permissionsBoundary);
}

/** A role session's role ARN: given, or from `arn:aws:sts::A:assumed-role/ROLE/SESSION`. */
function sessionRoleName(p: Principal): string | undefined {
  if (p.roleArn) return lastSegment(p.roleArn);
  return /:assumed-role\/([^/]+)\//.exec(p.arn)?.[1];
}

async function rolePolicies(reader: Reader, p: Principal): Promise<IdentityPolicies> {
  const name = sessionRoleName(p);
  const role = name === undefined ? undefined : await reader.get<RoleRecord>(IAM_ROLES, iamKey(p.accountId, name));
  const roleId = p.userId.split(':', 1)[0];
  if (!role || (roleId?.startsWith('AROA') && role.id !== roleId)) return NONE;
  const identity: PolicyDocument[] = [];
  await documentsOf(reader, role, identity);
  const tags = { ...tagMap(role.tags), ...tagMap(p.sessionTags ?? []) };
  return withBoundary(reader, { identity, tags }, role.permissionsBoundary);
}

/** What applies to `principal`'s requests; nothing for a root user (the evaluator allows it in its account). */
export function identityPolicies(reader: Reader, principal: Principal): Promise<IdentityPolicies> {
  switch (principalKind(principal)) {
    case 'root':
      return Promise.resolve(NONE);
    case 'user':
      return userPolicies(reader, principal);
    case 'assumed-role':
      return rolePolicies(reader, principal);
  }
}
