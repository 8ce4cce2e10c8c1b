// What each Organizations operation needs to be authorized, keyed as the dispatch table (index.ts)
// keys it. The Service Authorization Reference gives DescribeAccount the account resource and
// ListAccountsForParent the root or OU it names; the rest name no resource type (`*`). A tagged
// CreateAccount also needs organizations:TagResource. ARNs use the management account and the
// organization id derived from it (identity/accounts/ids.ts), so no lookup is needed.
import { organizationIdFor } from '../../identity/accounts/ids.js';
import { accountArn } from '../../identity/accounts/model.js';
import { anyResource, requestTagConditions, row, type PermissionTable } from '../../protocol/authorization.js';
import type { Account } from '../../protocol/context.js';
import { describeAccountInput, listAccountsForParentInput } from './accounts.js';
import { createAccountInput } from './createAccount.js';

function parentArn(account: Account, parentId: string): string {
  const org = organizationIdFor(account.accountId);
  const type = parentId.startsWith('ou-') ? 'ou' : 'root';
  return `arn:aws:organizations::${account.accountId}:${type}/${org}/${parentId}`;
}

function tagsOf(tags: ReadonlyArray<{ Key: string; Value: string }> | undefined) {
  return tags?.map((t) => ({ key: t.Key, value: t.Value }));
}

export const organizationsPermissions: PermissionTable = {
  CreateAccount: row(createAccountInput, {
    action: 'organizations:CreateAccount',
    resources: () => ['*'],
    conditions: ({ input }) => requestTagConditions(tagsOf(input.Tags)),
    also: ({ input }) => (input.Tags && input.Tags.length > 0
      ? [{ action: 'organizations:TagResource', resources: ['*'], conditions: requestTagConditions(tagsOf(input.Tags)) }]
      : []),
  }),
  DescribeCreateAccountStatus: anyResource('organizations:DescribeCreateAccountStatus'),
  ListCreateAccountStatus: anyResource('organizations:ListCreateAccountStatus'),
  ListAccounts: anyResource('organizations:ListAccounts'),
  DescribeAccount: row(describeAccountInput, {
    action: 'organizations:DescribeAccount',
    resources: ({ input, account }) => [accountArn(account.accountId, organizationIdFor(account.accountId), input.AccountId)],
  }),
  ListAccountsForParent: row(listAccountsForParentInput, {
    action: 'organizations:ListAccountsForParent',
    resources: ({ input, account }) => [parentArn(account, input.ParentId)],
  }),
  DescribeOrganization: anyResource('organizations:DescribeOrganization'),
  ListRoots: anyResource('organizations:ListRoots'),
};
