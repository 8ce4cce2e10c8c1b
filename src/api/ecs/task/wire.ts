// The Task structure DescribeTasks, RunTask, StartTask and StopTask answer with. Pure.
import type { Tag } from '../tagStore.js';
import type { ContainerRecord, TaskRecord } from './model.js';

function seconds(ms: number | undefined): { value?: number } {
  return ms === undefined ? {} : { value: ms / 1000 };
}

/** `{ [key]: epochSeconds }` when the time is set, else nothing. */
function time<K extends string>(key: K, ms: number | undefined): Partial<Record<K, number>> {
  const s = seconds(ms);
  return s.value === undefined ? {} : ({ [key]: s.value } as Partial<Record<K, number>>);
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Partial<Record<K, V>>);
}

function containerToWire(t: TaskRecord, c: ContainerRecord) {
  const ip = t.attachment?.privateIPv4Address;
  return {
    containerArn: c.containerArn,
    taskArn: t.taskArn,
    name: c.name,
    image: c.image,
    ...optional('imageDigest', c.imageDigest),
    ...optional('runtimeId', c.runtimeId),
    lastStatus: c.lastStatus,
    ...optional('exitCode', c.exitCode),
    ...optional('reason', c.reason),
    networkBindings: c.networkBindings,
    networkInterfaces: t.attachment && ip ? [{ attachmentId: t.attachment.id, privateIpv4Address: ip }] : [],
    healthStatus: c.healthStatus,
    cpu: c.cpu,
    ...optional('memory', c.memory),
    ...optional('memoryReservation', c.memoryReservation),
  };
}

function attachments(t: TaskRecord) {
  const a = t.attachment;
  if (!a) return [];
  const details = [
    ...(a.subnetId ? [{ name: 'subnetId', value: a.subnetId }] : []),
    { name: 'networkInterfaceId', value: a.networkInterfaceId },
    { name: 'macAddress', value: a.macAddress },
    ...(a.privateIPv4Address ? [{ name: 'privateIPv4Address', value: a.privateIPv4Address }] : []),
  ];
  return [{ id: a.id, type: 'ElasticNetworkInterface', status: a.status, details }];
}

export interface TaskView {
  /** Given when the caller asked for tags (include TAGS, or the launch calls). */
  tags?: readonly Tag[];
}

export function taskToWire(t: TaskRecord, view: TaskView = {}) {
  return {
    attachments: attachments(t),
    ...optional('availabilityZone', t.availabilityZone),
    clusterArn: t.clusterArn,
    ...optional('connectivity', t.connectivity),
    ...time('connectivityAt', t.connectivityAt),
    containerInstanceArn: t.containerInstanceArn,
    containers: t.containers.map((c) => containerToWire(t, c)),
    cpu: t.cpu,
    ...time('createdAt', t.createdAt),
    desiredStatus: t.desiredStatus,
    enableExecuteCommand: false,
    ...time('executionStoppedAt', t.executionStoppedAt),
    group: t.group,
    healthStatus: t.healthStatus,
    lastStatus: t.lastStatus,
    launchType: t.launchType,
    memory: t.memory,
    overrides: t.overrides,
    ...time('pullStartedAt', t.pullStartedAt),
    ...time('pullStoppedAt', t.pullStoppedAt),
    ...time('startedAt', t.startedAt),
    ...optional('startedBy', t.startedBy),
    ...optional('stopCode', t.stopCode),
    ...time('stoppedAt', t.stoppedAt),
    ...optional('stoppedReason', t.stoppedReason),
    ...time('stoppingAt', t.stoppingAt),
    ...(view.tags ? { tags: view.tags.map((tag) => ({ key: tag.key, value: tag.value })) } : {}),
    taskArn: t.taskArn,
    taskDefinitionArn: t.taskDefinitionArn,
    version: t.version,
  };
}
