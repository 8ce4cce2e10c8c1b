// ECS taskDefinitions operations (filled in by the taskDefinitions work).
import type { Operation } from '../../protocol/operation.js';

export const taskDefinitionsOperations: Record<string, Operation> = {};
