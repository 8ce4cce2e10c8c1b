// ECS tags operations (filled in by the tags work).
import type { Operation } from '../../protocol/operation.js';

export const tagsOperations: Record<string, Operation> = {};
