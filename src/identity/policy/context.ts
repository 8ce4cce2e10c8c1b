// The request's condition keys as one map with lower-cased names (AWS compares key names
// case-insensitively), every value a list so single- and multivalued keys read alike. The keys
// AWS derives from the caller (aws:username, aws:PrincipalArn, aws:PrincipalTag/...) are filled
// in from the principal; a key the caller passes in `context` wins over a derived one.
import type { AuthorizationRequest, ContextScalar, ContextValue, PrincipalKind } from './types.js';
import type { Lookup } from './variables.js';

export type ContextMap = ReadonlyMap<string, readonly ContextScalar[]>;

// aws:PrincipalType as AWS documents its values.
const PRINCIPAL_TYPE: Partial<Record<PrincipalKind, string>> = {
  root: 'Account',
  user: 'User',
  'assumed-role': 'AssumedRole',
  'federated-user': 'FederatedUser',
};

function put(map: Map<string, readonly ContextScalar[]>, key: string, value: ContextValue | undefined): void {
  if (value === undefined) return;
  map.set(key.toLowerCase(), Array.isArray(value) ? value : [value as ContextScalar]);
}

export function buildContext(request: AuthorizationRequest, resourceAccount: string | undefined): ContextMap {
  const map = new Map<string, readonly ContextScalar[]>();
  const p = request.principal;
  const hasIdentity = p.kind !== 'service' && p.kind !== 'federated' && p.kind !== 'anonymous';
  // For a role session aws:PrincipalArn is the role's ARN, not the session's.
  if (hasIdentity) put(map, 'aws:PrincipalArn', p.kind === 'assumed-role' ? (p.roleArn ?? p.arn) : p.arn);
  if (p.kind === 'service') put(map, 'aws:PrincipalServiceName', p.arn);
  put(map, 'aws:PrincipalAccount', p.accountId);
  put(map, 'aws:PrincipalType', PRINCIPAL_TYPE[p.kind]);
  put(map, 'aws:username', p.userName);
  put(map, 'aws:userid', p.userId);
  put(map, 'aws:ResourceAccount', resourceAccount);
  for (const [key, value] of Object.entries(p.tags ?? {})) put(map, `aws:PrincipalTag/${key}`, value);
  for (const [key, value] of Object.entries(request.context ?? {})) put(map, key, value);
  return map;
}

/** A policy variable takes a key's value only when the key has exactly one. */
export function lookupIn(context: ContextMap): Lookup {
  return (key) => {
    const values = context.get(key);
    if (values === undefined || values.length !== 1) return undefined;
    return String(values[0]);
  };
}
