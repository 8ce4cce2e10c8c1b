// Who may call what: every Organizations operation needs the caller's account to be in the
// organization, and most need it to be the management account, as AWS answers member accounts.
import { ORG_ACCOUNTS, type AccountRecord, type OrganizationRecord } from '../../identity/accounts/model.js';
import { organizationOf } from '../../identity/accounts/organization.js';
import type { Context } from '../../protocol/context.js';
import { AccessDeniedException, AWSOrganizationsNotInUseException } from '../../protocol/errors.js';

/** The organization the caller's account belongs to. */
export async function memberOrganization(ctx: Context): Promise<OrganizationRecord> {
  const org = await organizationOf(ctx.store, { managementAccountId: ctx.account.accountId, now: ctx.clock() });
  const caller = ctx.principal.accountId;
  if (caller === org.managementAccountId) return org;
  const account = await ctx.store.get<AccountRecord>(ORG_ACCOUNTS, caller);
  if (account?.organizationId !== org.id) {
    throw new AWSOrganizationsNotInUseException('Your account is not a member of an organization.');
  }
  return org;
}

/** The organization, when the caller is its management account. */
export async function managedOrganization(ctx: Context): Promise<OrganizationRecord> {
  const org = await memberOrganization(ctx);
  if (ctx.principal.accountId !== org.managementAccountId) {
    throw new AccessDeniedException("You don't have permissions to access this resource.");
  }
  return org;
}
