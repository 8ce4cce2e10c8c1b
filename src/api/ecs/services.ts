// ECS service operations: CreateService, UpdateService, DeleteService, DescribeServices,
// ListServices (and, from service/deploymentOperations.ts, the service deployment API). They
// keep the desired state; the service controller (src/control/service) acts on it.
import type { Context } from '../../protocol/context.js';
import { InvalidParameterException, ServiceNotActiveException, ServiceNotFoundException } from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import type { Reader, Tx } from '../../state/store.js';
import { paginate } from '../pagination.js';
import { clusterArn, roleArnOf } from './arns.js';
import { requireActiveCluster } from './cluster/repo.js';
import type { ClusterRecord } from './cluster/model.js';
import { serviceArn, serviceDeploymentArn } from './service/arns.js';
import { buildService } from './service/create.js';
import { serviceDeploymentsOperations } from './service/deploymentOperations.js';
import { checkLoadBalancers } from './service/loadBalancers.js';
import { SERVICE_TOPIC, SERVICES, serviceKey, type ServiceRecord } from './service/model.js';
import { findService, getService, putService } from './service/repo.js';
import {
  checkClientToken, checkDeploymentController, checkDesiredCount, effectiveStrategy, checkGracePeriod, checkNetwork, checkPlacement,
  checkPlatformVersion, checkPropagateTags, checkScheduling, checkServiceName, deploymentConfiguration, refuseUnsupported,
  NOT_IDEMPOTENT, SERVICE_NOT_ACTIVE, SERVICE_NOT_FOUND, STILL_DRAINING,
} from './service/rules.js';
import { createServiceInput, deleteServiceInput, describeServicesInput, listServicesInput, updateServiceInput } from './service/schema.js';
import { applyUpdate, drain } from './service/update.js';
import { serviceToWire } from './service/wire.js';
import { getTags, MAX_TAGS, putTags, TAGS, validateTags, type Tag } from './tagStore.js';
import { fingerprint } from './task/clientToken.js';
import { checkLaunchType, checkRunnable, TASK_DEFINITION_NOT_FOUND } from './task/rules.js';
import { findTaskDefinition, parseTaskDefinitionRef } from './taskDefinition/store.js';
import type { TaskDefinition } from '../../protocol/ecs/taskDefinition.js';

const MAX_DESCRIBE = 10;
const MAX_LIST_RESULTS = 100;
const LIST_LAUNCH_TYPES = ['EC2', 'FARGATE', 'EXTERNAL'];

function publish(ctx: Context, s: ServiceRecord): void {
  ctx.changes?.publish(SERVICE_TOPIC, serviceKey(s.clusterName, s.name));
}

function wire(ctx: Context, s: ServiceRecord, tags?: readonly Tag[]) {
  const primary = s.deployments.find((d) => d.status === 'PRIMARY');
  return serviceToWire(s, {
    ...(tags ? { tags } : {}),
    ...(primary ? { currentServiceDeployment: serviceDeploymentArn(ctx.account, s.clusterName, s.name, primary.serviceDeploymentId) } : {}),
  });
}

/** The task definition a `taskDefinition` parameter names, which must exist and be ACTIVE. */
async function runnableDefinition(ctx: Context, reader: Reader, identifier: string): Promise<TaskDefinition> {
  const ref = parseTaskDefinitionRef(identifier, ctx.account);
  return checkRunnable(ref && (await findTaskDefinition(reader, ref)));
}

async function serviceIn(ctx: Context, reader: Reader, cluster: ClusterRecord, identifier: string): Promise<ServiceRecord> {
  const found = await findService(reader, ctx.account, cluster.clusterName, identifier);
  if (!found) throw new ServiceNotFoundException(SERVICE_NOT_FOUND);
  return found;
}

const createService = operation(createServiceInput, async (ctx, input) => {
  checkServiceName(input.serviceName);
  checkClientToken(input.clientToken);
  refuseUnsupported(input);
  checkPlatformVersion(input.platformVersion);
  const scheduling = checkScheduling(input.schedulingStrategy);
  const desiredCount = checkDesiredCount(scheduling, input.desiredCount);
  const controller = checkDeploymentController(input.deploymentController?.type);
  const propagateTags = checkPropagateTags(input.propagateTags) ?? 'NONE';
  const tags = (input.tags ?? []).map((t) => ({ key: t.key, value: t.value ?? '' }));
  validateTags(tags);
  if (tags.length > MAX_TAGS) throw new InvalidParameterException(`A resource can have at most ${MAX_TAGS} tags.`);
  const config = deploymentConfiguration(scheduling, input.deploymentConfiguration);
  const print = fingerprint(input as Record<string, unknown>);
  const now = ctx.clock().getTime();

  const result = await ctx.store.transaction(async (tx) => {
    const cluster = await requireActiveCluster(tx, ctx.account, input.cluster);
    if (input.taskDefinition === undefined) throw new InvalidParameterException(TASK_DEFINITION_NOT_FOUND);
    const td = await runnableDefinition(ctx, tx, input.taskDefinition);
    const launchType = checkLaunchType(input, td) as ServiceRecord['launchType'];
    const networkConfiguration = checkNetwork(td, input.networkConfiguration);
    const placement = checkPlacement(scheduling, input, td);
    const loadBalancers = await checkLoadBalancers(input.loadBalancers ?? [], { reader: tx, td, strategy: effectiveStrategy(config.strategy, controller) });
    if (controller === 'CODE_DEPLOY' && loadBalancers.length === 0) {
      throw new InvalidParameterException('The CODE_DEPLOY deployment controller requires a load balancer with advancedConfiguration.');
    }
    checkGracePeriod(input.healthCheckGracePeriodSeconds, loadBalancers.length);

    const existing = await getService(tx, cluster.clusterName, input.serviceName);
    if (existing?.status === 'DRAINING') throw new InvalidParameterException(STILL_DRAINING);
    if (existing?.status === 'ACTIVE') {
      const same = input.clientToken !== undefined && existing.clientToken === input.clientToken && existing.requestFingerprint === print;
      if (!same) throw new InvalidParameterException(NOT_IDEMPOTENT);
      return { service: existing, tags: await getTags(tx, existing.arn), fresh: false };
    }
    const arn = serviceArn(ctx.account, cluster.clusterName, input.serviceName);
    const service = buildService({
      arn, name: input.serviceName, clusterName: cluster.clusterName, clusterArn: clusterArn(ctx.account, cluster.clusterName),
      taskDefinitionArn: td.taskDefinitionArn, desiredCount, launchType, loadBalancers, placement, networkConfiguration,
      deploymentConfiguration: config, deploymentController: controller, healthCheckGracePeriodSeconds: input.healthCheckGracePeriodSeconds,
      schedulingStrategy: scheduling, propagateTags,
      enableECSManagedTags: input.enableECSManagedTags ?? false, enableExecuteCommand: input.enableExecuteCommand ?? false,
      roleArn: roleArn(ctx, input.role, loadBalancers.length),
      createdBy: ctx.principal.arn, clientToken: input.clientToken, requestFingerprint: print,
    }, now, ctx.ids);
    await putService(tx, service);
    // A service of the same name that was deleted leaves no tags behind.
    await tx.delete(TAGS, arn);
    if (tags.length > 0) await putTags(tx, arn, tags);
    return { service, tags, fresh: true };
  });
  if (result.fresh) publish(ctx, result.service);
  return { service: wire(ctx, result.service, result.tags.length > 0 ? result.tags : undefined) };
});

/** The role ECS calls the load balancers with: the one given (a name or ARN), or the service-linked role. */
function roleArn(ctx: Context, role: string | undefined, loadBalancerCount: number): string | undefined {
  if (role !== undefined) return roleArnOf(ctx.account, role);
  if (loadBalancerCount === 0) return undefined;
  return `arn:aws:iam::${ctx.account.accountId}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`;
}

/** The task definition the service runs now (found even when it was deregistered since). */
async function currentDefinition(ctx: Context, reader: Reader, s: ServiceRecord): Promise<TaskDefinition> {
  const ref = parseTaskDefinitionRef(s.taskDefinitionArn, ctx.account);
  const td = ref && (await findTaskDefinition(reader, ref));
  if (!td) throw new InvalidParameterException(TASK_DEFINITION_NOT_FOUND);
  return td;
}

const updateService = operation(updateServiceInput, async (ctx, input) => {
  refuseUnsupported(input);
  checkPlatformVersion(input.platformVersion);
  if (input.deploymentController) checkDeploymentController(input.deploymentController.type);
  const propagateTags = checkPropagateTags(input.propagateTags);
  const now = ctx.clock().getTime();

  const service = await ctx.store.transaction(async (tx) => {
    const cluster = await requireActiveCluster(tx, ctx.account, input.cluster);
    const current = await serviceIn(ctx, tx, cluster, input.service);
    if (current.status !== 'ACTIVE') throw new ServiceNotActiveException(SERVICE_NOT_ACTIVE);
    const scheduling = current.schedulingStrategy;
    const desiredCount = input.desiredCount === undefined ? undefined : checkDesiredCount(scheduling, input.desiredCount);
    const newTd = input.taskDefinition === undefined ? undefined : await runnableDefinition(ctx, tx, input.taskDefinition);
    const td = newTd ?? (await currentDefinition(ctx, tx, current));
    if (newTd) checkLaunchType({ launchType: current.launchType }, newTd);
    const config = deploymentConfiguration(scheduling, input.deploymentConfiguration, current.deploymentConfiguration);
    const network = input.networkConfiguration !== undefined || newTd ? checkNetwork(td, input.networkConfiguration ?? current.networkConfiguration) : undefined;
    const changesLoadBalancing = input.loadBalancers !== undefined || newTd !== undefined || config.strategy !== current.deploymentConfiguration.strategy;
    const loadBalancers = changesLoadBalancing
      ? await checkLoadBalancers(input.loadBalancers ?? current.loadBalancers, { reader: tx, td, strategy: effectiveStrategy(config.strategy, current.deploymentController.type) })
      : current.loadBalancers;
    checkGracePeriod(input.healthCheckGracePeriodSeconds, loadBalancers.length);
    const placement = input.placementStrategy !== undefined || input.placementConstraints !== undefined
      ? checkPlacement(scheduling, {
        placementStrategy: input.placementStrategy ?? current.placementStrategy,
        placementConstraints: input.placementConstraints ?? current.placementConstraints,
      }, td)
      : undefined;
    const next = applyUpdate(current, {
      desiredCount,
      taskDefinitionArn: newTd?.taskDefinitionArn,
      networkConfiguration: input.networkConfiguration !== undefined ? { value: network } : undefined,
      loadBalancers: input.loadBalancers !== undefined ? loadBalancers : undefined,
      deploymentConfiguration: config,
      placement,
      healthCheckGracePeriodSeconds: input.healthCheckGracePeriodSeconds,
      propagateTags,
      enableExecuteCommand: input.enableExecuteCommand,
      enableECSManagedTags: input.enableECSManagedTags,
      forceNewDeployment: input.forceNewDeployment,
    }, now, ctx.ids);
    await putService(tx, next);
    return next;
  });
  publish(ctx, service);
  return { service: wire(ctx, service) };
});

const deleteService = operation(deleteServiceInput, async (ctx, input) => {
  const now = ctx.clock().getTime();
  const result = await ctx.store.transaction(async (tx: Tx) => {
    const cluster = await requireActiveCluster(tx, ctx.account, input.cluster);
    const current = await serviceIn(ctx, tx, cluster, input.service);
    // A service already being deleted (or deleted) is answered as it is.
    if (current.status !== 'ACTIVE') return { service: current, changed: false };
    if (current.schedulingStrategy === 'REPLICA' && current.desiredCount > 0 && input.force !== true) {
      throw new InvalidParameterException('The service cannot be stopped while it is scaled above 0.');
    }
    const next = drain(current, now);
    await putService(tx, next);
    return { service: next, changed: true };
  });
  if (result.changed) publish(ctx, result.service);
  return { service: wire(ctx, result.service) };
});

function checkInclude(include: readonly string[] | undefined): boolean {
  for (const f of include ?? []) {
    if (f !== 'TAGS') throw new InvalidParameterException(`Invalid value for include: ${f}. Valid values are TAGS.`);
  }
  return (include ?? []).includes('TAGS');
}

const describeServices = operation(describeServicesInput, async (ctx, input) => {
  if (input.services.length === 0) throw new InvalidParameterException('Services cannot be empty.');
  if (input.services.length > MAX_DESCRIBE) throw new InvalidParameterException(`At most ${MAX_DESCRIBE} services can be described at a time.`);
  const withTags = checkInclude(input.include);
  const cluster = await requireActiveCluster(ctx.store, ctx.account, input.cluster);
  const services = [];
  const failures = [];
  for (const identifier of input.services) {
    const s = await findService(ctx.store, ctx.account, cluster.clusterName, identifier);
    if (s) services.push(wire(ctx, s, withTags ? await getTags(ctx.store, s.arn) : undefined));
    else failures.push({ arn: identifier.startsWith('arn:') ? identifier : serviceArn(ctx.account, cluster.clusterName, identifier), reason: 'MISSING' });
  }
  return { services, failures };
});

const listServices = operation(listServicesInput, async (ctx, input) => {
  const limit = input.maxResults ?? 10;
  if (limit < 1 || limit > MAX_LIST_RESULTS) throw new InvalidParameterException(`maxResults must be between 1 and ${MAX_LIST_RESULTS}.`);
  if (input.launchType !== undefined && !LIST_LAUNCH_TYPES.includes(input.launchType)) {
    throw new InvalidParameterException(`Invalid launch type '${input.launchType}'. Valid values are ${LIST_LAUNCH_TYPES.join(', ')}.`);
  }
  const scheduling = input.schedulingStrategy === undefined ? undefined : checkScheduling(input.schedulingStrategy);
  const cluster = await requireActiveCluster(ctx.store, ctx.account, input.cluster);
  const page = await paginate<ServiceRecord>(ctx.store, {
    kind: SERVICES,
    prefix: `${cluster.clusterName}/`,
    limit,
    nextToken: input.nextToken,
    filter: (s) => (s.status === 'ACTIVE' || s.status === 'DRAINING')
      && (input.launchType === undefined || s.launchType === input.launchType)
      && (scheduling === undefined || s.schedulingStrategy === scheduling),
  });
  return { serviceArns: page.items.map((i) => i.value.arn), ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
});

export const servicesOperations: Record<string, Operation> = {
  CreateService: createService,
  UpdateService: updateService,
  DeleteService: deleteService,
  DescribeServices: describeServices,
  ListServices: listServices,
  ...serviceDeploymentsOperations,
};
