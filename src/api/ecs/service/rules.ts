// ECS's checks on CreateService/UpdateService parameters, with its messages. Pure.
import { compileRequest, PlacementInputError } from '../../../placement/index.js';
import { InvalidParameterException } from '../../../protocol/errors.js';
import { placementOf } from '../task/rules.js';
import type { TaskDefinition } from '../../../protocol/ecs/taskDefinition.js';
import type { CreateServiceInput, DeploymentConfigurationInput, NetworkConfigurationInput, UpdateServiceInput } from './schema.js';
import type { DeploymentConfiguration, DeploymentStrategy, NetworkConfiguration, ServiceRecord } from './model.js';

export const SERVICE_NOT_FOUND = 'Service not found.';
export const SERVICE_NOT_ACTIVE = 'Service was not ACTIVE.';
export const NOT_IDEMPOTENT = 'Creation of service was not idempotent.';
export const STILL_DRAINING = 'Unable to Start a service that is still Draining.';
export const MAX_CLIENT_TOKEN = 36;
const MAX_GRACE = 2147483647;
const MAX_BAKE_MINUTES = 1440;
const STRATEGIES: readonly DeploymentStrategy[] = ['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY'];
const PROPAGATE = ['TASK_DEFINITION', 'SERVICE', 'NONE'] as const;
const SCHEDULING = ['REPLICA', 'DAEMON'] as const;
const CONTROLLERS = ['ECS', 'CODE_DEPLOY', 'EXTERNAL'];

export type SchedulingStrategy = (typeof SCHEDULING)[number];
export type PropagateTags = (typeof PROPAGATE)[number];

function invalid(message: string): never {
  throw new InvalidParameterException(message);
}

export function checkServiceName(name: string): void {
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
    invalid('Service names must be 1 to 255 characters long and contain only letters, numbers, hyphens and underscores.');
  }
}

export function checkClientToken(token: string | undefined): void {
  if (token !== undefined && token.length > MAX_CLIENT_TOKEN) invalid(`idempotency token longer than ${MAX_CLIENT_TOKEN}.`);
}

export function checkScheduling(value: string | undefined): SchedulingStrategy {
  const s = value ?? 'REPLICA';
  if (!(SCHEDULING as readonly string[]).includes(s)) invalid(`Invalid schedulingStrategy '${s}'. Valid values are ${SCHEDULING.join(', ')}.`);
  return s as SchedulingStrategy;
}

export function checkPropagateTags(value: string | undefined): PropagateTags | undefined {
  if (value === undefined) return undefined;
  if (!(PROPAGATE as readonly string[]).includes(value)) invalid(`Invalid propagateTags '${value}'. Valid values are ${PROPAGATE.join(', ')}.`);
  return value as PropagateTags;
}

/** REPLICA services need a desired count of 0 or more; DAEMON services take none. */
export function checkDesiredCount(scheduling: SchedulingStrategy, desiredCount: number | undefined): number {
  if (scheduling === 'DAEMON') {
    if (desiredCount !== undefined && desiredCount !== 0) invalid('The daemon scheduling strategy does not support a desired count for services.');
    return 0;
  }
  if (desiredCount === undefined) invalid('DesiredCount is missing');
  if (desiredCount < 0) invalid('DesiredCount can not be lesser than 0');
  return desiredCount;
}

/** ECS, or CODE_DEPLOY, whose blue/green deployments Wharf runs itself (no CodeDeploy): its
 *  load balancers then need advancedConfiguration, as the BLUE_GREEN strategy's do. */
export function checkDeploymentController(type: string | undefined): 'ECS' | 'CODE_DEPLOY' {
  const t = type ?? 'ECS';
  if (!CONTROLLERS.includes(t)) invalid(`Invalid deploymentController type '${t}'. Valid values are ${CONTROLLERS.join(', ')}.`);
  if (t === 'EXTERNAL') invalid('The EXTERNAL deployment controller is not available in Wharf; use ECS or CODE_DEPLOY.');
  return t === 'CODE_DEPLOY' ? 'CODE_DEPLOY' : 'ECS';
}

/** The strategy deployments follow: a CODE_DEPLOY service's rolling configuration means blue/green. */
export function effectiveStrategy(strategy: DeploymentStrategy, controller: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL'): DeploymentStrategy {
  return controller === 'CODE_DEPLOY' && strategy === 'ROLLING' ? 'BLUE_GREEN' : strategy;
}

export function checkGracePeriod(seconds: number | undefined, loadBalancerCount: number): void {
  if (seconds === undefined) return;
  if (seconds < 0 || seconds > MAX_GRACE) invalid(`healthCheckGracePeriodSeconds must be between 0 and ${MAX_GRACE}.`);
  if (loadBalancerCount === 0) invalid('Health check grace period is only valid for services configured to use load balancers');
}

function inRange(name: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && (value < min || value > max)) invalid(`${name} must be between ${min} and ${max}.`);
}

/** The deployment configuration `input` makes of `current` (or of the defaults), checked. */
export function deploymentConfiguration(
  scheduling: SchedulingStrategy,
  input: DeploymentConfigurationInput | undefined,
  current?: DeploymentConfiguration,
): DeploymentConfiguration {
  const base: DeploymentConfiguration = current ?? {
    maximumPercent: scheduling === 'DAEMON' ? 100 : 200,
    minimumHealthyPercent: scheduling === 'DAEMON' ? 0 : 100,
    deploymentCircuitBreaker: { enable: false, rollback: false },
    strategy: 'ROLLING',
  };
  if (!input) return base;
  if (input.alarms?.enable) invalid('Deployment alarms are not available in Wharf yet.');
  if ((input.lifecycleHooks ?? []).length > 0) invalid('Deployment lifecycle hooks are not available in Wharf yet.');
  const strategy = (input.strategy ?? base.strategy) as DeploymentStrategy;
  if (!STRATEGIES.includes(strategy)) invalid(`Invalid deployment strategy '${strategy}'. Valid values are ${STRATEGIES.join(', ')}.`);
  const next: DeploymentConfiguration = {
    maximumPercent: input.maximumPercent ?? base.maximumPercent,
    minimumHealthyPercent: input.minimumHealthyPercent ?? base.minimumHealthyPercent,
    deploymentCircuitBreaker: input.deploymentCircuitBreaker
      ? { enable: input.deploymentCircuitBreaker.enable, rollback: input.deploymentCircuitBreaker.rollback }
      : base.deploymentCircuitBreaker,
    strategy,
  };
  if (scheduling === 'DAEMON' && next.maximumPercent > 100) {
    invalid('The daemon scheduling strategy does not support values above 100 for maximumPercent.');
  }
  inRange('maximumPercent', next.maximumPercent, scheduling === 'DAEMON' ? 0 : 100, 200);
  inRange('minimumHealthyPercent', next.minimumHealthyPercent, 0, 100);
  if (strategy !== 'ROLLING') {
    if (scheduling === 'DAEMON') invalid(`The daemon scheduling strategy does not support the ${strategy} deployment strategy.`);
    const bake = input.bakeTimeInMinutes ?? base.bakeTimeInMinutes ?? 0;
    inRange('bakeTimeInMinutes', bake, 0, MAX_BAKE_MINUTES);
    next.bakeTimeInMinutes = bake;
  } else if (input.bakeTimeInMinutes !== undefined) {
    invalid('bakeTimeInMinutes is only valid with the BLUE_GREEN, LINEAR and CANARY deployment strategies.');
  }
  if (input.linearConfiguration && strategy !== 'LINEAR') invalid('linearConfiguration is only valid with the LINEAR deployment strategy.');
  if (input.canaryConfiguration && strategy !== 'CANARY') invalid('canaryConfiguration is only valid with the CANARY deployment strategy.');
  if (strategy === 'LINEAR') {
    const linear = {
      stepPercent: input.linearConfiguration?.stepPercent ?? base.linearConfiguration?.stepPercent ?? 10,
      stepBakeTimeInMinutes: input.linearConfiguration?.stepBakeTimeInMinutes ?? base.linearConfiguration?.stepBakeTimeInMinutes ?? 6,
    };
    inRange('linearConfiguration.stepPercent', linear.stepPercent, 3, 100);
    inRange('linearConfiguration.stepBakeTimeInMinutes', linear.stepBakeTimeInMinutes, 0, MAX_BAKE_MINUTES);
    next.linearConfiguration = linear;
  }
  if (strategy === 'CANARY') {
    const canary = {
      canaryPercent: input.canaryConfiguration?.canaryPercent ?? base.canaryConfiguration?.canaryPercent ?? 5,
      canaryBakeTimeInMinutes: input.canaryConfiguration?.canaryBakeTimeInMinutes ?? base.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10,
    };
    inRange('canaryConfiguration.canaryPercent', canary.canaryPercent, 0.1, 100);
    inRange('canaryConfiguration.canaryBakeTimeInMinutes', canary.canaryBakeTimeInMinutes, 0, MAX_BAKE_MINUTES);
    next.canaryConfiguration = canary;
  }
  return next;
}

/** awsvpc task definitions need subnets; the other network modes take no network configuration. */
export function checkNetwork(td: TaskDefinition, input: NetworkConfigurationInput | undefined): NetworkConfiguration | undefined {
  const vpc = input?.awsvpcConfiguration;
  if (td.networkMode !== 'awsvpc') {
    if (vpc) invalid('Network Configuration is not valid for the given networkMode of this task definition.');
    return undefined;
  }
  if (!vpc) invalid("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
  if (vpc.subnets.length === 0) invalid('subnets can not be empty.');
  if (vpc.subnets.length > 16) invalid('subnets can have at most 16 items.');
  if ((vpc.securityGroups ?? []).length > 5) invalid('securityGroups can have at most 5 items.');
  if (vpc.assignPublicIp !== undefined && vpc.assignPublicIp !== 'ENABLED' && vpc.assignPublicIp !== 'DISABLED') {
    invalid(`Invalid assignPublicIp '${vpc.assignPublicIp}'. Valid values are ENABLED, DISABLED.`);
  }
  return {
    awsvpcConfiguration: {
      subnets: [...vpc.subnets],
      ...(vpc.securityGroups ? { securityGroups: [...vpc.securityGroups] } : {}),
      ...(vpc.assignPublicIp ? { assignPublicIp: vpc.assignPublicIp as 'ENABLED' | 'DISABLED' } : {}),
    },
  };
}

type PlacementFields = Pick<CreateServiceInput, 'placementStrategy' | 'placementConstraints'>;

/** The request's placement, checked as placement checks it; DAEMON services take no strategies. */
export function checkPlacement(scheduling: SchedulingStrategy, input: PlacementFields, td: TaskDefinition): Pick<ServiceRecord, 'placementStrategy' | 'placementConstraints'> {
  if (scheduling === 'DAEMON' && (input.placementStrategy ?? []).length > 0) {
    invalid('The daemon scheduling strategy does not support placement strategies.');
  }
  const typed = placementOf({ placementStrategy: input.placementStrategy, placementConstraints: input.placementConstraints }, { ...td, placementConstraints: [] });
  try {
    compileRequest({ count: 1, cpu: 0, memory: 0, group: 'service', placementStrategy: typed.strategy, placementConstraints: typed.constraints });
  } catch (err) {
    if (err instanceof PlacementInputError) invalid(err.message);
    throw err;
  }
  return {
    placementStrategy: (input.placementStrategy ?? []).map((s) => ({ type: s.type ?? '', ...(s.field !== undefined ? { field: s.field } : {}) })),
    placementConstraints: (input.placementConstraints ?? []).map((c) => ({ type: c.type ?? '', ...(c.expression !== undefined ? { expression: c.expression } : {}) })),
  };
}

type Unsupported = Pick<UpdateServiceInput, 'serviceRegistries' | 'serviceConnectConfiguration' | 'volumeConfigurations' | 'vpcLatticeConfigurations' | 'gatewayConnectors'>;

/** Features Wharf does not run: refused clearly rather than accepted and ignored. */
export function refuseUnsupported(input: Unsupported): void {
  if ((input.serviceRegistries ?? []).length > 0) invalid('Service discovery (serviceRegistries) is not available in Wharf yet.');
  const connect = input.serviceConnectConfiguration as { enabled?: unknown } | undefined;
  if (connect && connect.enabled === true) invalid('Service Connect is not available in Wharf yet.');
  if ((input.volumeConfigurations ?? []).length > 0) invalid('Service volume configurations are not available in Wharf yet.');
  if ((input.vpcLatticeConfigurations ?? []).length > 0) invalid('VPC Lattice is not available in Wharf yet.');
  if ((input.gatewayConnectors ?? []).length > 0) invalid('Gateway connectors are not available in Wharf yet.');
}

/** platformVersion is a Fargate setting; Wharf runs EC2 and EXTERNAL only. */
export function checkPlatformVersion(platformVersion: string | undefined): void {
  if (platformVersion !== undefined) invalid('The platformVersion parameter is only valid for the FARGATE launch type, which is not available in Wharf yet.');
}
