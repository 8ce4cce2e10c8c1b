// AWS Organizations over AWS JSON 1.1 (global: signed for us-east-1): the dispatch table and what
// each operation needs to be authorized.
import type { JsonService } from '../../protocol/operation.js';
import { accountsOperations } from './accounts.js';
import { createAccountOperations } from './createAccount.js';
import { organizationOperations } from './organization.js';
import { organizationsPermissions } from './permissions.js';

export const organizations: JsonService = {
  targetPrefix: 'AWSOrganizationsV20161128',
  signingName: 'organizations',
  operations: {
    ...organizationOperations,
    ...accountsOperations,
    ...createAccountOperations,
  },
  permissions: organizationsPermissions,
};
