// A service as Wharf keeps it. The contract between the service API (src/api/ecs/services.ts and
// this folder), which creates and changes the desired state, and the service controller
// (src/control/service), which keeps tasks, load balancer targets, deployments, counts and
// events in step with it. Timestamps are epoch ms. Pure.

/** Store kind; keys `<cluster>/<service name>`. */
export const SERVICES = 'ecs/services';
/** Published (key: `<cluster>/<service name>`) after the API changes a service record. */
export const SERVICE_TOPIC = 'ecs/services';

export function serviceKey(clusterName: string, serviceName: string): string {
  return `${clusterName}/${serviceName}`;
}

/** ECS keeps the newest 100 events of a service. */
export const MAX_SERVICE_EVENTS = 100;

export interface AdvancedConfiguration {
  alternateTargetGroupArn: string;
  /** A listener rule ARN (or, in Wharf, a listener ARN: its default action) whose forward weights shift. */
  productionListenerRule: string;
  testListenerRule?: string;
  roleArn?: string;
}

export interface ServiceLoadBalancer {
  targetGroupArn?: string;
  loadBalancerName?: string;
  containerName: string;
  containerPort: number;
  advancedConfiguration?: AdvancedConfiguration;
}

export interface CircuitBreaker {
  enable: boolean;
  rollback: boolean;
}

export type DeploymentStrategy = 'ROLLING' | 'BLUE_GREEN' | 'LINEAR' | 'CANARY';

export interface DeploymentConfiguration {
  maximumPercent: number;
  minimumHealthyPercent: number;
  deploymentCircuitBreaker: CircuitBreaker;
  strategy: DeploymentStrategy;
  /** BLUE_GREEN, LINEAR and CANARY: how long the old tasks stay after all traffic has shifted. */
  bakeTimeInMinutes?: number;
  linearConfiguration?: { stepPercent: number; stepBakeTimeInMinutes: number };
  canaryConfiguration?: { canaryPercent: number; canaryBakeTimeInMinutes: number };
}

export interface NetworkConfiguration {
  awsvpcConfiguration?: { subnets: string[]; securityGroups?: string[]; assignPublicIp?: 'ENABLED' | 'DISABLED' };
}

export type RolloutState = 'COMPLETED' | 'FAILED' | 'IN_PROGRESS';

/** Where a blue/green (or linear/canary) deployment is; absent for rolling deployments. */
export type TrafficStage = 'SCALE_UP' | 'PRODUCTION_TRAFFIC_SHIFT' | 'BAKE_TIME' | 'CLEAN_UP';

export interface DeploymentRecord {
  /** `ecs-svc/` + 19 digits, as ECS's; the tasks of the deployment carry it as `startedBy`. */
  id: string;
  /** The id in the deployment's serviceDeploymentArn (`service-deployment/<cluster>/<service>/<id>`). */
  serviceDeploymentId: string;
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  taskDefinitionArn: string;
  desiredCount: number;
  /** Kept by the controller. */
  pendingCount: number;
  runningCount: number;
  failedTasks: number;
  launchType: string;
  networkConfiguration?: NetworkConfiguration;
  rolloutState: RolloutState;
  rolloutStateReason: string;
  createdAt: number;
  updatedAt: number;
  /** Set by StopServiceDeployment (or the circuit breaker): the controller rolls this deployment back. */
  stopRequested?: 'ROLLBACK' | 'ABORT';
  /** Blue/green: the target group of each `loadBalancers` entry that this deployment's tasks join
   *  (the primary or the alternate one); absent for rolling deployments (each entry's targetGroupArn). */
  targetGroupArns?: string[];
  /** Blue/green: the stage, the percent of production traffic it receives, and when the stage began. */
  stage?: TrafficStage;
  trafficPercent?: number;
  stageStartedAt?: number;
  /** The deployment this one rolls back to, or replaced (for the service deployment API). */
  sourceTaskDefinitionArn?: string;
  /** Set on a deployment that was rolled back: the id of the deployment that took over (the
   *  controller makes the last completed deployment PRIMARY again). */
  rolledBackTo?: string;
  /** True when this deployment was created by a rollback. */
  rollback?: boolean;
  finishedAt?: number;
}

export interface ServiceEvent {
  id: string;
  createdAt: number;
  message: string;
}

export interface RegisteredTarget {
  targetGroupArn: string;
  id: string;
  port: number;
}

export interface ServiceRecord {
  arn: string;
  name: string;
  clusterName: string;
  clusterArn: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  /** The PRIMARY deployment's task definition. */
  taskDefinitionArn: string;
  desiredCount: number;
  /** Kept by the controller (all deployments). */
  runningCount: number;
  pendingCount: number;
  launchType: 'EC2' | 'EXTERNAL' | 'FARGATE';
  loadBalancers: ServiceLoadBalancer[];
  placementConstraints: { type: string; expression?: string }[];
  placementStrategy: { type: string; field?: string }[];
  networkConfiguration?: NetworkConfiguration;
  deploymentConfiguration: DeploymentConfiguration;
  deploymentController: { type: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL' };
  healthCheckGracePeriodSeconds?: number;
  schedulingStrategy: 'REPLICA' | 'DAEMON';
  propagateTags: 'TASK_DEFINITION' | 'SERVICE' | 'NONE';
  enableECSManagedTags: boolean;
  enableExecuteCommand: boolean;
  roleArn?: string;
  platformVersion?: string;
  createdAt: number;
  createdBy: string;
  /** PRIMARY first, then ACTIVE ones newest first; INACTIVE ones are dropped by the controller. */
  deployments: DeploymentRecord[];
  /** Newest first, at most MAX_SERVICE_EVENTS. */
  events: ServiceEvent[];
  // The controller's bookkeeping; the API creates these empty and never changes them.
  /** Targets the controller registered for each task (by task id), until deregistered and drained. */
  registered: Record<string, RegisteredTarget[]>;
  /** Tasks the controller decided to stop: deregistered first, stopped once drained. */
  retiring: Record<string, { since: number; reason: string }>;
  /** The service's live tasks the controller knows of (task id -> deployment id): a tracked task
   *  found STOPPED that the controller did not stop is a failure (or a lost host). */
  tracked?: Record<string, string>;
  /** Consecutive tasks that failed to start or stay healthy (launch backoff); reset by a healthy task. */
  failures: { consecutive: number; lastAt?: number };
  /** Whether the controller last found the service steady (writes the steady-state event on the change). */
  steady?: boolean;
  /** Set when the service became INACTIVE (the sweep removes it after the retention). */
  deletedAt?: number;
  /** CreateService's clientToken and a digest of the request it came with (idempotent retries). */
  clientToken?: string;
  requestFingerprint?: string;
  version: number;
}

/** The `service:<name>` group a service's tasks carry. */
export function serviceGroup(name: string): string {
  return `service:${name}`;
}

/** ECS's deployment circuit breaker threshold: half the desired count, at least 3 and at most 200. */
export function circuitBreakerThreshold(desired: number): number {
  return Math.min(200, Math.max(3, Math.ceil(desired * 0.5)));
}
