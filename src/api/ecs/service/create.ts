// The record a CreateService call makes, from its checked parts. Pure.
import type { Ids } from '../../../util/clock.js';
import { newDeployment, targetGroupsFor } from './deployments.js';
import type { DeploymentConfiguration, NetworkConfiguration, ServiceLoadBalancer, ServiceRecord } from './model.js';
import type { PropagateTags, SchedulingStrategy } from './rules.js';

export interface NewService {
  arn: string;
  name: string;
  clusterName: string;
  clusterArn: string;
  taskDefinitionArn: string;
  desiredCount: number;
  deploymentController?: 'ECS' | 'CODE_DEPLOY';
  launchType: ServiceRecord['launchType'];
  loadBalancers: ServiceLoadBalancer[];
  placement: Pick<ServiceRecord, 'placementConstraints' | 'placementStrategy'>;
  networkConfiguration?: NetworkConfiguration | undefined;
  deploymentConfiguration: DeploymentConfiguration;
  healthCheckGracePeriodSeconds?: number | undefined;
  schedulingStrategy: SchedulingStrategy;
  propagateTags: PropagateTags;
  enableECSManagedTags: boolean;
  enableExecuteCommand: boolean;
  roleArn?: string | undefined;
  createdBy: string;
  clientToken?: string | undefined;
  requestFingerprint: string;
}

/** An ACTIVE service with one PRIMARY deployment IN_PROGRESS, no events, version 1. */
export function buildService(s: NewService, now: number, ids: Ids): ServiceRecord {
  const deployment = newDeployment({
    taskDefinitionArn: s.taskDefinitionArn,
    desiredCount: s.desiredCount,
    launchType: s.launchType,
    networkConfiguration: s.networkConfiguration,
    targetGroupArns: targetGroupsFor({ deploymentConfiguration: s.deploymentConfiguration, deployments: [] }, s.loadBalancers),
  }, now, ids);
  return {
    arn: s.arn,
    name: s.name,
    clusterName: s.clusterName,
    clusterArn: s.clusterArn,
    status: 'ACTIVE',
    taskDefinitionArn: s.taskDefinitionArn,
    desiredCount: s.desiredCount,
    runningCount: 0,
    pendingCount: 0,
    launchType: s.launchType,
    loadBalancers: s.loadBalancers,
    placementConstraints: s.placement.placementConstraints,
    placementStrategy: s.placement.placementStrategy,
    ...(s.networkConfiguration ? { networkConfiguration: s.networkConfiguration } : {}),
    deploymentConfiguration: s.deploymentConfiguration,
    deploymentController: { type: s.deploymentController ?? 'ECS' },
    ...(s.healthCheckGracePeriodSeconds !== undefined ? { healthCheckGracePeriodSeconds: s.healthCheckGracePeriodSeconds } : {}),
    schedulingStrategy: s.schedulingStrategy,
    propagateTags: s.propagateTags,
    enableECSManagedTags: s.enableECSManagedTags,
    enableExecuteCommand: s.enableExecuteCommand,
    ...(s.roleArn ? { roleArn: s.roleArn } : {}),
    createdAt: now,
    createdBy: s.createdBy,
    deployments: [deployment],
    events: [],
    registered: {},
    retiring: {},
    failures: { consecutive: 0 },
    ...(s.clientToken !== undefined ? { clientToken: s.clientToken } : {}),
    requestFingerprint: s.requestFingerprint,
    version: 1,
  };
}
