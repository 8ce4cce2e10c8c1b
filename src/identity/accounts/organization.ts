// The organization exists from the start: the first look at it (in any transaction) writes it,
// with the management account as its first member, INVITED as AWS shows the account that made
// the organization.
import type { Store, Tx } from '../../state/store.js';
import { organizationIdFor, rootIdFor } from './ids.js';
import {
  ORG_ACCOUNTS, ORG_ACCOUNT_EMAILS, ORG_ORGANIZATIONS, type AccountRecord, type OrganizationRecord,
} from './model.js';

export interface OrganizationOptions {
  managementAccountId: string;
  now: Date;
}

/** The management account's email: Wharf asks for none, so one that can never be delivered. */
export function managementEmail(managementAccountId: string): string {
  return `management@${managementAccountId}.wharf.invalid`;
}

export function newOrganization(opts: OrganizationOptions): { org: OrganizationRecord; management: AccountRecord } {
  const { managementAccountId, now } = opts;
  const org: OrganizationRecord = {
    id: organizationIdFor(managementAccountId),
    managementAccountId,
    managementAccountEmail: managementEmail(managementAccountId),
    featureSet: 'ALL',
    rootId: rootIdFor(managementAccountId),
    createDate: now.toISOString(),
  };
  const management: AccountRecord = {
    id: managementAccountId,
    organizationId: org.id,
    email: org.managementAccountEmail,
    name: 'management',
    status: 'ACTIVE',
    joinedMethod: 'INVITED',
    joinedTimestamp: org.createDate,
    parentId: org.rootId,
    iamUserAccessToBilling: 'ALLOW',
    tags: [],
  };
  return { org, management };
}

/** The organization, written first if this is the first time anyone asks. */
export async function ensureOrganization(tx: Tx, opts: OrganizationOptions): Promise<OrganizationRecord> {
  const kept = await tx.get<OrganizationRecord>(ORG_ORGANIZATIONS, opts.managementAccountId);
  if (kept) return kept;
  const { org, management } = newOrganization(opts);
  await tx.put(ORG_ORGANIZATIONS, org.managementAccountId, org);
  await tx.put(ORG_ACCOUNTS, management.id, management);
  await tx.put(ORG_ACCOUNT_EMAILS, management.email.toLowerCase(), { accountId: management.id });
  return org;
}

/** The organization, written first (in its own transaction) if nobody has asked before. */
export async function organizationOf(store: Store, opts: OrganizationOptions): Promise<OrganizationRecord> {
  const kept = await store.get<OrganizationRecord>(ORG_ORGANIZATIONS, opts.managementAccountId);
  return kept ?? store.transaction((tx) => ensureOrganization(tx, opts));
}
