// Builders for the policy tables: callers, documents and a one-line "does this condition hold".
import { compilePolicy, evaluate, type CompiledPolicy, type ContextValue, type PolicyKind, type RequestPrincipal } from '../../../src/identity/policy/index.js';

export const A = '111122223333';
export const B = '444455556666';

export function user(name: string, account = A, extra: Partial<RequestPrincipal> = {}): RequestPrincipal {
  return { kind: 'user', arn: `arn:aws:iam::${account}:user/${name}`, accountId: account, userName: name, userId: `AIDA${name.toUpperCase()}`, ...extra };
}

export function root(account = A): RequestPrincipal {
  return { kind: 'root', arn: `arn:aws:iam::${account}:root`, accountId: account, userId: account };
}

export function session(role: string, name: string, account = A): RequestPrincipal {
  return {
    kind: 'assumed-role',
    arn: `arn:aws:sts::${account}:assumed-role/${role}/${name}`,
    accountId: account,
    roleArn: `arn:aws:iam::${account}:role/${role}`,
    userId: `AROA${role.toUpperCase()}:${name}`,
  };
}

let n = 0;
export function policy(statement: unknown, options: { kind?: PolicyKind; version?: string; id?: string } = {}): CompiledPolicy {
  const document = options.version === 'none' ? { Statement: statement } : { Version: options.version ?? '2012-10-17', Statement: statement };
  return compilePolicy({ id: options.id ?? `policy-${++n}`, kind: options.kind ?? 'identity', document });
}

export const allowAll = (): CompiledPolicy => policy({ Effect: 'Allow', Action: '*', Resource: '*' });

export interface ConditionCase {
  name: string;
  condition: Record<string, Record<string, unknown>>;
  context: Record<string, ContextValue>;
  want: boolean;
  version?: string;
  principal?: RequestPrincipal;
}

/** Whether an Allow statement guarded by `condition` applies to a request carrying `context`. */
export function conditionHolds(c: ConditionCase): boolean {
  const p = policy({ Effect: 'Allow', Action: '*', Resource: '*', Condition: c.condition }, { version: c.version ?? '2012-10-17' });
  const result = evaluate({ principal: c.principal ?? user('alice'), action: 'ecs:ListClusters', resource: '*', context: c.context }, { identity: [p] });
  return result.decision === 'Allow';
}
