// RunTask/StartTask overrides: ECS's checks, the task definition they produce (what the agent
// runs), and what such a task reserves on an instance. Pure.
import { InvalidParameterException } from '../../../protocol/errors.js';
import type { Capacity } from '../containerInstance/model.js';
import { parseCpu, parseMemory } from '../taskDefinition/resources.js';
import type { ContainerDefinition, TaskDefinition } from '../../../protocol/ecs/taskDefinition.js';
import type { TaskOverrideWire } from './model.js';
import type { TaskOverrideInput } from './schema.js';

type ContainerOverrideInput = NonNullable<TaskOverrideInput['containerOverrides']>[number];

export interface Effective {
  taskDefinition: TaskDefinition;
  /** The overrides as DescribeTasks answers them: one entry per container, in definition order. */
  overrides: TaskOverrideWire;
}

function taskAmount(value: string, field: 'cpu' | 'memory'): string {
  const parsed = field === 'cpu' ? parseCpu(value) : parseMemory(value);
  if (parsed === undefined) throw new InvalidParameterException(`Invalid '${field}' override for task: '${value}'.`);
  return String(parsed);
}

function mergeEnvironment(base: ContainerDefinition['environment'], extra: ContainerOverrideInput['environment']) {
  if (!extra) return base;
  const byName = new Map((base ?? []).map((e) => [e.name ?? '', e]));
  for (const e of extra) byName.set(e.name ?? '', e);
  return [...byName.values()];
}

function applyContainer(c: ContainerDefinition, o: ContainerOverrideInput | undefined): ContainerDefinition {
  if (!o) return c;
  const next: ContainerDefinition = { ...c };
  if (o.command !== undefined) next.command = o.command;
  if (o.environment !== undefined) next.environment = mergeEnvironment(c.environment, o.environment);
  if (o.environmentFiles !== undefined) next.environmentFiles = [...(c.environmentFiles ?? []), ...o.environmentFiles];
  if (o.cpu !== undefined) next.cpu = o.cpu;
  if (o.memory !== undefined) next.memory = o.memory;
  if (o.memoryReservation !== undefined) next.memoryReservation = o.memoryReservation;
  if (o.resourceRequirements !== undefined) next.resourceRequirements = o.resourceRequirements as ContainerDefinition['resourceRequirements'];
  const name = c.name ?? '';
  if (next.memory !== undefined && next.memoryReservation !== undefined && next.memoryReservation > next.memory) {
    throw new InvalidParameterException(`The 'memoryReservation' override for container '${name}' is greater than its 'memory'.`);
  }
  for (const field of ['cpu', 'memory', 'memoryReservation'] as const) {
    const v = o[field];
    if (v !== undefined && v < 0) throw new InvalidParameterException(`Invalid '${field}' override for container '${name}'.`);
  }
  return next;
}

/** Checks `input` against the task definition and applies it. */
export function applyOverrides(td: TaskDefinition, input: TaskOverrideInput | undefined): Effective {
  const byName = new Map<string, ContainerOverrideInput>();
  for (const o of input?.containerOverrides ?? []) {
    if (!o.name) throw new InvalidParameterException('Container override name can not be null.');
    if (!td.containerDefinitions.some((c) => c.name === o.name)) {
      throw new InvalidParameterException(`Override for container named ${o.name} is not a container in the TaskDefinition.`);
    }
    if (byName.has(o.name)) throw new InvalidParameterException(`Container ${o.name} is overridden more than once.`);
    byName.set(o.name, o);
  }
  const taskDefinition: TaskDefinition = {
    ...td,
    containerDefinitions: td.containerDefinitions.map((c) => applyContainer(c, byName.get(c.name ?? ''))),
  };
  const overrides: TaskOverrideWire = {
    containerOverrides: td.containerDefinitions.map((c) => ({ ...byName.get(c.name ?? ''), name: c.name })),
    inferenceAcceleratorOverrides: input?.inferenceAcceleratorOverrides ?? [],
  };
  if (input?.cpu !== undefined) overrides.cpu = taskDefinition.cpu = taskAmount(input.cpu, 'cpu');
  if (input?.memory !== undefined) overrides.memory = taskDefinition.memory = taskAmount(input.memory, 'memory');
  if (input?.taskRoleArn !== undefined) overrides.taskRoleArn = taskDefinition.taskRoleArn = input.taskRoleArn;
  if (input?.executionRoleArn !== undefined) overrides.executionRoleArn = taskDefinition.executionRoleArn = input.executionRoleArn;
  if (input?.ephemeralStorage !== undefined) overrides.ephemeralStorage = input.ephemeralStorage;
  return { taskDefinition, overrides };
}

/**
 * What a task reserves: task-level cpu/memory when set, else the containers' sums (memory counts
 * memoryReservation when given, else memory); fixed host ports in bridge and host mode.
 */
export function taskNeeds(td: TaskDefinition): Capacity {
  const containers = td.containerDefinitions;
  const cpu = td.cpu !== undefined ? parseCpu(td.cpu) ?? 0 : containers.reduce((n, c) => n + (c.cpu ?? 0), 0);
  const memory = td.memory !== undefined
    ? parseMemory(td.memory) ?? 0
    : containers.reduce((n, c) => n + (c.memoryReservation ?? c.memory ?? 0), 0);
  const tcp: number[] = [];
  const udp: number[] = [];
  const mode = td.networkMode ?? 'bridge';
  if (mode === 'bridge' || mode === 'host') {
    for (const c of containers) {
      for (const pm of c.portMappings ?? []) {
        const port = mode === 'host' ? pm.hostPort ?? pm.containerPort : pm.hostPort;
        if (!port || pm.containerPortRange !== undefined) continue;
        (pm.protocol === 'udp' ? udp : tcp).push(port);
      }
    }
  }
  return { cpu, memory, tcp, udp };
}
