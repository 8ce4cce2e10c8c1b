// STS over the Query protocol (2011-06-15): who am I, temporary credentials, key and message lookups.
import { z } from 'zod';
import { operation, type QueryService } from '../../protocol/operation.js';
import { assumeRole } from './assumeRole.js';
import { decodeAuthorizationMessage, getAccessKeyInfo } from './keyInfo.js';
import { getSessionToken } from './sessionToken.js';
import { validateStsInput } from './validate.js';

export const sts: QueryService = {
  signingName: 'sts',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  validateInput: validateStsInput,
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
