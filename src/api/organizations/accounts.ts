// The organization's accounts: ListAccounts, DescribeAccount and ListAccountsForParent (the root
// is every account's parent: Wharf has no organizational units).
import { z } from 'zod';
import { ORG_ACCOUNTS, type AccountRecord, type OrganizationRecord } from '../../identity/accounts/model.js';
import type { Context } from '../../protocol/context.js';
import { AccountNotFoundException, ParentNotFoundException } from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import { paginate } from '../pagination.js';
import { managedOrganization } from './access.js';
import { InvalidNextToken } from './errors.js';
import { maxResults, nextToken, orgInput } from './input.js';
import { accountShape } from './shapes.js';

export const describeAccountInput = orgInput(z.object({
  AccountId: z.string().max(12).regex(/^\d{12}$/),
}));

export const listAccountsInput = orgInput(z.object({ NextToken: nextToken, MaxResults: maxResults }));

export const listAccountsForParentInput = orgInput(z.object({
  ParentId: z.string().max(100).regex(/^(r-[0-9a-z]{4,32})$|^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/),
  NextToken: nextToken,
  MaxResults: maxResults,
}));

interface PageInput {
  NextToken?: string | undefined;
  MaxResults?: number | undefined;
}

async function accountPage(ctx: Context, org: OrganizationRecord, input: PageInput, parentId?: string) {
  const page = await paginate<AccountRecord>(ctx.store, {
    kind: ORG_ACCOUNTS,
    nextToken: input.NextToken,
    limit: input.MaxResults ?? 20,
    invalidToken: InvalidNextToken,
    filter: (a) => a.organizationId === org.id && (parentId === undefined || a.parentId === parentId),
  });
  return {
    Accounts: page.items.map((i) => accountShape(org, i.value)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}

export const accountsOperations: Record<string, Operation> = {
  ListAccounts: operation(listAccountsInput, async (ctx, input) => accountPage(ctx, await managedOrganization(ctx), input)),

  DescribeAccount: operation(describeAccountInput, async (ctx, input) => {
    const org = await managedOrganization(ctx);
    const account = await ctx.store.get<AccountRecord>(ORG_ACCOUNTS, input.AccountId);
    if (!account || account.organizationId !== org.id) {
      throw new AccountNotFoundException("You specified an account that doesn't exist.");
    }
    return { Account: accountShape(org, account) };
  }),

  ListAccountsForParent: operation(listAccountsForParentInput, async (ctx, input) => {
    const org = await managedOrganization(ctx);
    if (input.ParentId !== org.rootId) {
      throw new ParentNotFoundException("We can't find a root or OU with the ParentId that you specified.");
    }
    return accountPage(ctx, org, input, input.ParentId);
  }),
};
