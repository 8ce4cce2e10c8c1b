// Starts a service's tasks inside the apply transaction, through the same serialized placement
// RunTask and StartTask use: group `service:<name>`, startedBy the deployment id, the service's
// strategies (spread over instances by default) and constraints, and its tags.
import { getInstance } from '../../api/ecs/containerInstance/repo.js';
import type { DeploymentRecord, ServiceRecord } from '../../api/ecs/service/model.js';
import { serviceGroup } from '../../api/ecs/service/model.js';
import { putTags, getTags, type Tag } from '../../api/ecs/tagStore.js';
import { applyOverrides, taskNeeds } from '../../api/ecs/task/effective.js';
import { runTasks, startTasks, type LaunchDeps, type LaunchPlan } from '../../api/ecs/task/launch.js';
import type { TaskRecord } from '../../api/ecs/task/model.js';
import { placementOf } from '../../api/ecs/task/rules.js';
import type { TaskDefinition } from '../../protocol/ecs/taskDefinition.js';
import type { Tx } from '../../state/store.js';
import type { Launch } from './types.js';

/** ECS's default for a REPLICA service without a strategy: spread across zones, then instances. */
const DEFAULT_SPREAD = [
  { type: 'spread', field: 'attribute:ecs.availability-zone' },
  { type: 'spread', field: 'instanceId' },
];

export interface LaunchOutcome {
  tasks: TaskRecord[];
  /** Why tasks could not be placed (the service event's reason). */
  problems: string[];
}

const REASONS: Record<string, string> = {
  'RESOURCE:CPU': 'has insufficient CPU units available',
  'RESOURCE:MEMORY': 'has insufficient memory available',
  'RESOURCE:PORTS': 'is already using a port required by your task',
  'RESOURCE:PORTS_UDP': 'is already using a port required by your task',
  ATTRIBUTE: 'is missing an attribute required by your task',
  AGENT: 'has its agent disconnected',
  INACTIVE: 'is not active',
};

async function serviceTags(tx: Tx, service: ServiceRecord, td: TaskDefinition): Promise<Tag[]> {
  const tags: Tag[] = [];
  if (service.propagateTags === 'SERVICE') tags.push(...(await getTags(tx, service.arn)));
  if (service.propagateTags === 'TASK_DEFINITION') tags.push(...(await getTags(tx, td.taskDefinitionArn)));
  if (service.enableECSManagedTags) {
    tags.push({ key: 'aws:ecs:serviceName', value: service.name }, { key: 'aws:ecs:clusterName', value: service.clusterName });
  }
  return tags;
}

export async function launchServiceTasks(tx: Tx, deps: LaunchDeps, service: ServiceRecord, deployment: DeploymentRecord, td: TaskDefinition, launch: Launch, now: number): Promise<LaunchOutcome> {
  const effective = applyOverrides(td, undefined);
  const subnetId = (deployment.networkConfiguration ?? service.networkConfiguration)?.awsvpcConfiguration?.subnets[0];
  const plan: LaunchPlan = {
    clusterName: service.clusterName,
    clusterArn: service.clusterArn,
    effective,
    needs: taskNeeds(effective.taskDefinition),
    group: serviceGroup(service.name),
    startedBy: deployment.id,
    serviceName: service.name,
    launchType: service.launchType,
    ...(subnetId ? { subnetId } : {}),
    now,
  };
  let tasks: TaskRecord[];
  const problems: string[] = [];
  if (launch.instanceId !== undefined) {
    const ci = await getInstance(tx, service.clusterName, launch.instanceId);
    const out = await startTasks(tx, deps, plan, ci ? [{ arn: ci.arn, id: ci.id }] : []);
    tasks = out.tasks;
    for (const f of out.failures) problems.push(`The closest matching (container-instance ${f.arn.split('/').pop() ?? ''}) ${REASONS[f.reason] ?? f.reason}.`);
  } else {
    const placement = placementOf({ placementStrategy: service.placementStrategy.length > 0 ? service.placementStrategy : DEFAULT_SPREAD, placementConstraints: service.placementConstraints }, td);
    const out = await runTasks(tx, deps, plan, { count: launch.count, ...placement });
    if (out === 'noContainerInstances') return { tasks: [], problems: ['No Container Instances were found in your cluster.'] };
    tasks = out.tasks;
    const first = out.failures[0];
    if (first) problems.push(`The closest matching (container-instance ${first.arn.split('/').pop() ?? ''}) ${REASONS[first.reason] ?? first.reason}.`);
  }
  const tags = await serviceTags(tx, service, td);
  if (tags.length > 0) for (const t of tasks) await putTags(tx, t.taskArn, tags);
  return { tasks, problems };
}
