// What an UpdateService call makes of a service, from its checked parts: a desired count alone
// scales the PRIMARY deployment; a new task definition, network configuration or load balancers,
// or forceNewDeployment, start a new deployment. Pure.
import { isDeepStrictEqual } from 'node:util';
import type { Ids } from '../../../util/clock.js';
import { scaleService, startDeployment } from './deployments.js';
import type { DeploymentConfiguration, NetworkConfiguration, ServiceLoadBalancer, ServiceRecord } from './model.js';
import type { PropagateTags } from './rules.js';

export interface ServiceUpdate {
  desiredCount?: number | undefined;
  /** The task definition the request names (resolved to its ARN); undefined when not given. */
  taskDefinitionArn?: string | undefined;
  /** Given when the request carried networkConfiguration (checked against the task definition). */
  networkConfiguration?: { value: NetworkConfiguration | undefined } | undefined;
  loadBalancers?: ServiceLoadBalancer[] | undefined;
  deploymentConfiguration: DeploymentConfiguration;
  placement?: Pick<ServiceRecord, 'placementConstraints' | 'placementStrategy'> | undefined;
  healthCheckGracePeriodSeconds?: number | undefined;
  propagateTags?: PropagateTags | undefined;
  enableExecuteCommand?: boolean | undefined;
  enableECSManagedTags?: boolean | undefined;
  forceNewDeployment?: boolean | undefined;
}

/** Whether the update needs a new deployment (rather than changing the current one in place). */
export function needsNewDeployment(current: ServiceRecord, u: ServiceUpdate): boolean {
  return u.forceNewDeployment === true
    || (u.taskDefinitionArn !== undefined && u.taskDefinitionArn !== current.taskDefinitionArn)
    || (u.networkConfiguration !== undefined && !isDeepStrictEqual(u.networkConfiguration.value, current.networkConfiguration))
    || (u.loadBalancers !== undefined && !isDeepStrictEqual(u.loadBalancers, current.loadBalancers));
}

export function applyUpdate(current: ServiceRecord, u: ServiceUpdate, now: number, ids: Ids): ServiceRecord {
  let next: ServiceRecord = {
    ...current,
    deploymentConfiguration: u.deploymentConfiguration,
    ...(u.loadBalancers !== undefined ? { loadBalancers: u.loadBalancers } : {}),
    ...(u.placement ?? {}),
    ...(u.healthCheckGracePeriodSeconds !== undefined ? { healthCheckGracePeriodSeconds: u.healthCheckGracePeriodSeconds } : {}),
    ...(u.propagateTags !== undefined ? { propagateTags: u.propagateTags } : {}),
    ...(u.enableExecuteCommand !== undefined ? { enableExecuteCommand: u.enableExecuteCommand } : {}),
    ...(u.enableECSManagedTags !== undefined ? { enableECSManagedTags: u.enableECSManagedTags } : {}),
    version: current.version + 1,
  };
  if (u.desiredCount !== undefined) next = scaleService(next, u.desiredCount, now);
  if (needsNewDeployment(current, u)) {
    next = startDeployment(next, {
      taskDefinitionArn: u.taskDefinitionArn ?? current.taskDefinitionArn,
      ...(u.networkConfiguration !== undefined ? { networkConfiguration: u.networkConfiguration.value } : {}),
    }, now, ids);
  }
  return next;
}

/** DeleteService: DRAINING, scaled to 0 (the controller stops the tasks, then marks it INACTIVE). */
export function drain(current: ServiceRecord, now: number): ServiceRecord {
  return {
    ...current,
    status: 'DRAINING',
    desiredCount: 0,
    deployments: current.deployments.map((d) => (d.desiredCount === 0 ? d : { ...d, desiredCount: 0, updatedAt: now })),
    version: current.version + 1,
  };
}
