// The caller as IAM's "no UserName given" operations see it (GetUser, CreateAccessKey,
// ListAccessKeys, ...): an IAM user acts on itself, the root user on the account's root, and a
// role session must name a user.
import { principalKind } from '../../identity/principal.js';
import type { Context } from '../../protocol/context.js';
import { ValidationError } from '../../protocol/errors.js';

export type Caller = { kind: 'root' } | { kind: 'user'; userName: string };

export function callerOf(ctx: Context): Caller {
  const kind = principalKind(ctx.principal);
  if (kind === 'root') return { kind: 'root' };
  if (kind === 'user') return { kind: 'user', userName: ctx.principal.arn.slice(ctx.principal.arn.lastIndexOf('/') + 1) };
  throw new ValidationError('Must specify userName when calling with non-User credentials');
}

/** The user an operation acts on: the one named, else the calling user; undefined for root. */
export function targetUser(ctx: Context, userName: string | undefined): string | undefined {
  if (userName !== undefined) return userName;
  const caller = callerOf(ctx);
  return caller.kind === 'user' ? caller.userName : undefined;
}
