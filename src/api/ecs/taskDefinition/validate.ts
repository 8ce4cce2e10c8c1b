// RegisterTaskDefinition's rules, as ECS applies them: pure, answering ECS's ClientException.
import { ClientException } from '../../../protocol/errors.js';
import { checkContainer, checkContainerGraph, type TaskFacts } from './containers.js';
import { checkTaskPorts, type NetworkMode } from './ports.js';
import { isFargateSize, parseCpu, parseMemory } from './resources.js';
import type { ContainerDefinition, RegisterTaskDefinitionRequest } from '../../../protocol/ecs/taskDefinition.js';

export const MAX_CONTAINERS = 10;
export const MAX_TASK_DEFINITION_BYTES = 65536;
const NETWORK_MODES: readonly NetworkMode[] = ['bridge', 'host', 'awsvpc', 'none'];
const COMPATIBILITIES = ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'];
const FAMILY = /^[a-zA-Z0-9_-]+$/;

/** What registration needs from a valid request, with ECS's normalisation applied. */
export interface ValidRegistration {
  family: string;
  /** The network mode the task runs with (bridge when the request names none). */
  mode: NetworkMode;
  /** Task-level cpu and memory as ECS stores them: integer strings (CPU units, MiB). */
  cpu?: string;
  memory?: string;
  /** Containers with their port mappings completed. */
  containers: ContainerDefinition[];
}

function checkFamily(family: string | undefined): string {
  if (!family || family.trim() === '') throw new ClientException('Family can not be blank.');
  if (!FAMILY.test(family)) throw new ClientException('Family contains invalid characters.');
  if (family.length > 255) throw new ClientException('Family must be at most 255 characters.');
  return family;
}

function checkSize(req: RegisterTaskDefinitionRequest): void {
  const definition: Partial<RegisterTaskDefinitionRequest> = { ...req };
  delete definition.tags;
  const length = Buffer.byteLength(JSON.stringify(definition), 'utf8');
  if (length > MAX_TASK_DEFINITION_BYTES) {
    throw new ClientException(`Actual length: '${length}'. Max allowed length is '${MAX_TASK_DEFINITION_BYTES}' bytes.`);
  }
}

function checkNetworkMode(value: string | undefined): NetworkMode {
  if (value === undefined) return 'bridge';
  const mode = NETWORK_MODES.find((m) => m === value);
  if (!mode) throw new ClientException(`Invalid networkMode '${value}'. Valid values are ${NETWORK_MODES.join(', ')}.`);
  return mode;
}

function taskResource(value: string | undefined, field: 'cpu' | 'memory'): number | undefined {
  if (value === undefined) return undefined;
  const parsed = field === 'cpu' ? parseCpu(value) : parseMemory(value);
  if (parsed === undefined) throw new ClientException(`Invalid '${field}' setting for task.`);
  return parsed;
}

function checkFargate(req: RegisterTaskDefinitionRequest, mode: NetworkMode, cpu?: number, memory?: number): void {
  if (mode !== 'awsvpc') throw new ClientException('Fargate only supports network mode ‘awsvpc’.');
  if (cpu === undefined) throw new ClientException("Fargate requires that 'cpu' be defined at the task level.");
  if (memory === undefined) throw new ClientException("Fargate requires that 'memory' be defined at the task level.");
  if (!isFargateSize(cpu, memory)) {
    throw new ClientException(`No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory. See the Amazon ECS documentation for the valid values.`);
  }
  if (req.ipcMode !== undefined) throw new ClientException('Tasks using the Fargate launch type do not support ipcMode.');
  if ((req.volumes ?? []).some((v) => v.host?.sourcePath !== undefined)) {
    throw new ClientException('Fargate compatible task definitions do not support sourcePath');
  }
}

function checkVolumes(req: RegisterTaskDefinitionRequest): Set<string> {
  const names = new Set<string>();
  for (const v of req.volumes ?? []) {
    if (!v.name) throw new ClientException('Volume.name should not be null or empty.');
    if (!FAMILY.test(v.name) || v.name.length > 255) throw new ClientException('Volume.name contains invalid characters.');
    if (names.has(v.name)) throw new ClientException(`Volume names must be unique within a Task Definition: '${v.name}' is used more than once.`);
    names.add(v.name);
  }
  return names;
}

function checkTotals(containers: readonly ContainerDefinition[], facts: TaskFacts): void {
  const sum = (pick: (c: ContainerDefinition) => number | undefined) => containers.reduce((n, c) => n + (pick(c) ?? 0), 0);
  if (facts.taskMemory !== undefined && sum((c) => c.memoryReservation) > facts.taskMemory) {
    throw new ClientException("The sum of all container 'memoryReservation' values cannot be greater than the value of the task 'memory'.");
  }
  if (facts.taskCpu !== undefined && sum((c) => c.cpu) > facts.taskCpu) {
    throw new ClientException("The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'.");
  }
}

export function validateRegistration(req: RegisterTaskDefinitionRequest): ValidRegistration {
  const family = checkFamily(req.family);
  const given = req.containerDefinitions ?? [];
  if (given.length === 0) throw new ClientException('Container list cannot be empty.');
  if (given.length > MAX_CONTAINERS) throw new ClientException('Too many containers.');
  checkSize(req);
  const mode = checkNetworkMode(req.networkMode);
  const wanted = req.requiresCompatibilities ?? [];
  const unknown = wanted.find((c) => !COMPATIBILITIES.includes(c));
  if (unknown !== undefined) throw new ClientException(`Invalid requiresCompatibilities value '${unknown}'. Valid values are ${COMPATIBILITIES.join(', ')}.`);
  const taskCpu = taskResource(req.cpu, 'cpu');
  const taskMemory = taskResource(req.memory, 'memory');
  const fargate = wanted.includes('FARGATE');
  if (fargate) checkFargate(req, mode, taskCpu, taskMemory);
  const facts: TaskFacts = { networkMode: mode, fargate, taskCpu, taskMemory, volumeNames: checkVolumes(req) };
  const containers = given.map((c) => ({ ...c, portMappings: checkContainer(c, facts) }));
  checkContainerGraph(containers);
  checkTaskPorts(containers);
  checkTotals(containers, facts);
  if (req.proxyConfiguration && !containers.some((c) => c.name === req.proxyConfiguration?.containerName)) {
    throw new ClientException(`Invalid 'proxyConfiguration' setting: container '${req.proxyConfiguration.containerName}' is not defined.`);
  }
  return {
    family,
    mode,
    containers,
    ...(taskCpu !== undefined ? { cpu: String(taskCpu) } : {}),
    ...(taskMemory !== undefined ? { memory: String(taskMemory) } : {}),
  };
}
