// The effective task definition the server sends in a TaskSpec, parsed with ECS's wire schema.
import { taskDefinitionInput, withoutNulls, type Volume } from '../../protocol/ecs/taskDefinition.js';
import type { NetworkMode } from '../runtime/createOptions.js';
import type { NamedContainer } from './model.js';

export interface ParsedTaskDefinition {
  networkMode: NetworkMode;
  pidMode?: string;
  ipcMode?: string;
  containers: NamedContainer[];
  volumes: Volume[];
}

const MODES: readonly NetworkMode[] = ['bridge', 'host', 'none', 'awsvpc'];

export class TaskDefinitionError extends Error {
  override name = 'TaskDefinitionError';
}

export function parseTaskDefinition(raw: Record<string, unknown>): ParsedTaskDefinition {
  const result = taskDefinitionInput.safeParse(withoutNulls(raw));
  if (!result.success) throw new TaskDefinitionError(`invalid task definition: ${result.error.issues[0]?.message ?? 'unreadable'}`);
  const td = result.data;
  const mode = (td.networkMode ?? 'bridge') as NetworkMode;
  if (!MODES.includes(mode)) throw new TaskDefinitionError(`network mode "${td.networkMode}" is not supported on this instance`);
  const containers = (td.containerDefinitions ?? []).map((c, i) => ({ ...c, name: c.name ?? `container-${i}` }));
  if (containers.length === 0) throw new TaskDefinitionError('the task definition has no containers');
  return {
    networkMode: mode,
    ...(td.pidMode ? { pidMode: td.pidMode } : {}),
    ...(td.ipcMode ? { ipcMode: td.ipcMode } : {}),
    containers,
    volumes: td.volumes ?? [],
  };
}

export function isEssential(c: NamedContainer): boolean {
  return c.essential !== false;
}

/** A container's definition by name; just the name when the task definition has no such container (or could not be parsed). */
export function definitionOf(td: ParsedTaskDefinition | undefined, name: string): NamedContainer {
  return td?.containers.find((d) => d.name === name) ?? { name };
}
