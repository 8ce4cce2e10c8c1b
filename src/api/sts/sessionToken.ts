// GetSessionToken: temporary credentials for the caller itself (a user, or the root user for at
// most an hour); not from temporary credentials.
import { sessionTokenDuration } from '../../identity/sts/durations.js';
import { issueSession } from '../../identity/sts/sessions.js';
import { AccessDenied } from '../../protocol/errors.js';
import { operation } from '../../protocol/operation.js';
import { credentialsOut } from './credentials.js';
import { getSessionTokenInput } from './schema.js';

export const getSessionToken = operation(getSessionTokenInput, async (ctx, input) => {
  const caller = ctx.principal;
  if (caller.expiresAt !== undefined) throw new AccessDenied('Cannot call GetSessionToken with session credentials');
  const issued = await issueSession({
    store: ctx.store, ids: ctx.ids, now: ctx.clock().getTime(), principal: caller,
    durationSeconds: sessionTokenDuration(caller, input.DurationSeconds), issuedBy: 'GetSessionToken',
  });
  return { Credentials: credentialsOut(issued) };
});
