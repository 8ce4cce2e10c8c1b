// Rules for each container definition, and between the containers of one task definition.
import { ClientException } from '../../../protocol/errors.js';
import { checkPortMappings, invalidSetting, type NetworkMode } from './ports.js';
import type { ContainerDefinition } from '../../../protocol/ecs/taskDefinition.js';

export const LOG_DRIVERS = ['json-file', 'syslog', 'journald', 'gelf', 'fluentd', 'awslogs', 'splunk', 'awsfirelens'];
export const FARGATE_LOG_DRIVERS = ['awslogs', 'splunk', 'awsfirelens'];
const CONDITIONS = new Set(['START', 'COMPLETE', 'SUCCESS', 'HEALTHY']);
const NAME = /^[a-zA-Z0-9_-]+$/;
export const MIN_CONTAINER_MEMORY = 6;

export interface TaskFacts {
  networkMode: NetworkMode;
  fargate: boolean;
  /** Task-level memory in MiB, when given. */
  taskMemory?: number | undefined;
  taskCpu?: number | undefined;
  volumeNames: ReadonlySet<string>;
}

function between(value: number | undefined, min: number, max: number): boolean {
  return value === undefined || (value >= min && value <= max);
}

function checkMemory(c: ContainerDefinition, name: string, task: TaskFacts): void {
  if (c.memory === undefined && c.memoryReservation === undefined && task.taskMemory === undefined) {
    throw new ClientException(`Invalid setting for container '${name}'. At least one of 'memory' or 'memoryReservation' must be specified.`);
  }
  for (const field of ['memory', 'memoryReservation'] as const) {
    const value = c[field];
    if (value !== undefined && value < MIN_CONTAINER_MEMORY) {
      throw invalidSetting(name, field, `The minimum is ${MIN_CONTAINER_MEMORY} MiB.`);
    }
  }
  if (c.memory !== undefined && c.memoryReservation !== undefined && c.memoryReservation > c.memory) {
    throw new ClientException(`The 'memoryReservation' setting for container '${name}' is greater than its 'memory' setting.`);
  }
  if (task.taskMemory !== undefined && c.memory !== undefined && c.memory > task.taskMemory) {
    throw new ClientException(`The 'memory' setting for container '${name}' is greater than for the task.`);
  }
  if (c.cpu !== undefined && c.cpu < 0) throw invalidSetting(name, 'cpu');
  if (task.taskCpu !== undefined && c.cpu !== undefined && c.cpu > task.taskCpu) {
    throw new ClientException(`The 'cpu' setting for container '${name}' is greater than for the task.`);
  }
}

function checkHealthCheck(c: ContainerDefinition, name: string): void {
  const hc = c.healthCheck;
  if (!hc) return;
  if (!hc.command || hc.command.length === 0) throw invalidSetting(name, 'healthCheck', "'command' must be specified.");
  const ranges = [['interval', 5, 300], ['timeout', 2, 120], ['retries', 1, 10], ['startPeriod', 0, 300]] as const;
  for (const [field, min, max] of ranges) {
    if (!between(hc[field], min, max)) throw invalidSetting(name, 'healthCheck', `'${field}' must be between ${min} and ${max}.`);
  }
}

function checkLogging(c: ContainerDefinition, name: string, task: TaskFacts): void {
  const log = c.logConfiguration;
  if (!log) return;
  const drivers = task.fargate ? FARGATE_LOG_DRIVERS : LOG_DRIVERS;
  if (log.logDriver === undefined || !drivers.includes(log.logDriver)) {
    throw invalidSetting(name, 'logConfiguration', `Log driver '${log.logDriver ?? ''}' is not supported${task.fargate ? ' on Fargate' : ''}; valid values are ${drivers.join(', ')}.`);
  }
  for (const s of log.secretOptions ?? []) {
    if (!s.name || !s.valueFrom) throw invalidSetting(name, 'logConfiguration', "Each secret option needs a 'name' and a 'valueFrom'.");
  }
}

function checkVariables(c: ContainerDefinition, name: string): void {
  for (const e of c.environment ?? []) {
    if (!e.name) throw invalidSetting(name, 'environment', "Each environment variable needs a 'name'.");
  }
  for (const s of c.secrets ?? []) {
    if (!s.name || !s.valueFrom) throw invalidSetting(name, 'secrets', "Each secret needs a 'name' and a 'valueFrom'.");
  }
}

function checkNetworking(c: ContainerDefinition, name: string, task: TaskFacts): void {
  if (task.networkMode === 'awsvpc' && c.hostname !== undefined) {
    throw new ClientException('hostname is not supported on container when networkMode=awsvpc.');
  }
  if (task.networkMode !== 'bridge' && c.links !== undefined && c.links.length > 0) {
    throw new ClientException(`links are not supported on container when networkMode=${task.networkMode}.`);
  }
}

/** Checks one container on its own; returns its port mappings with ECS's defaults. */
export function checkContainer(c: ContainerDefinition, task: TaskFacts): ContainerDefinition['portMappings'] {
  if (!c.name) throw new ClientException('Container.name should not be null or empty.');
  if (!NAME.test(c.name)) throw new ClientException('Container.name contains invalid characters.');
  if (c.name.length > 255) throw new ClientException('Container.name must be at most 255 characters.');
  const name = c.name;
  if (!c.image) throw new ClientException('Container.image should not be null or empty.');
  checkMemory(c, name, task);
  checkNetworking(c, name, task);
  checkHealthCheck(c, name);
  checkLogging(c, name, task);
  checkVariables(c, name);
  for (const mp of c.mountPoints ?? []) {
    if (!mp.sourceVolume || !task.volumeNames.has(mp.sourceVolume)) throw new ClientException(`Unknown volume '${mp.sourceVolume ?? 'null'}'.`);
    if (!mp.containerPath) throw invalidSetting(name, 'mountPoints', "'containerPath' must be specified.");
  }
  return checkPortMappings(c, task.networkMode);
}

/** Rules between containers: unique names, one essential, dependsOn, volumesFrom, links. */
export function checkContainerGraph(containers: readonly ContainerDefinition[]): void {
  const byName = new Map(containers.map((c) => [c.name ?? '', c]));
  if (byName.size !== containers.length) throw new ClientException('Container names must be unique within a Task Definition.');
  if (!containers.some((c) => c.essential !== false)) throw new ClientException("Task definition doesn't have any essential container.");
  for (const c of containers) {
    const name = c.name ?? '';
    for (const d of c.dependsOn ?? []) {
      const target = d.containerName === undefined ? undefined : byName.get(d.containerName);
      if (!target || d.containerName === name) throw invalidSetting(name, 'dependsOn', `Container '${d.containerName ?? ''}' is not another container of this task definition.`);
      if (d.condition === undefined || !CONDITIONS.has(d.condition)) {
        throw invalidSetting(name, 'dependsOn', `Condition '${d.condition ?? ''}' is not valid; use START, COMPLETE, SUCCESS or HEALTHY.`);
      }
      if ((d.condition === 'SUCCESS' || d.condition === 'COMPLETE') && target.essential !== false) {
        throw new ClientException('A dependency container with SUCCESS or COMPLETE condition cannot be an essential container');
      }
      if (d.condition === 'HEALTHY' && !target.healthCheck) {
        throw invalidSetting(name, 'dependsOn', `Container '${d.containerName}' has no healthCheck, so nothing can depend on it being HEALTHY.`);
      }
    }
    for (const v of c.volumesFrom ?? []) {
      if (!v.sourceContainer || !byName.has(v.sourceContainer) || v.sourceContainer === name) {
        throw invalidSetting(name, 'volumesFrom', `Unknown source container '${v.sourceContainer ?? ''}'.`);
      }
    }
    for (const link of c.links ?? []) {
      const target = link.split(':')[0] ?? '';
      if (!byName.has(target) || target === name) throw invalidSetting(name, 'links', `Unknown container '${target}'.`);
    }
  }
  checkNoCycle(containers);
}

function checkNoCycle(containers: readonly ContainerDefinition[]): void {
  const edges = new Map(containers.map((c) => [c.name ?? '', (c.dependsOn ?? []).map((d) => d.containerName ?? '')]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(name)), name];
      throw new ClientException(`The dependsOn settings form a cycle: ${cycle.join(' -> ')}.`);
    }
    state.set(name, 'visiting');
    for (const next of edges.get(name) ?? []) visit(next, [...path, name]);
    state.set(name, 'done');
  };
  for (const name of edges.keys()) visit(name, []);
}
