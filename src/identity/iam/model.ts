// IAM's entities as Store records: the contract between the IAM API (api/iam, which writes them)
// and the authorizer (identity/authorize, which reads a principal's policies from them). Records
// are per account; keys start with the account id so one account's listing never sees another's.
//
// Kinds and keys (`<acct>` is the 12-digit account id; names are IAM's, case-insensitively unique
// within an account, so keys use the lower-cased name and the record keeps the name as given):
//   iam/users            <acct>/<lower name>               UserRecord
//   iam/groups           <acct>/<lower name>               GroupRecord
//   iam/roles            <acct>/<lower name>               RoleRecord
//   iam/policies         <acct>/<lower path+name>          ManagedPolicyRecord (customer managed)
//   iam/instance-profiles <acct>/<lower name>              InstanceProfileRecord
// Access keys stay in identity/accessKeys.ts (`iam/access-keys`, keyed by access key id), with
// the user's principal in them. AWS managed policies (`arn:aws:iam::aws:policy/...`) are not
// records: they are fixed documents shipped with Wharf (identity/iam/managed).

export const IAM_USERS = 'iam/users';
export const IAM_GROUPS = 'iam/groups';
export const IAM_ROLES = 'iam/roles';
export const IAM_POLICIES = 'iam/policies';
export const IAM_INSTANCE_PROFILES = 'iam/instance-profiles';

/** A key of one of the kinds above. */
export function iamKey(accountId: string, name: string): string {
  return `${accountId}/${name.toLowerCase()}`;
}

export interface Tag {
  Key: string;
  Value: string;
}

/** An inline policy: a document that lives in its user, group or role. */
export interface InlinePolicy {
  name: string;
  /** The policy document as JSON text, exactly as given (IAM returns it URL-encoded). */
  document: string;
}

/** What users, groups and roles share. Times are ISO 8601. */
export interface EntityCommon {
  accountId: string;
  name: string;
  /** IAM's path, `/` by default, always starting and ending with `/`. */
  path: string;
  /** IAM's unique id: AIDA... for users, AGPA... for groups, AROA... for roles (21 characters). */
  id: string;
  arn: string;
  createDate: string;
  inlinePolicies: InlinePolicy[];
  /** ARNs of attached managed policies (customer managed or AWS managed). */
  attachedPolicies: string[];
}

export interface UserRecord extends EntityCommon {
  tags: Tag[];
  /** The permissions boundary: a managed policy ARN. */
  permissionsBoundary?: string;
  /** Names of the groups the user belongs to. */
  groups: string[];
}

export type GroupRecord = EntityCommon;

export interface RoleRecord extends EntityCommon {
  tags: Tag[];
  description?: string;
  /** The trust policy document as JSON text. */
  assumeRolePolicyDocument: string;
  /** Seconds, 3600 to 43200; 3600 by default. */
  maxSessionDuration: number;
  permissionsBoundary?: string;
}

export interface PolicyVersionRecord {
  /** v1, v2, ... */
  versionId: string;
  document: string;
  createDate: string;
}

export interface ManagedPolicyRecord {
  accountId: string;
  name: string;
  path: string;
  /** ANPA... (21 characters). */
  id: string;
  arn: string;
  description?: string;
  createDate: string;
  updateDate: string;
  defaultVersionId: string;
  /** At most 5, as IAM allows. */
  versions: PolicyVersionRecord[];
  /** The next version number to hand out (IAM never reuses a version id). */
  nextVersion: number;
  tags: Tag[];
}

export interface InstanceProfileRecord {
  accountId: string;
  name: string;
  path: string;
  /** AIPA... */
  id: string;
  arn: string;
  createDate: string;
  /** Names of its roles (IAM allows one). */
  roles: string[];
  tags: Tag[];
}

/** ARN of a user, group, role, policy or instance profile: `arn:aws:iam::<acct>:<type><path><name>`. */
export function iamArn(accountId: string, type: 'user' | 'group' | 'role' | 'policy' | 'instance-profile', path: string, name: string): string {
  return `arn:aws:iam::${accountId}:${type}${path}${name}`;
}
