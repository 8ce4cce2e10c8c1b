// What a cluster reports about its contents: totals and ECS's per-launch-type statistics.
// Pure; the numbers come from `loadClusterCounts` in repo.ts.
import {
  ClusterContainsContainerInstancesException,
  ClusterContainsServicesException,
  ClusterContainsTasksException,
} from '../../../protocol/errors.js';

export const LAUNCH_KINDS = ['EC2', 'Fargate', 'External'] as const;
export type LaunchKind = (typeof LAUNCH_KINDS)[number];
export type PerLaunchKind = Record<LaunchKind, number>;

export interface ClusterCounts {
  registeredContainerInstances: number;
  runningTasks: PerLaunchKind;
  pendingTasks: PerLaunchKind;
  activeServices: PerLaunchKind;
  drainingServices: PerLaunchKind;
}

export function noLaunchKinds(): PerLaunchKind {
  return { EC2: 0, Fargate: 0, External: 0 };
}

export function emptyCounts(): ClusterCounts {
  return {
    registeredContainerInstances: 0,
    runningTasks: noLaunchKinds(),
    pendingTasks: noLaunchKinds(),
    activeServices: noLaunchKinds(),
    drainingServices: noLaunchKinds(),
  };
}

function sum(n: PerLaunchKind): number {
  return n.EC2 + n.Fargate + n.External;
}

/** The four count fields every Cluster carries. */
export function countFields(c: ClusterCounts) {
  return {
    registeredContainerInstancesCount: c.registeredContainerInstances,
    runningTasksCount: sum(c.runningTasks),
    pendingTasksCount: sum(c.pendingTasks),
    activeServicesCount: sum(c.activeServices),
  };
}

/** The `statistics` list DescribeClusters gives with include STATISTICS (values are strings). */
export function statistics(c: ClusterCounts): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const kind of LAUNCH_KINDS) {
    out.push({ name: `running${kind}TasksCount`, value: String(c.runningTasks[kind]) });
    out.push({ name: `pending${kind}TasksCount`, value: String(c.pendingTasks[kind]) });
    out.push({ name: `active${kind}ServiceCount`, value: String(c.activeServices[kind]) });
    out.push({ name: `draining${kind}ServiceCount`, value: String(c.drainingServices[kind]) });
  }
  return out;
}

/** ECS refuses to delete a cluster that still has container instances, services or tasks. */
export function checkDeletable(c: ClusterCounts): void {
  if (c.registeredContainerInstances > 0) {
    throw new ClusterContainsContainerInstancesException('The Cluster cannot be deleted while Container Instances are active.');
  }
  if (sum(c.activeServices) + sum(c.drainingServices) > 0) {
    throw new ClusterContainsServicesException('The Cluster cannot be deleted while Services are active.');
  }
  if (sum(c.runningTasks) + sum(c.pendingTasks) > 0) {
    throw new ClusterContainsTasksException('The Cluster cannot be deleted while Tasks are active.');
  }
}
