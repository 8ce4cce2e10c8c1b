// CreateAccount and the requests' statuses. The work is done inside CreateAccount's one
// transaction (identity/accounts/create.ts); the answer says IN_PROGRESS, as AWS's does, and the
// stored status already says how it ended, so the CLI's poll loop sees SUCCEEDED (or FAILED with
// EMAIL_ALREADY_EXISTS, AWS's answer to a second account with one email) on its first look.
import { z } from 'zod';
import { DEFAULT_ACCESS_ROLE } from '../../identity/accounts/accessRole.js';
import { createAccount } from '../../identity/accounts/create.js';
import { ORG_CREATE_ACCOUNT_STATUSES, type CreateAccountStatusRecord } from '../../identity/accounts/model.js';
import { operation, type Operation } from '../../protocol/operation.js';
import { CreateAccountStatusNotFoundException } from '../../protocol/errors.js';
import { paginate } from '../pagination.js';
import { managedOrganization } from './access.js';
import { InvalidNextToken } from './errors.js';
import { maxResults, nextToken, orgInput } from './input.js';
import { createAccountStatusShape } from './shapes.js';
import { checkTags, tagsSchema } from './tags.js';

export const createAccountInput = orgInput(z.object({
  Email: z.string().min(6).max(64).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/),
  AccountName: z.string().min(1).max(50).regex(/^[\u0020-\u007E]+$/),
  RoleName: z.string().max(64).regex(/^[\w+=,.@-]{1,64}$/)
    .refine((n) => !n.startsWith('AWSServiceRoleFor'), { params: { reason: 'INVALID_ROLE_NAME' } })
    .optional(),
  IamUserAccessToBilling: z.enum(['ALLOW', 'DENY']).optional(),
  Tags: tagsSchema.optional(),
}));

export const describeCreateAccountStatusInput = orgInput(z.object({
  CreateAccountRequestId: z.string().max(36).regex(/^car-[a-z0-9]{8,32}$/),
}));

export const listCreateAccountStatusInput = orgInput(z.object({
  States: z.array(z.enum(['IN_PROGRESS', 'SUCCEEDED', 'FAILED'])).optional(),
  NextToken: nextToken,
  MaxResults: maxResults,
}));

export const createAccountOperations: Record<string, Operation> = {
  CreateAccount: operation(createAccountInput, async (ctx, input) => {
    await managedOrganization(ctx);
    const tags = checkTags(input.Tags ?? []);
    const status = await createAccount({
      store: ctx.store,
      ids: ctx.ids,
      now: ctx.clock(),
      managementAccountId: ctx.account.accountId,
      request: {
        email: input.Email,
        accountName: input.AccountName,
        roleName: input.RoleName ?? DEFAULT_ACCESS_ROLE,
        iamUserAccessToBilling: input.IamUserAccessToBilling ?? 'ALLOW',
        tags,
      },
    });
    return { CreateAccountStatus: createAccountStatusShape(status) };
  }),

  DescribeCreateAccountStatus: operation(describeCreateAccountStatusInput, async (ctx, input) => {
    await managedOrganization(ctx);
    const status = await ctx.store.get<CreateAccountStatusRecord>(ORG_CREATE_ACCOUNT_STATUSES, input.CreateAccountRequestId);
    if (!status) {
      throw new CreateAccountStatusNotFoundException("We can't find an create account request with the CreateAccountRequestId that you specified.");
    }
    return { CreateAccountStatus: createAccountStatusShape(status) };
  }),

  ListCreateAccountStatus: operation(listCreateAccountStatusInput, async (ctx, input) => {
    await managedOrganization(ctx);
    const states = input.States && input.States.length > 0 ? new Set<string>(input.States) : undefined;
    const page = await paginate<CreateAccountStatusRecord>(ctx.store, {
      kind: ORG_CREATE_ACCOUNT_STATUSES,
      nextToken: input.NextToken,
      limit: input.MaxResults ?? 20,
      invalidToken: InvalidNextToken,
      ...(states ? { filter: (s: CreateAccountStatusRecord) => states.has(s.state) } : {}),
    });
    return {
      CreateAccountStatuses: page.items.map((i) => createAccountStatusShape(i.value)),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  }),
};
