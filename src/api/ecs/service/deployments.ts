// Starting deployments of a service: the first one (CreateService) and each new one
// (UpdateService with a new task definition, network, load balancers or forceNewDeployment).
// Pure; the clock reading and the id generator are passed in.
import type { Ids } from '../../../util/clock.js';
import type { DeploymentRecord, NetworkConfiguration, ServiceLoadBalancer, ServiceRecord } from './model.js';

/** `ecs-svc/` + 19 digits (the first not 0), as ECS's deployment ids. */
export function newDeploymentId(ids: Ids): string {
  const n = BigInt(`0x${ids.hex(8)}`) % 9_000_000_000_000_000_000n + 1_000_000_000_000_000_000n;
  return `ecs-svc/${n.toString()}`;
}

/** 22 URL-safe characters, as the id at the end of ECS's service deployment ARNs. */
export function newServiceDeploymentId(ids: Ids): string {
  return Buffer.from(ids.hex(17), 'hex').toString('base64url').slice(0, 22);
}

export function inProgressReason(id: string): string {
  return `ECS deployment ${id} in progress.`;
}

export interface DeploymentSpec {
  taskDefinitionArn: string;
  desiredCount: number;
  launchType: string;
  networkConfiguration?: NetworkConfiguration | undefined;
  targetGroupArns?: string[] | undefined;
  sourceTaskDefinitionArn?: string | undefined;
  rollback?: boolean;
}

/** A PRIMARY deployment, IN_PROGRESS, with no tasks yet. */
export function newDeployment(spec: DeploymentSpec, now: number, ids: Ids): DeploymentRecord {
  const id = newDeploymentId(ids);
  return {
    id,
    serviceDeploymentId: newServiceDeploymentId(ids),
    status: 'PRIMARY',
    taskDefinitionArn: spec.taskDefinitionArn,
    desiredCount: spec.desiredCount,
    pendingCount: 0,
    runningCount: 0,
    failedTasks: 0,
    launchType: spec.launchType,
    ...(spec.networkConfiguration ? { networkConfiguration: spec.networkConfiguration } : {}),
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: inProgressReason(id),
    createdAt: now,
    updatedAt: now,
    ...(spec.targetGroupArns ? { targetGroupArns: spec.targetGroupArns } : {}),
    ...(spec.sourceTaskDefinitionArn ? { sourceTaskDefinitionArn: spec.sourceTaskDefinitionArn } : {}),
    ...(spec.rollback ? { rollback: true } : {}),
  };
}

/**
 * Blue/green (and linear, canary): the target groups a new deployment's tasks join, one per
 * load balancer: the ones the current PRIMARY deployment does not use. The first deployment
 * joins each entry's targetGroupArn. Undefined for rolling deployments.
 */
export function targetGroupsFor(service: Pick<ServiceRecord, 'deploymentConfiguration' | 'deployments'>, loadBalancers: readonly ServiceLoadBalancer[]): string[] | undefined {
  if (service.deploymentConfiguration.strategy === 'ROLLING' || loadBalancers.length === 0) return undefined;
  const primary = service.deployments.find((d) => d.status === 'PRIMARY');
  return loadBalancers.map((lb, i) => {
    const blue = lb.targetGroupArn ?? '';
    const green = lb.advancedConfiguration?.alternateTargetGroupArn ?? blue;
    const current = primary?.targetGroupArns?.[i];
    if (current === undefined) return primary ? green : blue;
    return current === blue ? green : blue;
  });
}

export interface DeploymentChange {
  taskDefinitionArn: string;
  networkConfiguration?: NetworkConfiguration | undefined;
  launchType?: string;
  rollback?: boolean;
}

/**
 * `service` with a new PRIMARY deployment first; every other deployment becomes ACTIVE, in the
 * order it had. The service's task definition, network configuration and launch type follow
 * the change.
 */
export function startDeployment(service: ServiceRecord, change: DeploymentChange, now: number, ids: Ids): ServiceRecord {
  const previous = service.deployments.find((d) => d.status === 'PRIMARY');
  const launchType = change.launchType ?? service.launchType;
  const networkConfiguration = 'networkConfiguration' in change ? change.networkConfiguration : service.networkConfiguration;
  const next = newDeployment({
    taskDefinitionArn: change.taskDefinitionArn,
    desiredCount: service.desiredCount,
    launchType,
    networkConfiguration,
    targetGroupArns: targetGroupsFor(service, service.loadBalancers),
    sourceTaskDefinitionArn: previous?.taskDefinitionArn,
    ...(change.rollback ? { rollback: true } : {}),
  }, now, ids);
  const others = service.deployments.map((d): DeploymentRecord => (d.status === 'PRIMARY' ? { ...d, status: 'ACTIVE', updatedAt: now } : d));
  const out: ServiceRecord = {
    ...service,
    taskDefinitionArn: change.taskDefinitionArn,
    launchType: launchType as ServiceRecord['launchType'],
    deployments: [next, ...others],
  };
  if (networkConfiguration) out.networkConfiguration = networkConfiguration;
  else delete out.networkConfiguration;
  return out;
}

/** `service` scaled to `desiredCount`: the service and its PRIMARY deployment (no new deployment). */
export function scaleService(service: ServiceRecord, desiredCount: number, now: number): ServiceRecord {
  return {
    ...service,
    desiredCount,
    deployments: service.deployments.map((d) => (d.status === 'PRIMARY' && d.desiredCount !== desiredCount ? { ...d, desiredCount, updatedAt: now } : d)),
  };
}
