// A task as Wharf keeps it. Timestamps are epoch ms here and epoch seconds on the wire.
import type { ContainerStatus, NetworkBinding, TaskStatus } from '../../../protocol/ecs/messages.js';
import type { Capacity } from '../containerInstance/model.js';
import type { NetworkMode } from '../taskDefinition/ports.js';
import type { TaskDefinition } from '../../../protocol/ecs/taskDefinition.js';

export type HealthStatus = 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
export type DesiredStatus = 'RUNNING' | 'STOPPED';

export interface ContainerRecord {
  containerArn: string;
  name: string;
  image: string;
  /** ECS's container lastStatus: PENDING, RUNNING or STOPPED. */
  lastStatus: 'PENDING' | 'RUNNING' | 'STOPPED';
  /** The agent's own finer status, which only moves forward. */
  known: ContainerStatus;
  imageDigest?: string;
  runtimeId?: string;
  exitCode?: number;
  reason?: string;
  networkBindings: NetworkBinding[];
  healthStatus: HealthStatus;
  cpu: string;
  memory?: string;
  memoryReservation?: string;
}

/** The elastic network interface of an awsvpc task (a Docker network per task in Wharf). */
export interface EniAttachment {
  id: string;
  status: 'PRECREATED' | 'ATTACHED' | 'DETACHED';
  networkInterfaceId: string;
  macAddress: string;
  subnetId?: string;
  privateIPv4Address?: string;
}

export interface TaskOverrideWire {
  containerOverrides?: Record<string, unknown>[];
  cpu?: string;
  memory?: string;
  executionRoleArn?: string;
  taskRoleArn?: string;
  [key: string]: unknown;
}

export interface TaskRecord {
  taskId: string;
  taskArn: string;
  clusterName: string;
  clusterArn: string;
  taskDefinitionArn: string;
  family: string;
  revision: number;
  containerInstanceId: string;
  containerInstanceArn: string;
  availabilityZone?: string;
  launchType: string;
  networkMode: NetworkMode;
  lastStatus: TaskStatus;
  desiredStatus: DesiredStatus;
  /** Task-level cpu/memory when set, else the containers' sums, as strings. */
  cpu: string;
  memory: string;
  /** What the task reserves on its instance. */
  needs: Capacity;
  overrides: TaskOverrideWire;
  /** The task definition with the overrides applied: what the agent runs. */
  effective: TaskDefinition;
  containers: ContainerRecord[];
  group: string;
  startedBy?: string;
  serviceName?: string;
  createdAt: number;
  connectivityAt?: number;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  executionStoppedAt?: number;
  stoppingAt?: number;
  stoppedAt?: number;
  stopCode?: string;
  stoppedReason?: string;
  connectivity?: 'CONNECTED' | 'DISCONNECTED';
  healthStatus: HealthStatus;
  version: number;
  attachment?: EniAttachment;
}

/** A task whose lastStatus is STOPPED: it holds nothing and the agent is told nothing of it. */
export function isStopped(t: Pick<TaskRecord, 'lastStatus'>): boolean {
  return t.lastStatus === 'STOPPED';
}
