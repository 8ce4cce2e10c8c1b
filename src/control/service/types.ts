// What the service controller decides from, and what it decides. Pure data.
import type { TargetGroupRecord, TargetHealth, WeightedTargetGroup } from '../../api/elbv2/model.js';
import type { ContainerInstanceRecord } from '../../api/ecs/containerInstance/model.js';
import type { RegisteredTarget, ServiceRecord } from '../../api/ecs/service/model.js';
import type { TaskRecord } from '../../api/ecs/task/model.js';
import type { TaskDefinition } from '../../protocol/ecs/taskDefinition.js';

export interface TargetView {
  state: 'registered' | 'draining';
  health: TargetHealth;
}

/** A read-only view of one service and what it touches, at `now` (epoch ms). */
export interface ServiceSnapshot {
  now: number;
  service: ServiceRecord;
  /** The service's tasks, any status. */
  tasks: readonly TaskRecord[];
  /** The cluster's container instances. */
  instances: readonly ContainerInstanceRecord[];
  /** The deployments' task definitions, by ARN. */
  definitions: ReadonlyMap<string, TaskDefinition>;
  /** The target groups the service's load balancers name (primary and alternate), by ARN. */
  targetGroups: ReadonlyMap<string, TargetGroupRecord>;
  /** Target records of those groups, by `targetViewKey`. */
  targets: ReadonlyMap<string, TargetView>;
}

export function targetViewKey(t: RegisteredTarget): string {
  return `${t.targetGroupArn} ${t.id} ${t.port}`;
}

export interface Launch {
  deploymentId: string;
  count: number;
  /** DAEMON: the instance to start it on. */
  instanceId?: string;
}

export interface StopOrder {
  taskId: string;
  reason: string;
}

export interface Plan {
  /** The service record to write (the same object when nothing changed). */
  service: ServiceRecord;
  launches: Launch[];
  stops: StopOrder[];
  register: RegisteredTarget[];
  deregister: RegisteredTarget[];
  /** Blue/green traffic shifts: the production rule (or listener) and its new forward weights. */
  shifts: { rule: string; weights: WeightedTargetGroup[] }[];
  /** When something waits on time (backoff, bake, grace, drain timeout): run again then. */
  wakeAt?: number;
}
