// Reads one service's snapshot from the Store: the service, its tasks, the cluster's instances,
// the deployments' task definitions, and its target groups with their targets' health.
import type { LoadBalancerDataPlane, TargetGroupRecord } from '../../api/elbv2/model.js';
import { getTargetGroup, healthOf, listTargets, targetGroupInUse } from '../../api/elbv2/targets.js';
import { listInstances } from '../../api/ecs/containerInstance/repo.js';
import { getService } from '../../api/ecs/service/repo.js';
import type { ServiceRecord } from '../../api/ecs/service/model.js';
import type { TaskRecord } from '../../api/ecs/task/model.js';
import { TASKS } from '../../api/ecs/task/repo.js';
import type { TaskDefinition } from '../../protocol/ecs/taskDefinition.js';
import { findTaskDefinition, parseTaskDefinitionRef } from '../../api/ecs/taskDefinition/store.js';
import type { Account } from '../../protocol/context.js';
import type { Reader } from '../../state/store.js';
import { targetViewKey, type ServiceSnapshot, type TargetView } from './types.js';

export async function serviceTasks(reader: Reader, service: Pick<ServiceRecord, 'clusterName' | 'name'>): Promise<TaskRecord[]> {
  const out: TaskRecord[] = [];
  let after: string | undefined;
  for (;;) {
    const rows = await reader.list<TaskRecord>(TASKS, { prefix: `${service.clusterName}/`, after, limit: 1000 });
    for (const r of rows) if (r.value.serviceName === service.name) out.push(r.value);
    const last = rows[rows.length - 1];
    if (rows.length < 1000 || !last) return out;
    after = last.key;
  }
}

/** Every target group the service's load balancers and deployments name. */
export function serviceTargetGroups(service: ServiceRecord): Set<string> {
  const arns = new Set<string>();
  for (const lb of service.loadBalancers) {
    if (lb.targetGroupArn) arns.add(lb.targetGroupArn);
    if (lb.advancedConfiguration?.alternateTargetGroupArn) arns.add(lb.advancedConfiguration.alternateTargetGroupArn);
  }
  for (const d of service.deployments) for (const arn of d.targetGroupArns ?? []) if (arn) arns.add(arn);
  return arns;
}

export interface LoadDeps {
  reader: Reader;
  account: Account;
  dataPlane: LoadBalancerDataPlane | undefined;
}

export async function loadSnapshot(deps: LoadDeps, clusterName: string, serviceName: string, now: number): Promise<ServiceSnapshot | undefined> {
  const { reader } = deps;
  const service = await getService(reader, clusterName, serviceName);
  if (!service) return undefined;
  const definitions = new Map<string, TaskDefinition>();
  for (const d of service.deployments) {
    const ref = parseTaskDefinitionRef(d.taskDefinitionArn, deps.account);
    const td = ref ? await findTaskDefinition(reader, ref) : undefined;
    if (td) definitions.set(d.taskDefinitionArn, td);
  }
  const targetGroups = new Map<string, TargetGroupRecord>();
  const targets = new Map<string, TargetView>();
  for (const arn of serviceTargetGroups(service)) {
    const tg = await getTargetGroup(reader, arn);
    if (!tg) continue;
    targetGroups.set(arn, tg);
    const inUse = await targetGroupInUse(reader, tg);
    for (const target of await listTargets(reader, tg)) {
      targets.set(targetViewKey({ targetGroupArn: arn, id: target.id, port: target.port }), { state: target.state, health: healthOf({ target, inUse, dataPlane: deps.dataPlane }) });
    }
  }
  return {
    now,
    service,
    tasks: await serviceTasks(reader, service),
    instances: await listInstances(reader, clusterName),
    definitions,
    targetGroups,
    targets,
  };
}
