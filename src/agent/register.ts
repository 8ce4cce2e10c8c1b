// RegisterContainerInstance: the host's resources, identity document and the attributes ECS's agent
// advertises, under the saved container instance ARN after a restart.
import {
  RegisterContainerInstanceCommand, type Attribute, type ECSClient, type RegisterContainerInstanceCommandInput, type Resource,
} from '@aws-sdk/client-ecs';
import type { Logger } from 'pino';
import type { Ids } from '../util/clock.js';
import type { AgentConfig } from './config.js';
import type { ContainerRuntime } from './runtime/types.js';
import type { AgentStateData, StateFile } from './stateFile.js';

export const AGENT_VERSION = '0.1.0';

export interface HostFacts {
  cpus: number;
  memoryBytes: number;
  /** Node's process.arch. */
  arch: string;
  dockerVersion: string;
  /** Docker's API version, e.g. `1.41`. */
  dockerApiVersion: string;
}

const MIN_API_MINOR = 17;
const MAX_API_MINOR = 44;

export function cpuArchitecture(arch: string): string {
  return arch === 'arm64' ? 'arm64' : arch === 'x64' ? 'x86_64' : arch;
}

/** `i-` + 17 hex for an EC2-like instance; `mi-` + 17 hex for an external (ECS Anywhere) one. */
export function instanceIdPrefix(config: Pick<AgentConfig, 'external'>): 'i-' | 'mi-' {
  return config.external ? 'mi-' : 'i-';
}

/**
 * The attributes ECS's agent puts on a Linux instance, for what Wharf's agent really does. An
 * external instance says so with `ecs.capability.external` and, as on ECS Anywhere, offers no
 * `awsvpc` (`ecs.capability.task-eni`).
 */
export function instanceAttributes(config: AgentConfig, host: HostFacts): Attribute[] {
  const names = [
    'ecs.capability.container-health-check',
    'ecs.capability.container-ordering',
    config.external ? 'ecs.capability.external' : 'ecs.capability.task-eni',
    'ecs.capability.task-cpu-mem-limit',
    'ecs.capability.docker-plugin.local',
    'ecs.capability.env-files.s3',
    'com.amazonaws.ecs.capability.ecr-auth',
    'ecs.capability.execution-role-ecr-pull',
    'ecs.capability.execution-role-awslogs',
  ];
  if (!config.disablePrivileged) names.push('com.amazonaws.ecs.capability.privileged-container');
  if (config.enableTaskIamRole) names.push('com.amazonaws.ecs.capability.task-iam-role');
  const apiMinor = Number(host.dockerApiVersion.split('.')[1] ?? MAX_API_MINOR);
  for (let m = MIN_API_MINOR; m <= Math.min(apiMinor, MAX_API_MINOR); m++) names.push(`com.amazonaws.ecs.capability.docker-remote-api.1.${m}`);
  for (const driver of config.availableLoggingDrivers) names.push(`com.amazonaws.ecs.capability.logging-driver.${driver}`);
  const valued: Record<string, string> = {
    'ecs.os-type': 'linux',
    'ecs.os-family': 'LINUX',
    'ecs.cpu-architecture': cpuArchitecture(host.arch),
    'ecs.instance-type': config.instanceType,
    'ecs.availability-zone': config.availabilityZone,
    ...config.instanceAttributes,
  };
  return [
    ...names.map((name) => ({ name })),
    ...Object.entries(valued).map(([name, value]) => ({ name, value })),
  ];
}

export function identityDocument(config: AgentConfig, instanceId: string): string {
  return JSON.stringify({
    instanceId,
    instanceType: config.instanceType,
    availabilityZone: config.availabilityZone,
    region: config.region,
    privateIp: config.hostIp,
  });
}

export function totalResources(config: AgentConfig, host: HostFacts): Resource[] {
  const memoryMiB = Math.max(0, Math.floor(host.memoryBytes / (1024 * 1024)) - config.reservedMemoryMiB);
  return [
    { name: 'CPU', type: 'INTEGER', integerValue: host.cpus * 1024 },
    { name: 'MEMORY', type: 'INTEGER', integerValue: memoryMiB },
    { name: 'PORTS', type: 'STRINGSET', stringSetValue: config.reservedPorts.map(String) },
    { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: config.reservedPortsUdp.map(String) },
  ];
}

export function registrationRequest(config: AgentConfig, host: HostFacts, instanceId: string, containerInstanceArn?: string): RegisterContainerInstanceCommandInput {
  return {
    cluster: config.cluster,
    instanceIdentityDocument: identityDocument(config, instanceId),
    totalResources: totalResources(config, host),
    versionInfo: { agentVersion: AGENT_VERSION, agentHash: 'wharf', dockerVersion: `DockerVersion: ${host.dockerVersion}` },
    attributes: instanceAttributes(config, host),
    ...(containerInstanceArn ? { containerInstanceArn } : {}),
  };
}

export interface Registration {
  containerInstanceArn: string;
  clusterArn: string;
}

/** `arn:aws:ecs:r:a:container-instance/<cluster>/<id>` -> `arn:aws:ecs:r:a:cluster/<cluster>`. */
export function clusterArnOf(containerInstanceArn: string, cluster: string): string {
  if (cluster.startsWith('arn:')) return cluster;
  const m = /^(arn:[^:]+:ecs:[^:]*:[^:]*:)container-instance\/(?:([^/]+)\/)?[^/]+$/.exec(containerInstanceArn);
  return m ? `${m[1]}cluster/${m[2] ?? cluster}` : cluster;
}

export async function registerInstance(ecs: ECSClient, input: RegisterContainerInstanceCommandInput): Promise<Registration> {
  let out;
  try {
    out = await ecs.send(new RegisterContainerInstanceCommand(input));
  } catch (err) {
    // The server no longer knows the saved ARN (its data was reset): register as a new instance.
    if (!input.containerInstanceArn || (err as Error).name === 'ClusterNotFoundException') throw err;
    out = await ecs.send(new RegisterContainerInstanceCommand({ ...input, containerInstanceArn: undefined }));
  }
  const arn = out.containerInstance?.containerInstanceArn;
  if (!arn) throw new Error('RegisterContainerInstance answered without a containerInstanceArn');
  return { containerInstanceArn: arn, clusterArn: clusterArnOf(arn, input.cluster ?? 'default') };
}

/**
 * After registering under another ARN than the saved one (a forced deregistration, another
 * cluster, ECS_EXTERNAL switched): the saved tasks were the old instance's. Forgets them, as ECS's
 * agent does, leaving their containers running (orphaned, under the old instance label), instead of
 * reporting them to the new instance as vanished. Answers the task ARNs forgotten.
 */
export function forgetPreviousInstance(data: AgentStateData, containerInstanceArn: string): string[] {
  if (!data.containerInstanceArn || data.containerInstanceArn === containerInstanceArn) return [];
  const orphaned = Object.keys(data.tasks);
  data.tasks = {};
  return orphaned;
}

export interface RegisteredHost extends Registration {
  instanceId: string;
}

/** RegisterContainerInstance, under the saved ARN when it still applies; the result is saved. */
export async function registerHost(o: { config: AgentConfig; state: StateFile; runtime: ContainerRuntime; ecs: ECSClient; ids: Ids; log: Logger }): Promise<RegisteredHost> {
  const { config, state, log } = o;
  // ECS_EXTERNAL switches the id's kind (`i-` <-> `mi-`): that is another instance, registered anew.
  const prefix = instanceIdPrefix(config);
  const sameKind = state.data.instanceId?.startsWith(prefix) === true;
  const instanceId = sameKind && state.data.instanceId ? state.data.instanceId : `${prefix}${o.ids.hex(9).slice(0, 17)}`;
  const [version, resources] = await Promise.all([o.runtime.version(), o.runtime.hostResources()]);
  const savedArn = state.data.cluster === config.cluster && sameKind ? state.data.containerInstanceArn : undefined;
  const { containerInstanceArn, clusterArn } = await registerInstance(o.ecs, registrationRequest(config, {
    cpus: resources.cpus, memoryBytes: resources.memoryBytes, arch: process.arch,
    dockerVersion: version.version, dockerApiVersion: version.apiVersion,
  }, instanceId, savedArn));
  const previousArn = state.data.containerInstanceArn;
  const orphaned = forgetPreviousInstance(state.data, containerInstanceArn);
  if (orphaned.length > 0) {
    log.warn({ previousArn, containerInstanceArn, tasks: orphaned },
      'registered as a new container instance: the previous instance\'s tasks are forgotten and their containers left running, orphaned');
  }
  Object.assign(state.data, { instanceId, containerInstanceArn, cluster: config.cluster });
  await state.save();
  log.info({ containerInstanceArn, instanceId }, 'registered');
  return { instanceId, containerInstanceArn, clusterArn };
}
