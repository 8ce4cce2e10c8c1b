// STS over the Query protocol (2011-06-15): who am I, temporary credentials, key and message lookups.
import { z } from 'zod';
import { operation, type QueryService } from '../../protocol/operation.js';
import { validateQueryInput } from '../../protocol/queryValidation.js';
import { assumeRole } from './assumeRole.js';
import { decodeAuthorizationMessage, getAccessKeyInfo } from './keyInfo.js';
import { getSessionToken } from './sessionToken.js';

export const sts: QueryService = {
  signingName: 'sts',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  // STS prints a pattern without its anchors and flags: /^[\w+=,.@-]*$/ as [\w+=,.@-]*.
  validateInput: (schema, params) => validateQueryInput(schema, params, {
    pattern: (issue) => ('pattern' in issue ? String(issue.pattern).replace(/^\/\^?|\$?\/[a-z]*$/g, '') : issue.message),
  }),
  operations: {
    GetCallerIdentity: operation(z.object({}).loose(), async (ctx) => ({
      UserId: ctx.principal.userId,
      Account: ctx.principal.accountId,
      Arn: ctx.principal.arn,
    })),
    AssumeRole: assumeRole,
    GetSessionToken: getSessionToken,
    GetAccessKeyInfo: getAccessKeyInfo,
    DecodeAuthorizationMessage: decodeAuthorizationMessage,
  },
};
