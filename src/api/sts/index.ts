// STS over the Query protocol: who am I.
import { z } from 'zod';
import { operation, type QueryService } from '../../protocol/operation.js';

export const sts: QueryService = {
  signingName: 'sts',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  operations: {
    GetCallerIdentity: operation(z.object({}).loose(), async (ctx) => ({
      UserId: ctx.principal.userId,
      Account: ctx.principal.accountId,
      Arn: ctx.principal.arn,
    })),
  },
};
