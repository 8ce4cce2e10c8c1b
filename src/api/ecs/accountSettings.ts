// ECS accountSettings operations (filled in by the accountSettings work).
import type { Operation } from '../../protocol/operation.js';

export const accountSettingsOperations: Record<string, Operation> = {};
