// What ECS adds to a registered task definition: defaults, compatibilities, requiresAttributes.
import { FARGATE_LOG_DRIVERS } from './containers.js';
import { isFargateSize } from './resources.js';
import type { ContainerDefinition, RegisterTaskDefinitionRequest, TaskDefinition } from '../../../protocol/ecs/taskDefinition.js';
import type { ValidRegistration } from './validate.js';

export interface BuildOptions {
  request: RegisterTaskDefinitionRequest;
  valid: ValidRegistration;
  arn: string;
  revision: number;
  /** Epoch seconds. */
  registeredAt: number;
  registeredBy: string;
}

function withDefaults(c: ContainerDefinition): ContainerDefinition {
  return {
    ...c,
    cpu: c.cpu ?? 0,
    portMappings: c.portMappings ?? [],
    essential: c.essential ?? true,
    environment: c.environment ?? [],
    mountPoints: c.mountPoints ?? [],
    volumesFrom: c.volumesFrom ?? [],
    systemControls: c.systemControls ?? [],
  };
}

/** Whether the definition could run on Fargate, as ECS decides for `compatibilities`. */
export function fargateCompatible(req: RegisterTaskDefinitionRequest, valid: ValidRegistration): boolean {
  if (valid.mode !== 'awsvpc' || valid.cpu === undefined || valid.memory === undefined) return false;
  if (!isFargateSize(Number(valid.cpu), Number(valid.memory))) return false;
  if (req.ipcMode !== undefined || (req.placementConstraints ?? []).length > 0) return false;
  if ((req.volumes ?? []).some((v) => v.host?.sourcePath !== undefined || v.dockerVolumeConfiguration !== undefined)) return false;
  return valid.containers.every((c) =>
    !c.privileged && (c.links ?? []).length === 0 && (c.dockerSecurityOptions ?? []).length === 0
    && (!c.logConfiguration?.logDriver || FARGATE_LOG_DRIVERS.includes(c.logConfiguration.logDriver)));
}

function compatibilities(req: RegisterTaskDefinitionRequest, valid: ValidRegistration): string[] {
  const out = valid.mode === 'awsvpc' ? ['EC2'] : ['EXTERNAL', 'EC2'];
  if (fargateCompatible(req, valid)) out.push('FARGATE');
  return out;
}

const ECR_IMAGE = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//;

/** The container instance attributes a task from this definition needs (a subset of ECS's). */
export function requiresAttributes(req: RegisterTaskDefinitionRequest, valid: ValidRegistration): { name: string }[] {
  const names = new Set<string>();
  const api = (version: string) => names.add(`com.amazonaws.ecs.capability.docker-remote-api.${version}`);
  if (req.taskRoleArn) names.add('com.amazonaws.ecs.capability.task-iam-role');
  if (valid.mode === 'awsvpc') names.add('ecs.capability.task-eni');
  if (valid.mode !== 'bridge') api('1.18');
  for (const c of valid.containers) {
    if (c.memoryReservation !== undefined) api('1.21');
    if (c.dockerLabels || c.ulimits || c.dockerSecurityOptions) api('1.18');
    if (c.logConfiguration?.logDriver) {
      api('1.18');
      if (c.logConfiguration.logDriver === 'awslogs') api('1.19');
      names.add(`com.amazonaws.ecs.capability.logging-driver.${c.logConfiguration.logDriver}`);
      if (c.logConfiguration.logDriver === 'awslogs' && req.executionRoleArn) names.add('ecs.capability.execution-role-awslogs');
    }
    if (c.healthCheck) {
      api('1.24');
      names.add('ecs.capability.container-health-check');
    }
    if (c.dependsOn?.length) names.add('ecs.capability.container-ordering');
    if (c.secrets?.length) {
      if (c.secrets.some((s) => s.valueFrom?.includes(':secretsmanager:'))) names.add('ecs.capability.secrets.asm.environment-variables');
      if (c.secrets.some((s) => !s.valueFrom?.includes(':secretsmanager:'))) names.add('ecs.capability.secrets.ssm.environment-variables');
    }
    if (c.image && ECR_IMAGE.test(c.image)) {
      names.add('com.amazonaws.ecs.capability.ecr-auth');
      if (req.executionRoleArn) names.add('ecs.capability.execution-role-ecr-pull');
    }
    if (c.repositoryCredentials) names.add('com.amazonaws.ecs.capability.private-registry-authentication.secretsmanager');
    if (c.firelensConfiguration) names.add(`ecs.capability.firelens.${c.firelensConfiguration.type}`);
    if (c.environmentFiles?.length) names.add('ecs.capability.env-files.s3');
    if (c.linuxParameters?.initProcessEnabled) api('1.25');
  }
  if ((req.volumes ?? []).some((v) => v.efsVolumeConfiguration)) names.add('ecs.capability.efsAuth');
  if ((req.volumes ?? []).some((v) => v.dockerVolumeConfiguration)) api('1.25');
  if (req.pidMode || req.ipcMode) api('1.26');
  return [...names].map((name) => ({ name }));
}

/** The task definition ECS stores and answers for a valid registration. */
export function buildTaskDefinition(opts: BuildOptions): TaskDefinition {
  const { request: req, valid } = opts;
  const rest: Partial<RegisterTaskDefinitionRequest> = { ...req };
  for (const key of ['tags', 'family', 'containerDefinitions', 'cpu', 'memory'] as const) delete rest[key];
  return {
    taskDefinitionArn: opts.arn,
    containerDefinitions: valid.containers.map(withDefaults),
    family: valid.family,
    ...rest,
    revision: opts.revision,
    volumes: req.volumes ?? [],
    status: 'ACTIVE',
    requiresAttributes: requiresAttributes(req, valid),
    placementConstraints: req.placementConstraints ?? [],
    compatibilities: compatibilities(req, valid),
    ...(valid.cpu !== undefined ? { cpu: valid.cpu } : {}),
    ...(valid.memory !== undefined ? { memory: valid.memory } : {}),
    registeredAt: opts.registeredAt,
    registeredBy: opts.registeredBy,
  };
}
