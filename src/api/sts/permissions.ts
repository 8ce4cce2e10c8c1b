// What each STS operation needs to be authorized, keyed as the dispatch table (index.ts) keys it.
import type { PermissionTable } from '../../protocol/authorization.js';

export const stsPermissions: PermissionTable = {
  // AWS documents that GetCallerIdentity needs no permission: even an explicit deny of
  // sts:GetCallerIdentity does not stop it, since a denial would reveal the same identity.
  GetCallerIdentity: { action: 'sts:GetCallerIdentity', resources: () => [], unauthorized: true },
};
