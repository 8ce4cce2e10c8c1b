// The serialized launch, called directly: RunTask's and StartTask's placement step
// (src/api/ecs/task/launch.ts runTasks / startTasks) in one transaction of the world's Store, with
// the plan built as the operations build it (overrides applied, needs summed, group
// `family:<family>`), minus the request checks in front of it.
import { applyOverrides, taskNeeds } from '../../src/api/ecs/task/effective.js';
import { runTasks, startTasks, type LaunchPlan, type Launched } from '../../src/api/ecs/task/launch.js';
import { placementOf } from '../../src/api/ecs/task/rules.js';
import type { RunTaskInput } from '../../src/api/ecs/task/schema.js';
import { clusterArn } from '../../src/api/ecs/arns.js';
import type { TaskDefinition } from '../../src/protocol/ecs/taskDefinition.js';
import { DEFAULT_CLUSTER } from './seed.js';
import type { World } from './world.js';

export interface LaunchSeed {
  taskDefinition: TaskDefinition;
  cluster?: string;
  group?: string;
  startedBy?: string;
  overrides?: RunTaskInput['overrides'];
}

export interface RunSeed extends LaunchSeed {
  count?: number;
  placementStrategy?: RunTaskInput['placementStrategy'];
  placementConstraints?: RunTaskInput['placementConstraints'];
}

/** What RunTask/StartTask hand the serialized launch, at the world's time. */
export function launchPlan(world: World, seed: LaunchSeed): LaunchPlan {
  const clusterName = seed.cluster ?? DEFAULT_CLUSTER;
  const effective = applyOverrides(seed.taskDefinition, seed.overrides);
  return {
    clusterName,
    clusterArn: clusterArn(world.account, clusterName),
    effective,
    needs: taskNeeds(effective.taskDefinition),
    group: seed.group ?? `family:${seed.taskDefinition.family}`,
    ...(seed.startedBy !== undefined ? { startedBy: seed.startedBy } : {}),
    launchType: 'EC2',
    now: world.now(),
  };
}

/** RunTask's placement; throws ECS's message when the cluster has no ACTIVE instance. */
export async function runTask(world: World, seed: RunSeed): Promise<Launched> {
  const plan = launchPlan(world, seed);
  const placement = { count: seed.count ?? 1, ...placementOf(seed, plan.effective.taskDefinition) };
  const out = await world.store.transaction((tx) => runTasks(tx, world.deps, plan, placement));
  if (out === 'noContainerInstances') throw new Error('No Container Instances were found in your cluster.');
  return out;
}

/** StartTask's launch: one task on each instance named (by id), re-checked against what it has left. */
export async function startTask(world: World, seed: LaunchSeed & { instances: readonly { id: string; arn: string }[] }): Promise<Launched> {
  const plan = launchPlan(world, seed);
  return world.store.transaction((tx) => startTasks(tx, world.deps, plan, seed.instances));
}
