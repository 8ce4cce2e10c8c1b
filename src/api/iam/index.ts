// IAM over the Query protocol (`aws iam ...`, version 2010-05-08, signing name `iam`, global:
// signed for us-east-1): the operation table and its input check. Every operation acts in the
// caller's account.
import type { QueryService } from '../../protocol/operation.js';
import { validateQueryInput } from '../../protocol/queryValidation.js';
import { accessKeyOperations } from './accessKeys.js';
import { accountOperations } from './account.js';
import { attachmentOperations } from './attachments.js';
import { boundaryOperations } from './boundaries.js';
import { groupOperations } from './groups.js';
import { inlinePolicyOperations } from './inlinePolicies.js';
import { instanceProfileOperations } from './instanceProfiles.js';
import { managedPolicyOperations } from './managedPolicies.js';
import { iamPermissions } from './permissions.js';
import { roleOperations } from './roles.js';
import { simulateOperations } from './simulate.js';
import { userOperations } from './users.js';

export const iam: QueryService = {
  signingName: 'iam',
  xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
  validateInput: (schema, params) => validateQueryInput(schema, params, { pattern: (issue) => issue.message }),
  permissions: iamPermissions,
  // Every account has its own users, roles and policies: rows build ARNs in the caller's account.
  callerAccount: true,
  operations: {
    ...userOperations,
    ...accessKeyOperations,
    ...groupOperations,
    ...roleOperations,
    ...inlinePolicyOperations,
    ...managedPolicyOperations,
    ...attachmentOperations,
    ...boundaryOperations,
    ...instanceProfileOperations,
    ...accountOperations,
    ...simulateOperations,
  },
};
