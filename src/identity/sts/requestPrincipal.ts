// A Principal as the evaluator reads a caller. Pure.
import { principalKind, type Principal } from '../principal.js';
import type { RequestPrincipal } from '../policy/index.js';

export function requestPrincipalOf(p: Principal, extraTags: Readonly<Record<string, string>> = {}): RequestPrincipal {
  const kind = principalKind(p);
  const tags: Record<string, string> = { ...extraTags };
  for (const t of p.sessionTags ?? []) tags[t.Key] = t.Value;
  return {
    kind,
    arn: p.arn,
    accountId: p.accountId,
    userId: p.userId,
    ...(kind === 'user' ? { userName: p.arn.slice(p.arn.lastIndexOf('/') + 1) } : {}),
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
    ...(p.roleArn ? { roleArn: p.roleArn } : {}),
  };
}
