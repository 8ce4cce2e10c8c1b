// A task record -> what the task metadata endpoint serves (metadata/types.ts). Pure: the engine
// calls it with its current record for every request, so the answer is always today's state.
import type { ContainerMetadataSource, TaskMetadataSource } from '../metadata/types.js';
import { ecsLabels } from '../runtime/createOptions.js';
import { dockerContainerName } from '../runtime/labels.js';
import type { ContainerRecord, TaskRecord } from './model.js';
import type { ParsedTaskDefinition } from './taskDefinition.js';

export interface MetadataContext {
  instanceArn: string;
  availabilityZone?: string;
}

function taskLimits(raw: Record<string, unknown>): TaskMetadataSource['limits'] {
  const cpu = Number(raw.cpu);
  const memory = Number(raw.memory);
  const limits = {
    ...(raw.cpu !== undefined && Number.isFinite(cpu) ? { cpu: cpu / 1024 } : {}),
    ...(raw.memory !== undefined && Number.isFinite(memory) ? { memory } : {}),
  };
  return Object.keys(limits).length ? limits : undefined;
}

function container(task: TaskRecord, c: ContainerRecord, def: ParsedTaskDefinition | undefined, ctx: MetadataContext): ContainerMetadataSource {
  const d = def?.containers.find((x) => x.name === c.name);
  const { spec } = task;
  const address = def?.networkMode === 'awsvpc' && task.privateIPv4Address ? [task.privateIPv4Address] : [];
  const log = d?.logConfiguration;
  return {
    name: c.name,
    ...(c.runtimeId ? { dockerId: c.runtimeId } : {}),
    dockerName: dockerContainerName(spec.family, spec.revision, c.name, spec.taskArn),
    image: d?.image ?? '',
    ...(c.imageDigest ? { imageId: c.imageDigest } : {}),
    labels: { ...(d?.dockerLabels ?? {}), ...ecsLabels({ ...spec, instanceArn: ctx.instanceArn }, c.name) },
    desiredStatus: task.desired,
    knownStatus: c.known,
    ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
    limits: { ...(d?.cpu !== undefined ? { cpu: d.cpu } : {}), ...(d?.memory !== undefined ? { memory: d.memory } : {}) },
    ports: c.networkBindings.map((b) => ({ containerPort: b.containerPort, hostPort: b.hostPort, protocol: b.protocol, hostIp: b.bindIP })),
    networks: [{ networkMode: def?.networkMode ?? 'bridge', ipv4Addresses: address }],
    ...(c.health ? { health: { status: c.health } } : {}),
    ...(log?.logDriver ? { logDriver: log.logDriver } : {}),
    ...(log?.options ? { logOptions: log.options } : {}),
  };
}

export function taskMetadataSource(task: TaskRecord, def: ParsedTaskDefinition | undefined, ctx: MetadataContext): TaskMetadataSource {
  const { spec } = task;
  const limits = taskLimits(spec.taskDefinition);
  const service = spec.group?.startsWith('service:') ? spec.group.slice('service:'.length) : undefined;
  return {
    cluster: spec.clusterArn,
    taskArn: spec.taskArn,
    family: spec.family,
    revision: spec.revision,
    desiredStatus: task.desired,
    knownStatus: task.status,
    ...(limits ? { limits } : {}),
    ...(task.pullStartedAt !== undefined ? { pullStartedAt: task.pullStartedAt } : {}),
    ...(task.pullStoppedAt !== undefined ? { pullStoppedAt: task.pullStoppedAt } : {}),
    ...(task.executionStoppedAt !== undefined ? { executionStoppedAt: task.executionStoppedAt } : {}),
    ...(ctx.availabilityZone ? { availabilityZone: ctx.availabilityZone } : {}),
    launchType: spec.launchType,
    ...(service ? { serviceName: service } : {}),
    containers: task.containers.map((c) => container(task, c, def, ctx)),
  };
}
