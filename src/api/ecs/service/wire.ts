// The Service structure CreateService, UpdateService, DeleteService and DescribeServices answer
// with. Times are epoch seconds on the wire; INACTIVE deployments are not shown. Pure.
import type { Tag } from '../tagStore.js';
import type { DeploymentConfiguration, DeploymentRecord, ServiceRecord } from './model.js';

function seconds(ms: number): number {
  return ms / 1000;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Partial<Record<K, V>>);
}

export function deploymentConfigurationToWire(c: DeploymentConfiguration) {
  return {
    deploymentCircuitBreaker: { enable: c.deploymentCircuitBreaker.enable, rollback: c.deploymentCircuitBreaker.rollback },
    maximumPercent: c.maximumPercent,
    minimumHealthyPercent: c.minimumHealthyPercent,
    strategy: c.strategy,
    ...optional('bakeTimeInMinutes', c.bakeTimeInMinutes),
    ...optional('linearConfiguration', c.linearConfiguration),
    ...optional('canaryConfiguration', c.canaryConfiguration),
  };
}

function deploymentToWire(d: DeploymentRecord) {
  return {
    id: d.id,
    status: d.status,
    taskDefinition: d.taskDefinitionArn,
    desiredCount: d.desiredCount,
    pendingCount: d.pendingCount,
    runningCount: d.runningCount,
    failedTasks: d.failedTasks,
    createdAt: seconds(d.createdAt),
    updatedAt: seconds(d.updatedAt),
    launchType: d.launchType,
    ...optional('networkConfiguration', d.networkConfiguration),
    rolloutState: d.rolloutState,
    rolloutStateReason: d.rolloutStateReason,
  };
}

export interface ServiceView {
  /** Given when the caller asked for tags (include TAGS; CreateService answers them too). */
  tags?: readonly Tag[];
  /** The service deployment ARN of the PRIMARY deployment (currentServiceDeployment). */
  currentServiceDeployment?: string;
}

export function serviceToWire(s: ServiceRecord, view: ServiceView = {}) {
  return {
    serviceArn: s.arn,
    serviceName: s.name,
    clusterArn: s.clusterArn,
    loadBalancers: s.loadBalancers.map((lb) => ({ ...lb })),
    serviceRegistries: [],
    status: s.status,
    desiredCount: s.desiredCount,
    runningCount: s.runningCount,
    pendingCount: s.pendingCount,
    launchType: s.launchType,
    ...optional('platformVersion', s.platformVersion),
    taskDefinition: s.taskDefinitionArn,
    deploymentConfiguration: deploymentConfigurationToWire(s.deploymentConfiguration),
    deployments: s.deployments.filter((d) => d.status !== 'INACTIVE').map(deploymentToWire),
    ...optional('roleArn', s.roleArn),
    events: s.events.map((e) => ({ id: e.id, createdAt: seconds(e.createdAt), message: e.message })),
    createdAt: seconds(s.createdAt),
    ...optional('currentServiceDeployment', view.currentServiceDeployment),
    placementConstraints: s.placementConstraints,
    placementStrategy: s.placementStrategy,
    ...optional('networkConfiguration', s.networkConfiguration),
    ...optional('healthCheckGracePeriodSeconds', s.healthCheckGracePeriodSeconds),
    schedulingStrategy: s.schedulingStrategy,
    deploymentController: s.deploymentController,
    ...(view.tags ? { tags: view.tags.map((t) => ({ key: t.key, value: t.value })) } : {}),
    createdBy: s.createdBy,
    enableECSManagedTags: s.enableECSManagedTags,
    propagateTags: s.propagateTags,
    enableExecuteCommand: s.enableExecuteCommand,
  };
}
