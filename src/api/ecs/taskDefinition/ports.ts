// Port mapping rules of a task definition, and the defaults ECS fills in (protocol tcp; hostPort
// equal to containerPort in awsvpc and host mode, 0 - dynamic - in bridge mode).
import { ClientException } from '../../../protocol/errors.js';
import type { ContainerDefinition, PortMapping } from '../../../protocol/ecs/taskDefinition.js';

export type NetworkMode = 'bridge' | 'host' | 'awsvpc' | 'none';

const APP_PROTOCOLS = new Set(['http', 'http2', 'grpc']);
const PORT_NAME = /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/;

export function invalidSetting(container: string, field: string, detail?: string): InstanceType<typeof ClientException> {
  return new ClientException(`Invalid '${field}' setting for container '${container}'.${detail ? ` ${detail}` : ''}`);
}

function inRange(n: number | undefined, min: number, max: number): n is number {
  return n !== undefined && n >= min && n <= max;
}

function checkRange(name: string, range: string, mode: NetworkMode): void {
  const m = /^(\d+)-(\d+)$/.exec(range);
  const start = Number(m?.[1]);
  const end = Number(m?.[2]);
  if (!m || !inRange(start, 1, 65535) || !inRange(end, 1, 65535) || start >= end) {
    throw invalidSetting(name, 'containerPortRange', 'Use "first-last" with 1 <= first < last <= 65535.');
  }
  if (mode !== 'bridge' && mode !== 'awsvpc') {
    throw invalidSetting(name, 'containerPortRange', 'Port ranges need the bridge or awsvpc network mode.');
  }
}

/** Checks one container's port mappings and returns them with ECS's defaults filled in. */
export function checkPortMappings(container: ContainerDefinition, mode: NetworkMode): PortMapping[] {
  const name = container.name ?? '';
  const mappings = container.portMappings ?? [];
  if (mappings.length > 0 && mode === 'none') {
    throw invalidSetting(name, 'portMappings', 'Port mappings are not supported when networkMode=none.');
  }
  const seen = new Set<string>();
  return mappings.map((pm) => {
    const protocol = pm.protocol ?? 'tcp';
    if (protocol !== 'tcp' && protocol !== 'udp') throw invalidSetting(name, 'protocol', 'Valid values are tcp and udp.');
    if (pm.appProtocol !== undefined) {
      if (!APP_PROTOCOLS.has(pm.appProtocol)) throw invalidSetting(name, 'appProtocol', 'Valid values are http, http2 and grpc.');
      if (pm.name === undefined) throw invalidSetting(name, 'appProtocol', "A port mapping with an 'appProtocol' needs a 'name'.");
    }
    if (pm.name !== undefined && !PORT_NAME.test(pm.name)) throw invalidSetting(name, 'portMappings', `Port mapping name '${pm.name}' is not valid.`);
    if (pm.containerPortRange !== undefined) {
      if (pm.containerPort !== undefined || pm.hostPort !== undefined) {
        throw invalidSetting(name, 'containerPortRange', "A port range can't be combined with 'containerPort' or 'hostPort'.");
      }
      checkRange(name, pm.containerPortRange, mode);
      return { ...pm, protocol };
    }
    if (!inRange(pm.containerPort, 1, 65535)) throw invalidSetting(name, 'containerPort');
    if (pm.hostPort !== undefined && !inRange(pm.hostPort, 0, 65535)) throw invalidSetting(name, 'hostPort');
    if ((mode === 'awsvpc' || mode === 'host') && pm.hostPort !== undefined && pm.hostPort !== pm.containerPort) {
      throw new ClientException(`When networkMode=${mode}, the host ports and container ports in port mappings must match.`);
    }
    const key = `${pm.containerPort}/${protocol}`;
    if (seen.has(key)) throw invalidSetting(name, 'portMappings', `Container port ${key} is mapped more than once.`);
    seen.add(key);
    const hostPort = mode === 'bridge' ? pm.hostPort ?? 0 : pm.containerPort;
    return { ...pm, containerPort: pm.containerPort, hostPort, protocol };
  });
}

/** Across the task: a host port (other than dynamic 0) and a port mapping name are used once. */
export function checkTaskPorts(containers: readonly ContainerDefinition[]): void {
  const hostPorts = new Set<string>();
  const names = new Set<string>();
  for (const c of containers) {
    for (const pm of c.portMappings ?? []) {
      if (pm.name !== undefined) {
        if (names.has(pm.name)) throw new ClientException(`Port mapping name '${pm.name}' is used more than once in the task definition.`);
        names.add(pm.name);
      }
      if (!pm.hostPort) continue;
      const key = `${pm.hostPort}/${pm.protocol ?? 'tcp'}`;
      if (hostPorts.has(key)) throw new ClientException(`Host port ${key} is mapped more than once in the task definition.`);
      hostPorts.add(key);
    }
  }
}
