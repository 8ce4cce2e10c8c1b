// ECS clusters operations (filled in by the clusters work).
import type { Operation } from '../../protocol/operation.js';

export const clustersOperations: Record<string, Operation> = {};
