// A deployment as the service deployment API (ListServiceDeployments, DescribeServiceDeployments)
// shows it. Wharf's "service revisions" are the task definitions: a revision ARN is the task
// definition ARN the deployment runs. A rollback deployment (`rollback: true`) is not shown on
// its own: it is the `rollback` of the deployment it rolled back, as in ECS. Pure.
import { circuitBreakerThreshold } from './model.js';
import type { DeploymentConfiguration, DeploymentRecord } from './model.js';
import { deploymentConfigurationToWire } from './wire.js';

export type ServiceDeploymentStatus =
  | 'PENDING' | 'IN_PROGRESS' | 'SUCCESSFUL' | 'STOPPED' | 'STOP_REQUESTED'
  | 'ROLLBACK_REQUESTED' | 'ROLLBACK_IN_PROGRESS' | 'ROLLBACK_SUCCESSFUL' | 'ROLLBACK_FAILED';

export const SERVICE_DEPLOYMENT_STATUSES: readonly ServiceDeploymentStatus[] = [
  'PENDING', 'IN_PROGRESS', 'SUCCESSFUL', 'STOPPED', 'STOP_REQUESTED',
  'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED',
];

/** The service a deployment belongs to, and its other deployments (live and archived). */
export interface DeploymentContext {
  serviceArn: string;
  clusterArn: string;
  deploymentConfiguration: DeploymentConfiguration;
  /** Every deployment of the service Wharf still knows, including `d`. */
  all: readonly DeploymentRecord[];
  arnOf: (d: DeploymentRecord) => string;
}

const ROLLBACK_STATE: Record<DeploymentRecord['rolloutState'], ServiceDeploymentStatus> = {
  IN_PROGRESS: 'ROLLBACK_IN_PROGRESS',
  COMPLETED: 'ROLLBACK_SUCCESSFUL',
  FAILED: 'ROLLBACK_FAILED',
};

/** The rollback deployment that rolled `d` back, if one started. */
export function rollbackOf(d: DeploymentRecord, all: readonly DeploymentRecord[]): DeploymentRecord | undefined {
  if (d.rolledBackTo !== undefined) {
    // The deployment rolled back to may since have been archived: then it finished.
    return all.find((r) => r.id === d.rolledBackTo) ?? { ...d, rollback: true, rolloutState: 'COMPLETED' };
  }
  return all.find((r) => r.rollback === true && r !== d && r.createdAt >= d.createdAt && r.sourceTaskDefinitionArn === d.taskDefinitionArn);
}

export function statusOf(d: DeploymentRecord, all: readonly DeploymentRecord[]): ServiceDeploymentStatus {
  if (d.rollback) return ROLLBACK_STATE[d.rolloutState];
  if (d.rolloutState === 'COMPLETED') return 'SUCCESSFUL';
  const rollback = rollbackOf(d, all);
  if (rollback) return ROLLBACK_STATE[rollback.rolloutState];
  if (d.stopRequested === 'ROLLBACK') return 'ROLLBACK_REQUESTED';
  if (d.stopRequested === 'ABORT') return d.rolloutState === 'IN_PROGRESS' && d.status !== 'INACTIVE' ? 'STOP_REQUESTED' : 'STOPPED';
  if (d.rolloutState === 'FAILED') return 'STOPPED';
  // An unfinished deployment that a newer one replaced was stopped by it.
  return d.status === 'PRIMARY' ? 'IN_PROGRESS' : 'STOPPED';
}

/** Whether StopServiceDeployment may still act on the deployment (ECS: PENDING, IN_PROGRESS and the stopping states). */
export function isStoppable(status: ServiceDeploymentStatus): boolean {
  return ['PENDING', 'IN_PROGRESS', 'STOP_REQUESTED', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS'].includes(status);
}

function lifecycleStage(d: DeploymentRecord, status: ServiceDeploymentStatus): string | undefined {
  if (d.stage) return d.stage;
  return status === 'IN_PROGRESS' || status === 'STOP_REQUESTED' || status.startsWith('ROLLBACK_') && status !== 'ROLLBACK_SUCCESSFUL' && status !== 'ROLLBACK_FAILED'
    ? 'RECONCILE_SERVICE'
    : undefined;
}

function finished(status: ServiceDeploymentStatus): boolean {
  return ['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED'].includes(status);
}

function revision(d: DeploymentRecord) {
  return {
    arn: d.taskDefinitionArn,
    requestedTaskCount: d.desiredCount,
    runningTaskCount: d.runningCount,
    pendingTaskCount: d.pendingCount,
    ...(d.trafficPercent !== undefined ? { requestedProductionTrafficWeight: d.trafficPercent } : {}),
  };
}

/** What the brief (ListServiceDeployments) and full (DescribeServiceDeployments) shapes share. */
function common(d: DeploymentRecord, ctx: DeploymentContext) {
  const status = statusOf(d, ctx.all);
  const end = finished(status) ? (d.finishedAt ?? d.updatedAt) : undefined;
  return {
    status,
    end,
    fields: {
      serviceDeploymentArn: ctx.arnOf(d),
      serviceArn: ctx.serviceArn,
      clusterArn: ctx.clusterArn,
      createdAt: d.createdAt / 1000,
      startedAt: d.createdAt / 1000,
      ...(end !== undefined ? { finishedAt: end / 1000 } : {}),
      status,
      statusReason: d.rolloutStateReason,
    },
  };
}

export function serviceDeploymentBrief(d: DeploymentRecord, ctx: DeploymentContext) {
  return { ...common(d, ctx).fields, targetServiceRevisionArn: d.taskDefinitionArn };
}

export function serviceDeploymentToWire(d: DeploymentRecord, ctx: DeploymentContext) {
  const { status, end, fields } = common(d, ctx);
  const source = d.sourceTaskDefinitionArn === undefined
    ? undefined
    : ctx.all.find((o) => o !== d && o.taskDefinitionArn === d.sourceTaskDefinitionArn && o.status !== 'INACTIVE');
  const rollback = rollbackOf(d, ctx.all);
  const breaker = ctx.deploymentConfiguration.deploymentCircuitBreaker;
  const stage = lifecycleStage(d, status);
  return {
    ...fields,
    ...(end !== undefined && status !== 'SUCCESSFUL' ? { stoppedAt: end / 1000 } : {}),
    updatedAt: d.updatedAt / 1000,
    sourceServiceRevisions: d.sourceTaskDefinitionArn === undefined
      ? []
      : [source ? revision(source) : { arn: d.sourceTaskDefinitionArn, requestedTaskCount: 0, runningTaskCount: 0, pendingTaskCount: 0 }],
    targetServiceRevision: revision(d),
    ...(stage ? { lifecycleStage: stage } : {}),
    deploymentConfiguration: deploymentConfigurationToWire(ctx.deploymentConfiguration),
    ...(rollback ? {
      rollback: { reason: rollback.rolloutStateReason, startedAt: rollback.createdAt / 1000, serviceRevisionArn: rollback.taskDefinitionArn },
    } : {}),
    deploymentCircuitBreaker: breaker.enable
      ? { status: d.rolloutState === 'FAILED' ? 'TRIGGERED' : d.rolloutState === 'COMPLETED' ? 'MONITORING_COMPLETE' : 'MONITORING', failureCount: d.failedTasks, threshold: circuitBreakerThreshold(d.desiredCount) }
      : { status: 'DISABLED', failureCount: d.failedTasks, threshold: circuitBreakerThreshold(d.desiredCount) },
  };
}
