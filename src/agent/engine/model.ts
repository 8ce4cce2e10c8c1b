// What the engine knows about each task and container. Statuses only move forward
// (CONTAINER_STATUSES order); the desired status says where the task loop drives them.
import type { ContainerDefinition } from '../../protocol/ecs/taskDefinition.js';
import { CONTAINER_STATUSES, statusRank, type ContainerStatus, type NetworkBinding, type TaskSpec, type TaskStatus } from '../../protocol/ecs/messages.js';

export type Health = 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';

export interface ContainerRecord {
  name: string;
  essential: boolean;
  known: ContainerStatus;
  runtimeId?: string;
  imageDigest?: string;
  exitCode?: number;
  /** ECS-style reason, e.g. `CannotPullContainerError: ...`. */
  reason?: string;
  /** A pull, create or start failed: the container never ran. */
  startFailed?: boolean;
  networkBindings: NetworkBinding[];
  health?: Health;
  /** The container's task metadata endpoint token (baked into its environment at create time). */
  metadataToken?: string;
}

/** The parts of a task the agent persists in its state file and rebuilds on restart. */
export interface TaskRecord {
  spec: TaskSpec;
  desired: 'RUNNING' | 'STOPPED';
  status: TaskStatus;
  containers: ContainerRecord[];
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  executionStoppedAt?: number;
  stoppedAt?: number;
  stopCode?: string;
  stoppedReason?: string;
  /** awsvpc: the task's Docker network, while it exists. */
  network?: string;
  privateIPv4Address?: string;
  /** Docker volumes created for this task (scope task), removed at cleanup. */
  taskVolumes: string[];
  /** The network is gone and the task reported STOPPED. */
  resourcesReleased: boolean;
}

export type NamedContainer = ContainerDefinition & { name: string };

export function rank(status: ContainerStatus): number {
  return statusRank(CONTAINER_STATUSES, status);
}

/** The status after `status`, or undefined at the end. */
export function nextStatus(status: ContainerStatus): ContainerStatus | undefined {
  return CONTAINER_STATUSES[rank(status) + 1];
}

/** Moves a container's known status forward only; answers whether it moved. */
export function advance(c: ContainerRecord, to: ContainerStatus): boolean {
  if (rank(to) <= rank(c.known)) return false;
  c.known = to;
  return true;
}
