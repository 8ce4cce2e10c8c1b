// What Docker says about a container (an inspection, or that it is gone), folded into the task's
// record: status (only forward), exit code and reason, health, network bindings, the awsvpc
// address. Pure: the task loop inspects, this decides what the inspection means.
import type { DockerHealth, RuntimeContainer } from '../runtime/types.js';
import { advance, type ContainerRecord, type Health, type NamedContainer, type TaskRecord } from './model.js';
import { definitionOf, type ParsedTaskDefinition } from './taskDefinition.js';

export interface ObservedTask {
  record: TaskRecord;
  parsed: ParsedTaskDefinition | undefined;
  /** The host's IP, the bindIP of `host` mode ports. */
  hostIp: string;
}

const HEALTH: Record<DockerHealth, Health> = { healthy: 'HEALTHY', unhealthy: 'UNHEALTHY', starting: 'UNKNOWN' };

export function healthOf(health: DockerHealth): Health {
  return HEALTH[health];
}

export const VANISHED_OUTSIDE = 'ContainerVanishedError: the container was removed from Docker outside the agent';

/** Folds an inspection (undefined: Docker has no such container) into the container's record. */
export function observe(task: ObservedTask, c: ContainerRecord, info: RuntimeContainer | undefined, vanishedReason?: string): void {
  if (!info) {
    if (c.runtimeId && c.known !== 'STOPPED') {
      c.reason ??= vanishedReason ?? VANISHED_OUTSIDE;
      advance(c, 'STOPPED');
    }
    return;
  }
  c.runtimeId ??= info.id;
  const def = definitionOf(task.parsed, c.name);
  if (info.health && def.healthCheck?.command?.length) c.health = healthOf(info.health);
  else if (def.healthCheck?.command?.length) c.health ??= 'UNKNOWN';
  if (info.running) {
    if (advance(c, 'RUNNING') || c.networkBindings.length === 0) c.networkBindings = bindings(task, info, def);
    const { record } = task;
    if (record.network && !record.privateIPv4Address && info.networks[record.network]) {
      record.privateIPv4Address = info.networks[record.network];
    }
  } else if (info.status === 'exited' || info.status === 'dead') {
    if (c.known !== 'STOPPED') {
      if (info.exitCode !== undefined) c.exitCode = info.exitCode;
      if (info.oomKilled) c.reason ??= 'OutOfMemoryError: Container killed due to memory usage';
      else if (info.error) c.reason ??= info.error;
    }
    advance(c, 'STOPPED');
  } else if (info.status === 'created') {
    advance(c, 'CREATED');
  }
}

/** bridge: what Docker bound; host: the port mappings themselves on the host IP; otherwise none. */
function bindings(task: ObservedTask, info: RuntimeContainer, def: NamedContainer): ContainerRecord['networkBindings'] {
  const mode = task.parsed?.networkMode ?? 'bridge';
  if (mode === 'bridge') {
    return info.ports.map((p) => ({ bindIP: p.hostIp, containerPort: p.containerPort, hostPort: p.hostPort, protocol: p.protocol }));
  }
  if (mode === 'host') {
    return (def.portMappings ?? []).filter((m) => m.containerPort !== undefined).map((m) => ({
      bindIP: task.hostIp,
      containerPort: m.containerPort ?? 0,
      hostPort: m.hostPort || (m.containerPort ?? 0),
      protocol: m.protocol === 'udp' ? 'udp' as const : 'tcp' as const,
    }));
  }
  return [];
}
