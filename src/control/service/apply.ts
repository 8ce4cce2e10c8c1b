// Carries out a service plan in one Store transaction, after checking that the service has not
// changed since the snapshot (else the caller plans again): launches through placement, stops,
// target registrations, traffic shifts, and the service record. Returns what to publish.
import { deregisterTargets, getTargetGroup, registerTargets } from '../../api/elbv2/targets.js';
import { setForwardWeights } from '../../api/elbv2/forwardWeights.js';
import type { RegisteredTarget, ServiceRecord } from '../../api/ecs/service/model.js';
import { archiveDeployments, getService, putService } from '../../api/ecs/service/repo.js';
import type { LaunchDeps } from '../../api/ecs/task/launch.js';
import type { TaskRecord } from '../../api/ecs/task/model.js';
import { getTask, writeTasks } from '../../api/ecs/task/repo.js';
import { requestStop } from '../../api/ecs/task/stop.js';
import type { Tx } from '../../state/store.js';
import { addServiceEvent } from './events.js';
import { launchServiceTasks } from './launch.js';
import type { Plan, ServiceSnapshot } from './types.js';

export interface Applied {
  /** False when the service changed under the plan: plan again. */
  committed: boolean;
  /** Tasks launched or asked to stop (their instances' agents are told). */
  tasks: TaskRecord[];
  targetGroups: string[];
  loadBalancers: string[];
}

function byGroup(targets: readonly RegisteredTarget[]): Map<string, RegisteredTarget[]> {
  const out = new Map<string, RegisteredTarget[]>();
  for (const t of targets) out.set(t.targetGroupArn, [...(out.get(t.targetGroupArn) ?? []), t]);
  return out;
}

function nothingToDo(snap: ServiceSnapshot, plan: Plan): boolean {
  return plan.service === snap.service && plan.launches.length === 0 && plan.stops.length === 0
    && plan.register.length === 0 && plan.deregister.length === 0 && plan.shifts.length === 0;
}

export async function applyPlan(tx: Tx, deps: LaunchDeps, snap: ServiceSnapshot, plan: Plan): Promise<Applied> {
  const applied: Applied = { committed: true, tasks: [], targetGroups: [], loadBalancers: [] };
  if (nothingToDo(snap, plan)) return applied;
  const current = await getService(tx, snap.service.clusterName, snap.service.name);
  if (!current || current.version !== snap.service.version) return { ...applied, committed: false };
  const now = snap.now;
  const stamp = { now, newId: () => deps.ids.uuid() };
  let service: ServiceRecord = plan.service === snap.service ? { ...current } : { ...plan.service };
  service = { ...service, events: [...service.events], tracked: { ...(service.tracked ?? {}) } };

  const stopped: TaskRecord[] = [];
  for (const s of plan.stops) {
    const task = await getTask(tx, service.clusterName, s.taskId);
    if (!task) continue;
    const next = requestStop(task, { now, stopCode: 'ServiceSchedulerInitiated', reason: s.reason });
    if (next !== task) stopped.push(next);
  }
  await writeTasks(tx, stopped);
  applied.tasks.push(...stopped);

  for (const [arn, targets] of byGroup(plan.deregister)) {
    const tg = await getTargetGroup(tx, arn);
    if (tg) await deregisterTargets(tx, tg, targets, now);
    applied.targetGroups.push(arn);
  }
  for (const [arn, targets] of byGroup(plan.register)) {
    const tg = await getTargetGroup(tx, arn);
    if (tg) await registerTargets(tx, tg, targets, now);
    if (!applied.targetGroups.includes(arn)) applied.targetGroups.push(arn);
  }
  for (const shift of plan.shifts) {
    const lb = await setForwardWeights(tx, shift.rule, shift.weights);
    if (lb) applied.loadBalancers.push(lb);
  }

  for (const launch of plan.launches) {
    const deployment = service.deployments.find((d) => d.id === launch.deploymentId);
    const td = deployment ? snap.definitions.get(deployment.taskDefinitionArn) : undefined;
    if (!deployment || !td) continue;
    const out = await launchServiceTasks(tx, deps, service, deployment, td, launch, now);
    for (const t of out.tasks) (service.tracked as Record<string, string>)[t.taskId] = deployment.id;
    applied.tasks.push(...out.tasks);
    // Placement's outcome is known only here, inside the transaction, so these events are added here.
    if (out.tasks.length > 0) {
      addServiceEvent(service.events, `(service ${service.name}) has started ${out.tasks.length} tasks: ${out.tasks.map((t) => `(task ${t.taskId})`).join(' ')}.`, stamp);
    }
    const problem = out.problems[0];
    if (problem) {
      addServiceEvent(service.events, `(service ${service.name}) was unable to place a task because no container instance met all of its requirements. ${problem.startsWith('No ') ? `Reason: ${problem}` : problem}`, stamp);
    }
  }

  const kept = new Set(service.deployments.map((d) => d.id));
  await archiveDeployments(tx, service, current.deployments.filter((d) => !kept.has(d.id)));
  await putService(tx, { ...service, version: current.version + 1 });
  return applied;
}
