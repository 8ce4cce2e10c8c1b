// How the controller sees each of a service's tasks: which deployment it belongs to, whether it
// serves (running, its container health checks and its load balancer health checks passing), and
// the targets it should be registered as. Pure.
import type { ContainerInstanceRecord } from '../../api/ecs/containerInstance/model.js';
import type { DeploymentRecord, RegisteredTarget, ServiceRecord } from '../../api/ecs/service/model.js';
import type { TaskRecord } from '../../api/ecs/task/model.js';
import type { TaskDefinition } from '../../protocol/ecs/taskDefinition.js';
import { targetViewKey, type ServiceSnapshot } from './types.js';

/**
 * - `stopped`: lastStatus STOPPED. `stopping`: asked to stop, not yet stopped.
 * - `pending`: not yet RUNNING. `unready`: running, health checks not yet passed (or not yet a target).
 * - `ready`: serving. `unhealthy`: failed its container or (after the grace period) load balancer checks.
 */
export type Phase = 'stopped' | 'stopping' | 'pending' | 'unready' | 'ready' | 'unhealthy';

export interface Observed {
  task: TaskRecord;
  deployment: DeploymentRecord | undefined;
  phase: Phase;
  problem?: string;
  /** Its instance is DRAINING, deregistered or gone: the task is to be replaced elsewhere. */
  displaced: boolean;
  retiring: boolean;
  /** Its instance's agent is disconnected: failing checks then say the host is down, not the task. */
  hostDown: boolean;
  /** Running, and its container health checks (if any) pass: it may join its target groups. */
  containerReady: boolean;
  /** The targets it should be registered as (empty until its ports are known). */
  targets: RegisteredTarget[];
}

/** The target group each of the service's load balancers uses for tasks of `d`. */
export function deploymentTargetGroups(service: ServiceRecord, d: DeploymentRecord | undefined): (string | undefined)[] {
  return service.loadBalancers.map((lb, i) => d?.targetGroupArns?.[i] ?? lb.targetGroupArn);
}

function wantedTargets(snap: ServiceSnapshot, task: TaskRecord, d: DeploymentRecord | undefined, ci: ContainerInstanceRecord | undefined): RegisteredTarget[] {
  const out: RegisteredTarget[] = [];
  const groups = deploymentTargetGroups(snap.service, d);
  snap.service.loadBalancers.forEach((lb, i) => {
    const arn = groups[i];
    const tg = arn ? snap.targetGroups.get(arn) : undefined;
    if (!arn || !tg) return;
    if (tg.targetType === 'ip') {
      const ip = task.attachment?.privateIPv4Address;
      if (ip) out.push({ targetGroupArn: arn, id: ip, port: lb.containerPort });
      return;
    }
    const binding = task.containers.find((c) => c.name === lb.containerName)?.networkBindings
      .find((b) => b.containerPort === lb.containerPort && (b.protocol ?? 'tcp') === 'tcp');
    if (binding?.hostPort !== undefined && ci) out.push({ targetGroupArn: arn, id: ci.ec2InstanceId, port: binding.hostPort });
  });
  return out;
}

function hasHealthChecks(td: TaskDefinition | undefined): boolean {
  return (td?.containerDefinitions ?? []).some((c) => c.healthCheck !== undefined);
}

function servingPhase(snap: ServiceSnapshot, task: TaskRecord, containerReady: boolean, targets: readonly RegisteredTarget[]): { phase: Phase; problem?: string } {
  const svc = snap.service;
  if (task.healthStatus === 'UNHEALTHY') return { phase: 'unhealthy', problem: `(service ${svc.name}) (task ${task.taskId}) failed container health checks.` };
  if (!containerReady) return { phase: 'unready' };
  if (svc.loadBalancers.length === 0) return { phase: 'ready' };
  if (targets.length < svc.loadBalancers.length) return { phase: 'unready' };
  const graceEnds = (task.startedAt ?? snap.now) + (svc.healthCheckGracePeriodSeconds ?? 0) * 1000;
  const mine = new Set((svc.registered[task.taskId] ?? []).map(targetViewKey));
  let ready = true;
  for (const t of targets) {
    const view = snap.targets.get(targetViewKey(t));
    if (!view || view.state !== 'registered' || !mine.has(targetViewKey(t))) {
      ready = false;
      continue;
    }
    const state = view.health.state;
    if (state === 'unhealthy' && snap.now >= graceEnds) {
      return { phase: 'unhealthy', problem: `(service ${svc.name}) (task ${task.taskId}) failed ELB health checks in (target-group ${t.targetGroupArn})` };
    }
    if (state !== 'healthy' && state !== 'unused') ready = false;
  }
  return { phase: ready ? 'ready' : 'unready' };
}

export function observe(snap: ServiceSnapshot): Observed[] {
  const instances = new Map(snap.instances.map((ci) => [ci.id, ci]));
  const deployments = new Map(snap.service.deployments.map((d) => [d.id, d]));
  return snap.tasks.map((task) => {
    const ci = instances.get(task.containerInstanceId);
    const deployment = task.startedBy !== undefined ? deployments.get(task.startedBy) : undefined;
    const retiring = task.taskId in snap.service.retiring;
    const displaced = !ci || ci.status !== 'ACTIVE';
    const targets = task.lastStatus === 'RUNNING' ? wantedTargets(snap, task, deployment, ci) : [];
    const containerReady = task.lastStatus === 'RUNNING' && task.healthStatus !== 'UNHEALTHY'
      && (task.healthStatus === 'HEALTHY' || !hasHealthChecks(snap.definitions.get(task.taskDefinitionArn)));
    const hostDown = ci?.agentConnected === false;
    const base = { task, deployment, retiring, displaced, hostDown, containerReady, targets };
    if (task.lastStatus === 'STOPPED') return { ...base, phase: 'stopped' };
    if (task.desiredStatus === 'STOPPED') return { ...base, phase: 'stopping' };
    if (task.lastStatus !== 'RUNNING') return { ...base, phase: 'pending' };
    return { ...base, ...servingPhase(snap, task, containerReady, targets) };
  });
}
