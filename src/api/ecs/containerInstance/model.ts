// A container instance as Wharf keeps it, what its tasks hold of it, and its wire shape. Pure.
// The instance record carries the resources its non-stopped tasks reserve (`placed`), so that a
// placement snapshot is the cluster's instance records and nothing else.
import type { ContainerInstanceView, HostPorts, InstanceStatus } from '../../../placement/index.js';
import type { Tag } from '../tagStore.js';

export interface Attribute {
  name: string;
  value?: string;
}

/** ECS's Resource structure, as registered and answered. */
export interface WireResource {
  name: string;
  type: string;
  doubleValue: number;
  longValue: number;
  integerValue: number;
  stringSetValue?: string[];
}

export interface VersionInfo {
  agentVersion?: string;
  agentHash?: string;
  dockerVersion?: string;
}

/** What one non-stopped task reserves on its instance. */
export interface PlacedTask {
  group: string;
  family: string;
  cpu: number;
  memory: number;
  tcp: number[];
  udp: number[];
  lastStatus: string;
  launchType: string;
  /** The task's desired status, so the agent session knows what to ask without reading the task.
   * Absent in records written before it was kept: the session then reads the task. */
  desiredStatus?: string;
}

export interface Capacity {
  cpu: number;
  memory: number;
  tcp: number[];
  udp: number[];
}

export interface ContainerInstanceRecord {
  id: string;
  arn: string;
  clusterName: string;
  ec2InstanceId: string;
  instanceType?: string;
  availabilityZone?: string;
  /** The host's address from the identity document: where load balancers reach its tasks' host ports. */
  privateIp?: string;
  status: InstanceStatus;
  statusReason?: string;
  agentConnected: boolean;
  /** Epoch ms since when the agent is disconnected; absent while connected (control/liveness.ts). */
  disconnectedAt?: number;
  /** Epoch ms when the liveness loop took the host for lost and stopped its tasks; cleared on reconnect. */
  lostAt?: number;
  version: number;
  versionInfo: VersionInfo;
  registeredResources: WireResource[];
  /** CPU units, MiB and reserved host ports, read from registeredResources. */
  registered: Capacity;
  attributes: Attribute[];
  /** Epoch ms. */
  registeredAt: number;
  /** Epoch ms; set when deregistered (the sweep removes INACTIVE instances after retention). */
  deregisteredAt?: number;
  /** Non-stopped tasks on the instance, by task id. */
  placed: Record<string, PlacedTask>;
}

/** Tasks that still start count as pending; the rest (until STOPPED) as running, as ECS counts. */
const PENDING_STATUSES = new Set(['PROVISIONING', 'PENDING', 'ACTIVATING']);

export function isPending(lastStatus: string): boolean {
  return PENDING_STATUSES.has(lastStatus);
}

export interface TaskCounts {
  running: number;
  pending: number;
}

export function taskCounts(ci: ContainerInstanceRecord): TaskCounts {
  let running = 0;
  let pending = 0;
  for (const t of Object.values(ci.placed)) {
    if (isPending(t.lastStatus)) pending++;
    else running++;
  }
  return { running, pending };
}

/** Host ports the instance's tasks bind. */
export function usedPorts(ci: ContainerInstanceRecord): HostPorts {
  const tcp: number[] = [];
  const udp: number[] = [];
  for (const t of Object.values(ci.placed)) {
    tcp.push(...t.tcp);
    udp.push(...t.udp);
  }
  return { tcp, udp };
}

/** Registered minus what its tasks reserve. */
export function remaining(ci: ContainerInstanceRecord): { cpu: number; memory: number } {
  let cpu = ci.registered.cpu;
  let memory = ci.registered.memory;
  for (const t of Object.values(ci.placed)) {
    cpu -= t.cpu;
    memory -= t.memory;
  }
  return { cpu, memory };
}

export type FitProblem = 'RESOURCE:CPU' | 'RESOURCE:MEMORY' | 'RESOURCE:PORTS' | 'RESOURCE:PORTS_UDP' | 'INACTIVE' | 'AGENT';

/** The re-check of the serialized place: can `needs` still go on `ci`? Undefined when it fits. */
export function fitProblem(ci: ContainerInstanceRecord, needs: Capacity): FitProblem | undefined {
  if (ci.status !== 'ACTIVE') return 'INACTIVE';
  if (!ci.agentConnected) return 'AGENT';
  const left = remaining(ci);
  if (left.cpu < needs.cpu) return 'RESOURCE:CPU';
  if (left.memory < needs.memory) return 'RESOURCE:MEMORY';
  const used = usedPorts(ci);
  const taken = (p: number, reserved: number[], inUse: readonly number[]) => reserved.includes(p) || inUse.includes(p);
  if (needs.tcp.some((p) => taken(p, ci.registered.tcp, used.tcp))) return 'RESOURCE:PORTS';
  if (needs.udp.some((p) => taken(p, ci.registered.udp, used.udp))) return 'RESOURCE:PORTS_UDP';
  return undefined;
}

export function agentVersionOf(ci: ContainerInstanceRecord): string {
  return ci.versionInfo.agentVersion ?? '0.0.0';
}

/** Views of records that cannot change (the Store's in-memory copies are frozen). */
const frozenViews = new WeakMap<ContainerInstanceRecord, ContainerInstanceView>();

/** The instance as placement and the cluster query language see it. */
export function placementView(ci: ContainerInstanceRecord): ContainerInstanceView {
  if (!Object.isFrozen(ci)) return buildView(ci);
  let view = frozenViews.get(ci);
  if (!view) frozenViews.set(ci, (view = buildView(ci)));
  return view;
}

function buildView(ci: ContainerInstanceRecord): ContainerInstanceView {
  const counts = taskCounts(ci);
  return {
    arn: ci.arn,
    ec2InstanceId: ci.ec2InstanceId,
    status: ci.status,
    agentConnected: ci.agentConnected,
    agentVersion: agentVersionOf(ci),
    registeredAt: ci.registeredAt,
    attributes: ci.attributes,
    registered: { cpu: ci.registered.cpu, memory: ci.registered.memory },
    remaining: remaining(ci),
    reservedPorts: { tcp: ci.registered.tcp, udp: ci.registered.udp },
    usedPorts: usedPorts(ci),
    runningTasksCount: counts.running,
    tasks: Object.values(ci.placed).map((t) => ({ group: t.group, family: t.family })),
  };
}

export function integerResource(name: string, value: number): WireResource {
  return { name, type: 'INTEGER', doubleValue: 0, longValue: 0, integerValue: value };
}

export function portsResource(name: string, ports: readonly number[]): WireResource {
  return { name, type: 'STRINGSET', doubleValue: 0, longValue: 0, integerValue: 0, stringSetValue: [...new Set(ports)].map(String) };
}

/** ECS's remainingResources: CPU and MEMORY less what tasks reserve; PORTS list reserved and used. */
export function remainingResources(ci: ContainerInstanceRecord): WireResource[] {
  const left = remaining(ci);
  const used = usedPorts(ci);
  return ci.registeredResources.map((r) => {
    switch (r.name) {
      case 'CPU':
        return integerResource('CPU', left.cpu);
      case 'MEMORY':
        return integerResource('MEMORY', left.memory);
      case 'PORTS':
        return portsResource('PORTS', [...ci.registered.tcp, ...used.tcp]);
      case 'PORTS_UDP':
        return portsResource('PORTS_UDP', [...ci.registered.udp, ...used.udp]);
      default:
        return r;
    }
  });
}

export interface InstanceView {
  tags?: readonly Tag[];
}

/** The ContainerInstance structure ECS answers with. */
export function instanceToWire(ci: ContainerInstanceRecord, view: InstanceView = {}) {
  const counts = taskCounts(ci);
  return {
    containerInstanceArn: ci.arn,
    ec2InstanceId: ci.ec2InstanceId,
    version: ci.version,
    versionInfo: ci.versionInfo,
    remainingResources: remainingResources(ci),
    registeredResources: ci.registeredResources,
    status: ci.status,
    ...(ci.statusReason ? { statusReason: ci.statusReason } : {}),
    agentConnected: ci.agentConnected,
    runningTasksCount: counts.running,
    pendingTasksCount: counts.pending,
    attributes: ci.attributes.map((a) => (a.value === undefined ? { name: a.name } : { name: a.name, value: a.value })),
    registeredAt: ci.registeredAt / 1000,
    attachments: [],
    ...(view.tags ? { tags: view.tags.map((t) => ({ key: t.key, value: t.value })) } : {}),
  };
}
