// What each STS operation needs to be authorized, keyed as the dispatch table (index.ts) keys it.
// AssumeRole's resource-based side is the role's trust policy, which the handler evaluates itself
// together with the caller's identity side (identity/sts/trust.ts); an authorizer in front of it
// must not ask for a resource policy of the role's account on top.
import { anyResource, row, type PermissionTable } from '../../protocol/authorization.js';
import { assumeRoleInput } from './schema.js';

export const stsPermissions: PermissionTable = {
  // AWS documents that GetCallerIdentity needs no permission: even an explicit deny of
  // sts:GetCallerIdentity does not stop it, since a denial would reveal the same identity.
  GetCallerIdentity: { action: 'sts:GetCallerIdentity', resources: () => [], unauthorized: true },
  AssumeRole: row(assumeRoleInput, { action: 'sts:AssumeRole', resources: (req) => [req.input.RoleArn] }),
  GetSessionToken: anyResource('sts:GetSessionToken'),
  GetAccessKeyInfo: anyResource('sts:GetAccessKeyInfo'),
  DecodeAuthorizationMessage: anyResource('sts:DecodeAuthorizationMessage'),
};
