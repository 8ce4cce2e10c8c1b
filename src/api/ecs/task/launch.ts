// The one serialized place where tasks are assigned to container instances. Runs inside a Store
// transaction (transactions run one at a time): reads the cluster's instances (each carries what
// its tasks reserve), asks the pure placement engine, re-checks that every placement still fits,
// and writes the tasks and the instances' reservations together. Concurrent RunTask calls
// therefore never overcommit an instance.
import type { Account } from '../../../protocol/context.js';
import {
  instanceLaunchType, place, type InstanceAttribute, type PlacementConstraint, type PlacementStrategy,
} from '../../../placement/index.js';
import type { Tx } from '../../../state/store.js';
import type { Ids } from '../../../util/clock.js';
import { containerArn, taskArn } from '../arns.js';
import { fitProblem, placementView, type Capacity, type ContainerInstanceRecord } from '../containerInstance/model.js';
import { listInstances, putInstance } from '../containerInstance/repo.js';
import type { NetworkMode } from '../taskDefinition/ports.js';
import type { TaskDefinition } from '../../../protocol/ecs/taskDefinition.js';
import type { Effective } from './effective.js';
import type { ContainerRecord, TaskRecord } from './model.js';
import { TASKS, taskKey, withTask } from './repo.js';

export interface LaunchDeps {
  account: Account;
  ids: Ids;
  /** Uniform in [0, 1), for placement's ties. */
  random: () => number;
}

/** What every task of one RunTask/StartTask call shares. */
export interface LaunchPlan {
  clusterName: string;
  clusterArn: string;
  effective: Effective;
  needs: Capacity;
  group: string;
  startedBy?: string;
  serviceName?: string;
  launchType: string;
  subnetId?: string;
  /** Epoch ms. */
  now: number;
}

export interface Failure {
  arn: string;
  reason: string;
}

export interface Launched {
  tasks: TaskRecord[];
  failures: Failure[];
}

function hexMac(ids: Ids): string {
  return (ids.hex(6).match(/../g) ?? []).join(':');
}

function newContainer(deps: LaunchDeps, plan: LaunchPlan, taskId: string, c: TaskDefinition['containerDefinitions'][number]): ContainerRecord {
  return {
    containerArn: containerArn(deps.account, plan.clusterName, taskId, deps.ids.uuid()),
    name: c.name ?? '',
    image: c.image ?? '',
    lastStatus: 'PENDING',
    known: 'NONE',
    networkBindings: [],
    healthStatus: 'UNKNOWN',
    cpu: String(c.cpu ?? 0),
    ...(c.memory !== undefined ? { memory: String(c.memory) } : {}),
    ...(c.memoryReservation !== undefined ? { memoryReservation: String(c.memoryReservation) } : {}),
  };
}

/** A new PENDING task of the plan on `ci`. */
export function newTask(deps: LaunchDeps, plan: LaunchPlan, ci: ContainerInstanceRecord): TaskRecord {
  const td = plan.effective.taskDefinition;
  const taskId = deps.ids.hex(16);
  const networkMode = (td.networkMode ?? 'bridge') as NetworkMode;
  return {
    taskId,
    taskArn: taskArn(deps.account, plan.clusterName, taskId),
    clusterName: plan.clusterName,
    clusterArn: plan.clusterArn,
    taskDefinitionArn: td.taskDefinitionArn,
    family: td.family,
    revision: td.revision,
    containerInstanceId: ci.id,
    containerInstanceArn: ci.arn,
    ...(ci.availabilityZone ? { availabilityZone: ci.availabilityZone } : {}),
    launchType: plan.launchType,
    networkMode,
    lastStatus: 'PENDING',
    desiredStatus: 'RUNNING',
    cpu: td.cpu ?? String(plan.needs.cpu),
    memory: td.memory ?? String(plan.needs.memory),
    needs: plan.needs,
    overrides: plan.effective.overrides,
    effective: td,
    containers: td.containerDefinitions.map((c) => newContainer(deps, plan, taskId, c)),
    group: plan.group,
    ...(plan.startedBy !== undefined ? { startedBy: plan.startedBy } : {}),
    ...(plan.serviceName !== undefined ? { serviceName: plan.serviceName } : {}),
    createdAt: plan.now,
    healthStatus: 'UNKNOWN',
    version: 1,
    ...(networkMode === 'awsvpc'
      ? {
          attachment: {
            id: deps.ids.uuid(),
            status: 'PRECREATED' as const,
            networkInterfaceId: `eni-${deps.ids.hex(9).slice(0, 17)}`,
            macAddress: hexMac(deps.ids),
            ...(plan.subnetId ? { subnetId: plan.subnetId } : {}),
          },
        }
      : {}),
  };
}

/** Working copies of the cluster's instances: placements update them before one write each. */
class Working {
  private readonly byArn: Map<string, ContainerInstanceRecord>;
  private readonly touched = new Set<string>();

  constructor(instances: readonly ContainerInstanceRecord[]) {
    this.byArn = new Map(instances.map((ci) => [ci.arn, ci]));
  }

  get(arn: string): ContainerInstanceRecord | undefined {
    return this.byArn.get(arn);
  }

  all(): ContainerInstanceRecord[] {
    return [...this.byArn.values()];
  }

  /** Re-checks the fit, then reserves the task's needs; the reason when it no longer fits. */
  assign(deps: LaunchDeps, plan: LaunchPlan, ci: ContainerInstanceRecord): TaskRecord | Failure {
    const problem = fitProblem(ci, plan.needs);
    if (problem) return { arn: ci.arn, reason: problem };
    const task = newTask(deps, plan, ci);
    const next = withTask(ci, task) ?? ci;
    this.byArn.set(ci.arn, { ...next, version: next.version + 1 });
    this.touched.add(ci.arn);
    return task;
  }

  async write(tx: Tx, tasks: readonly TaskRecord[]): Promise<void> {
    for (const t of tasks) await tx.put(TASKS, taskKey(t.clusterName, t.taskId), t);
    for (const arn of this.touched) {
      const ci = this.byArn.get(arn);
      if (ci) await putInstance(tx, ci);
    }
  }
}

export interface RunPlacement {
  count: number;
  strategy: readonly PlacementStrategy[];
  constraints: readonly PlacementConstraint[];
}

/** RunTask: placement by strategy; 'noContainerInstances' when the cluster has no ACTIVE instance. */
export async function runTasks(tx: Tx, deps: LaunchDeps, plan: LaunchPlan, placement: RunPlacement): Promise<Launched | 'noContainerInstances'> {
  const working = new Working(await listInstances(tx, plan.clusterName));
  const family = plan.effective.taskDefinition.family;
  const result = place({ instances: working.all().map(placementView) }, {
    count: placement.count,
    cpu: plan.needs.cpu,
    memory: plan.needs.memory,
    ports: { tcp: plan.needs.tcp, udp: plan.needs.udp },
    group: plan.group,
    family,
    placementStrategy: placement.strategy,
    placementConstraints: placement.constraints,
    requiresAttributes: plan.effective.taskDefinition.requiresAttributes,
    launchType: plan.launchType === 'EXTERNAL' ? 'EXTERNAL' : 'EC2',
  }, { random: deps.random });
  if (result.kind === 'noContainerInstances') return 'noContainerInstances';
  const tasks: TaskRecord[] = [];
  const failures: Failure[] = result.failures.map((f) => ({ arn: f.arn, reason: f.reason }));
  for (const p of result.placements) {
    const ci = working.get(p.instanceArn);
    if (!ci) continue;
    const outcome = working.assign(deps, plan, ci);
    if ('taskArn' in outcome) tasks.push(outcome);
    else failures.push(outcome);
  }
  await working.write(tx, tasks);
  return { tasks, failures };
}

/** Whether the instance has every attribute required (same name; same value when one is given). */
export function hasAttributes(ci: Pick<ContainerInstanceRecord, 'attributes'>, required: readonly InstanceAttribute[]): boolean {
  return required.every((r) => ci.attributes.some((a) => a.name === r.name && (r.value === undefined || a.value === r.value)));
}

/**
 * StartTask: one task on each named instance (an id or ARN), or a failure saying why not
 * (`MISSING`, `ATTRIBUTE`, `RESOURCE:*`). The task's launch type is the instance's: EXTERNAL on
 * an ECS Anywhere (`mi-...`) instance, else EC2.
 */
export async function startTasks(tx: Tx, deps: LaunchDeps, plan: LaunchPlan, instances: readonly { arn: string; id: string }[]): Promise<Launched> {
  const working = new Working(await listInstances(tx, plan.clusterName));
  const tasks: TaskRecord[] = [];
  const failures: Failure[] = [];
  for (const ref of instances) {
    const ci = working.all().find((c) => c.id === ref.id);
    if (!ci) {
      failures.push({ arn: ref.arn, reason: 'MISSING' });
      continue;
    }
    if (!hasAttributes(ci, plan.effective.taskDefinition.requiresAttributes)) {
      failures.push({ arn: ci.arn, reason: 'ATTRIBUTE' });
      continue;
    }
    const outcome = working.assign(deps, { ...plan, launchType: instanceLaunchType(ci) }, ci);
    if ('taskArn' in outcome) tasks.push(outcome);
    else failures.push(outcome);
  }
  await working.write(tx, tasks);
  return { tasks, failures };
}
