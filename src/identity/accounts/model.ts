// AWS Organizations' records: the one organization (its management account is WHARF_ACCOUNT_ID),
// its accounts and the CreateAccount requests. Every account Wharf hosts is one of these records;
// other parts of Wharf ask here whether an account exists.
//
// Kinds and keys:
//   org/organizations            <management account id>   OrganizationRecord
//   org/accounts                 <account id>              AccountRecord
//   org/account-emails           <lower-cased email>       { accountId } (emails are unique)
//   org/create-account-statuses  <car-... id>              CreateAccountStatusRecord
// Times are ISO 8601.

export const ORG_ORGANIZATIONS = 'org/organizations';
export const ORG_ACCOUNTS = 'org/accounts';
export const ORG_ACCOUNT_EMAILS = 'org/account-emails';
export const ORG_CREATE_ACCOUNT_STATUSES = 'org/create-account-statuses';

export interface OrganizationRecord {
  /** `o-` and 10 lower-case letters or digits. */
  id: string;
  managementAccountId: string;
  managementAccountEmail: string;
  featureSet: 'ALL';
  /** The root's id: `r-` and 4 lower-case letters or digits. */
  rootId: string;
  createDate: string;
}

export interface AccountTag {
  Key: string;
  Value: string;
}

export interface AccountRecord {
  id: string;
  organizationId: string;
  email: string;
  name: string;
  status: 'ACTIVE';
  /** As AWS shows them: the management account INVITED, accounts made by CreateAccount CREATED. */
  joinedMethod: 'INVITED' | 'CREATED';
  joinedTimestamp: string;
  /** The parent (the root: Wharf has no organizational units). */
  parentId: string;
  iamUserAccessToBilling: 'ALLOW' | 'DENY';
  tags: AccountTag[];
}

export type CreateAccountFailureReason = 'EMAIL_ALREADY_EXISTS';

export interface CreateAccountStatusRecord {
  /** `car-` and 32 hex digits. */
  id: string;
  accountName: string;
  state: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  requestedTimestamp: string;
  completedTimestamp?: string;
  accountId?: string;
  failureReason?: CreateAccountFailureReason;
}

export function organizationArn(org: OrganizationRecord): string {
  return `arn:aws:organizations::${org.managementAccountId}:organization/${org.id}`;
}

/** `arn:aws:organizations::<management>:account/<org id>/<account id>`. */
export function accountArn(managementAccountId: string, organizationId: string, accountId: string): string {
  return `arn:aws:organizations::${managementAccountId}:account/${organizationId}/${accountId}`;
}

export function rootArn(managementAccountId: string, organizationId: string, rootId: string): string {
  return `arn:aws:organizations::${managementAccountId}:root/${organizationId}/${rootId}`;
}
