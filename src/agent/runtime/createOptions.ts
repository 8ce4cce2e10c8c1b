// A container definition -> Docker's create options. Pure: every host lookup (env files, ids of
// sibling containers, volume names, the awsvpc network) is resolved by the caller and passed in.
import type { ContainerDefinition } from '../../protocol/ecs/taskDefinition.js';
import type { CreateOptions } from './types.js';
import { LABELS, clusterLabel, dockerContainerName } from './labels.js';

export class CreateOptionsError extends Error {
  override name = 'CannotCreateContainerError';
}

export type NetworkMode = 'bridge' | 'host' | 'none' | 'awsvpc';

export type VolumeSource = { kind: 'bind'; path: string } | { kind: 'volume'; name: string };

export interface CreateContext {
  taskArn: string;
  clusterArn: string;
  family: string;
  revision: number;
  networkMode: NetworkMode;
  pidMode?: string;
  ipcMode?: string;
  container: ContainerDefinition & { name: string };
  instanceArn: string;
  hostIp: string;
  disablePrivileged: boolean;
  /** The stop timeout the engine uses for this container, in seconds. */
  stopTimeoutSeconds: number;
  /** Docker ids of the task's containers already created, by container name (volumesFrom). */
  runtimeIds: Record<string, string>;
  /** Each task volume by name: a host path or a Docker volume. */
  volumes: Record<string, VolumeSource>;
  /** awsvpc: the task's Docker network. */
  awsvpcNetwork?: string;
  /** Parsed environmentFiles, in the definition's order. */
  environmentFiles: Record<string, string>[];
  /** The task metadata endpoint and this container's token (not given to `none` containers). */
  metadata?: { baseUrl: string; token: string };
}

const MiB = 1024 * 1024;
const SECOND_NS = 1_000_000_000;
/** ECS gives a container without `cpu` (or with less) the Linux minimum of 2 shares. */
const MIN_CPU_SHARES = 2;
const HEALTH_DEFAULTS = { interval: 30, timeout: 5, retries: 3 };

/** `KEY=VALUE` lines of an environment file; `#` comments and blank lines are skipped. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/** ECS's precedence: `environment` wins over files; among files, the first value of a name wins. */
export function mergeEnvironment(def: ContainerDefinition, files: Record<string, string>[]): string[] {
  const env = new Map<string, string>();
  for (const file of files) {
    for (const [k, v] of Object.entries(file)) if (!env.has(k)) env.set(k, v);
  }
  for (const pair of def.environment ?? []) if (pair.name) env.set(pair.name, pair.value ?? '');
  return [...env].map(([k, v]) => `${k}=${v}`);
}

/** ECS_CONTAINER_METADATA_URI_V4 (and the v3 name, at its alias path); the agent's values win. */
function environment(ctx: CreateContext): string[] {
  const env = mergeEnvironment(ctx.container, ctx.environmentFiles);
  const meta = ctx.metadata;
  if (!meta || ctx.networkMode === 'none') return env;
  const injected = {
    ECS_CONTAINER_METADATA_URI_V4: `${meta.baseUrl}/v4/${meta.token}`,
    ECS_CONTAINER_METADATA_URI: `${meta.baseUrl}/v3/${meta.token}`,
  };
  return [...env.filter((kv) => !(kv.slice(0, kv.indexOf('=')) in injected)), ...Object.entries(injected).map(([k, v]) => `${k}=${v}`)];
}

function portOptions(ctx: CreateContext): Pick<CreateOptions, 'ExposedPorts'> & { PortBindings?: Record<string, { HostIp: string; HostPort: string }[]> } {
  const mappings = ctx.container.portMappings ?? [];
  if (mappings.length === 0) return {};
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const m of mappings) {
    if (m.containerPort === undefined) continue;
    const key = `${m.containerPort}/${m.protocol === 'udp' ? 'udp' : 'tcp'}`;
    exposed[key] = {};
    if (ctx.networkMode === 'bridge') {
      (bindings[key] ??= []).push({ HostIp: ctx.hostIp, HostPort: m.hostPort ? String(m.hostPort) : '' });
    }
  }
  return { ExposedPorts: exposed, ...(Object.keys(bindings).length ? { PortBindings: bindings } : {}) };
}

function healthcheck(def: ContainerDefinition): CreateOptions['Healthcheck'] | undefined {
  const hc = def.healthCheck;
  if (!hc?.command?.length) return undefined;
  const [kind] = hc.command;
  if (kind !== 'CMD' && kind !== 'CMD-SHELL' && kind !== 'NONE') {
    throw new CreateOptionsError(`healthCheck.command must start with CMD or CMD-SHELL, got "${kind}"`);
  }
  return {
    Test: hc.command,
    Interval: (hc.interval ?? HEALTH_DEFAULTS.interval) * SECOND_NS,
    Timeout: (hc.timeout ?? HEALTH_DEFAULTS.timeout) * SECOND_NS,
    Retries: hc.retries ?? HEALTH_DEFAULTS.retries,
    ...(hc.startPeriod ? { StartPeriod: hc.startPeriod * SECOND_NS } : {}),
  };
}

/** awslogs is shipped by Wharf's agent, not Docker: locally such containers log to json-file. */
function logConfig(def: ContainerDefinition): { Type: string; Config: Record<string, string> } | undefined {
  const lc = def.logConfiguration;
  if (!lc?.logDriver) return undefined;
  if (lc.logDriver === 'awslogs') return { Type: 'json-file', Config: {} };
  return { Type: lc.logDriver, Config: { ...(lc.options ?? {}) } };
}

function binds(ctx: CreateContext): string[] {
  return (ctx.container.mountPoints ?? []).map((mp) => {
    if (!mp.sourceVolume || !mp.containerPath) throw new CreateOptionsError('mountPoints need sourceVolume and containerPath');
    const source = ctx.volumes[mp.sourceVolume];
    if (!source) throw new CreateOptionsError(`mount point refers to volume "${mp.sourceVolume}", which the task does not define`);
    const from = source.kind === 'bind' ? source.path : source.name;
    return `${from}:${mp.containerPath}${mp.readOnly ? ':ro' : ''}`;
  });
}

function volumesFrom(ctx: CreateContext): string[] {
  return (ctx.container.volumesFrom ?? []).map((vf) => {
    const id = vf.sourceContainer ? ctx.runtimeIds[vf.sourceContainer] : undefined;
    if (!id) throw new CreateOptionsError(`volumesFrom: container "${vf.sourceContainer}" has not been created`);
    return `${id}${vf.readOnly ? ':ro' : ''}`;
  });
}

function links(ctx: CreateContext): string[] {
  if (ctx.networkMode !== 'bridge') return [];
  return (ctx.container.links ?? []).map((link) => {
    const [target = '', alias = target] = link.split(':');
    return `${dockerContainerName(ctx.family, ctx.revision, target, ctx.taskArn)}:${alias}`;
  });
}

function networkMode(ctx: CreateContext): string {
  if (ctx.networkMode !== 'awsvpc') return ctx.networkMode;
  if (!ctx.awsvpcNetwork) throw new CreateOptionsError('awsvpc task without its network');
  return ctx.awsvpcNetwork;
}

export function ecsLabels(ctx: Pick<CreateContext, 'taskArn' | 'clusterArn' | 'family' | 'revision' | 'instanceArn'>, containerName: string): Record<string, string> {
  return {
    [LABELS.taskArn]: ctx.taskArn,
    [LABELS.containerName]: containerName,
    [LABELS.cluster]: clusterLabel(ctx.clusterArn),
    [LABELS.family]: ctx.family,
    [LABELS.version]: String(ctx.revision),
    [LABELS.instance]: ctx.instanceArn,
  };
}

export function createOptions(ctx: CreateContext): CreateOptions {
  const def = ctx.container;
  if (!def.image) throw new CreateOptionsError(`container "${def.name}" has no image`);
  if (def.privileged && ctx.disablePrivileged) {
    throw new CreateOptionsError('privileged containers are disabled on this container instance (ECS_DISABLE_PRIVILEGED)');
  }
  const lp = def.linuxParameters;
  const tmpfs = Object.fromEntries((lp?.tmpfs ?? []).map((t) => [t.containerPath, [`size=${t.size}m`, ...(t.mountOptions ?? [])].join(',')]));
  const hostConfig: NonNullable<CreateOptions['HostConfig']> = {
    NetworkMode: networkMode(ctx),
    CpuShares: Math.max(def.cpu ?? 0, MIN_CPU_SHARES),
    ...(def.memory ? { Memory: def.memory * MiB } : {}),
    ...(def.memoryReservation ? { MemoryReservation: def.memoryReservation * MiB } : {}),
    ...(def.ulimits?.length ? { Ulimits: def.ulimits.map((u) => ({ Name: u.name, Soft: u.softLimit, Hard: u.hardLimit })) } : {}),
    ...(links(ctx).length ? { Links: links(ctx) } : {}),
    ...(binds(ctx).length ? { Binds: binds(ctx) } : {}),
    ...(volumesFrom(ctx).length ? { VolumesFrom: volumesFrom(ctx) } : {}),
    ...(def.readonlyRootFilesystem ? { ReadonlyRootfs: true } : {}),
    ...(def.privileged ? { Privileged: true } : {}),
    ...(lp?.initProcessEnabled ? { Init: true } : {}),
    ...(lp?.capabilities?.add?.length ? { CapAdd: lp.capabilities.add } : {}),
    ...(lp?.capabilities?.drop?.length ? { CapDrop: lp.capabilities.drop } : {}),
    ...(lp?.devices?.length ? {
      Devices: lp.devices.map((d) => ({
        PathOnHost: d.hostPath,
        PathInContainer: d.containerPath ?? d.hostPath,
        CgroupPermissions: (d.permissions ?? ['read', 'write', 'mknod']).map((p) => p[0]).join(''),
      })),
    } : {}),
    ...(lp?.sharedMemorySize ? { ShmSize: lp.sharedMemorySize * MiB } : {}),
    ...(Object.keys(tmpfs).length ? { Tmpfs: tmpfs } : {}),
    ...(lp?.maxSwap !== undefined && def.memory ? { MemorySwap: def.memory * MiB + lp.maxSwap * MiB } : {}),
    ...(lp?.swappiness !== undefined ? { MemorySwappiness: lp.swappiness } : {}),
    ...(def.dnsServers?.length ? { Dns: def.dnsServers } : {}),
    ...(def.dnsSearchDomains?.length ? { DnsSearch: def.dnsSearchDomains } : {}),
    ...(def.extraHosts?.length ? { ExtraHosts: def.extraHosts.map((h) => `${h.hostname}:${h.ipAddress}`) } : {}),
    ...(def.dockerSecurityOptions?.length ? { SecurityOpt: def.dockerSecurityOptions } : {}),
    ...(def.systemControls?.length ? {
      Sysctls: Object.fromEntries(def.systemControls.filter((s) => s.namespace).map((s) => [s.namespace ?? '', s.value ?? ''])),
    } : {}),
    ...(ctx.pidMode === 'host' ? { PidMode: 'host' } : {}),
    ...(ctx.ipcMode === 'host' || ctx.ipcMode === 'none' ? { IpcMode: ctx.ipcMode } : {}),
  };
  const ports = portOptions(ctx);
  if (ports.PortBindings) hostConfig.PortBindings = ports.PortBindings;
  const log = logConfig(def);
  if (log) hostConfig.LogConfig = log;
  const health = healthcheck(def);

  return {
    name: dockerContainerName(ctx.family, ctx.revision, def.name, ctx.taskArn),
    Image: def.image,
    ...(def.command ? { Cmd: def.command } : {}),
    ...(def.entryPoint ? { Entrypoint: def.entryPoint } : {}),
    Env: environment(ctx),
    ...(def.workingDirectory ? { WorkingDir: def.workingDirectory } : {}),
    ...(def.user ? { User: def.user } : {}),
    ...(def.hostname && ctx.networkMode !== 'host' && ctx.networkMode !== 'awsvpc' ? { Hostname: def.hostname } : {}),
    ...(def.interactive ? { OpenStdin: true } : {}),
    ...(def.pseudoTerminal ? { Tty: true } : {}),
    ...(def.disableNetworking ? { NetworkDisabled: true } : {}),
    ...(ports.ExposedPorts ? { ExposedPorts: ports.ExposedPorts } : {}),
    ...(health ? { Healthcheck: health } : {}),
    StopTimeout: ctx.stopTimeoutSeconds,
    Labels: { ...(def.dockerLabels ?? {}), ...ecsLabels(ctx, def.name) },
    HostConfig: hostConfig,
  };
}
