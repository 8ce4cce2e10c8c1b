// What each ECS operation needs to be authorized, keyed as the dispatch table (index.ts) keys it.
import type { PermissionTable } from '../../protocol/authorization.js';
import { infrastructurePermissions } from './permissions/infrastructure.js';
import { workloadPermissions } from './permissions/workloads.js';

export const ecsPermissions: PermissionTable = { ...infrastructurePermissions, ...workloadPermissions };
