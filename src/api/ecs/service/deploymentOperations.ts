// The service deployment API: ListServiceDeployments, DescribeServiceDeployments,
// StopServiceDeployment. A service deployment is one of a service's deployments (live in the
// service record, or archived once the controller dropped it); see serviceDeployment.ts.
import type { Context } from '../../../protocol/context.js';
import {
  ConflictException, InvalidParameterException, ServiceDeploymentNotFoundException, ServiceNotFoundException,
} from '../../../protocol/errors.js';
import { operation, type Operation } from '../../../protocol/operation.js';
import type { Reader } from '../../../state/store.js';
import { decodeToken, encodeToken } from '../../pagination.js';
import { requireActiveCluster } from '../cluster/repo.js';
import { parseServiceDeploymentArn, serviceDeploymentArn } from './arns.js';
import { SERVICE_TOPIC, serviceKey, type DeploymentConfiguration, type DeploymentRecord, type ServiceRecord } from './model.js';
import { findService, getArchived, getService, listArchived, putService } from './repo.js';
import { SERVICE_NOT_FOUND } from './rules.js';
import { describeServiceDeploymentsInput, listServiceDeploymentsInput, stopServiceDeploymentInput } from './schema.js';
import {
  isStoppable, SERVICE_DEPLOYMENT_STATUSES, serviceDeploymentBrief, serviceDeploymentToWire, statusOf,
  type DeploymentContext, type ServiceDeploymentStatus,
} from './serviceDeployment.js';

const MAX_DESCRIBE = 20;
const MAX_LIST_RESULTS = 100;
const DEFAULT_LIST_RESULTS = 20;
const STOP_TYPES = ['ROLLBACK', 'ABORT'] as const;
export const SERVICE_DEPLOYMENT_NOT_FOUND = 'The service deployment does not exist.';

interface Known {
  deployment: DeploymentRecord;
  deploymentConfiguration: DeploymentConfiguration;
}

/** Every deployment Wharf knows of the service, live and archived, newest first; rollbacks are shown as part of what they rolled back. */
async function deploymentsOf(reader: Reader, s: ServiceRecord): Promise<{ shown: Known[]; all: DeploymentRecord[] }> {
  const live = s.deployments.map((deployment) => ({ deployment, deploymentConfiguration: s.deploymentConfiguration }));
  const liveIds = new Set(s.deployments.map((d) => d.serviceDeploymentId));
  const archived = (await listArchived(reader, s.clusterName, s.name))
    .filter((a) => !liveIds.has(a.deployment.serviceDeploymentId))
    .map((a) => ({ deployment: a.deployment, deploymentConfiguration: a.deploymentConfiguration }));
  const known = [...live, ...archived].sort((a, b) => b.deployment.createdAt - a.deployment.createdAt);
  return { shown: known.filter((k) => k.deployment.rollback !== true), all: known.map((k) => k.deployment) };
}

function context(ctx: Context, s: ServiceRecord, known: Known, all: readonly DeploymentRecord[]): DeploymentContext {
  return {
    serviceArn: s.arn,
    clusterArn: s.clusterArn,
    deploymentConfiguration: known.deploymentConfiguration,
    all,
    arnOf: (d) => serviceDeploymentArn(ctx.account, s.clusterName, s.name, d.serviceDeploymentId),
  };
}

function checkStatuses(statuses: readonly string[] | undefined): Set<string> | undefined {
  if (statuses === undefined || statuses.length === 0) return undefined;
  for (const s of statuses) {
    if (!(SERVICE_DEPLOYMENT_STATUSES as readonly string[]).includes(s)) {
      throw new InvalidParameterException(`Invalid status '${s}'. Valid values are ${SERVICE_DEPLOYMENT_STATUSES.join(', ')}.`);
    }
  }
  return new Set(statuses);
}

const listServiceDeployments = operation(listServiceDeploymentsInput, async (ctx, input) => {
  const limit = input.maxResults ?? DEFAULT_LIST_RESULTS;
  if (limit < 1 || limit > MAX_LIST_RESULTS) throw new InvalidParameterException(`maxResults must be between 1 and ${MAX_LIST_RESULTS}.`);
  const statuses = checkStatuses(input.status);
  const cluster = await requireActiveCluster(ctx.store, ctx.account, input.cluster);
  const service = await findService(ctx.store, ctx.account, cluster.clusterName, input.service);
  if (!service) throw new ServiceNotFoundException(SERVICE_NOT_FOUND);
  const { shown, all } = await deploymentsOf(ctx.store, service);
  const after = input.createdAt?.after;
  const before = input.createdAt?.before;
  const matching = shown.filter((k) => (statuses === undefined || statuses.has(statusOf(k.deployment, all)))
    && (after === undefined || k.deployment.createdAt >= after * 1000)
    && (before === undefined || k.deployment.createdAt <= before * 1000));
  let start = 0;
  if (input.nextToken !== undefined) {
    const last = decodeToken(input.nextToken);
    start = matching.findIndex((k) => k.deployment.serviceDeploymentId === last) + 1;
    if (start === 0) throw new InvalidParameterException('Invalid token: the nextToken is not one this service issued.');
  }
  const page = matching.slice(start, start + limit);
  const lastShown = page[page.length - 1];
  return {
    serviceDeployments: page.map((k) => serviceDeploymentBrief(k.deployment, context(ctx, service, k, all))),
    ...(start + limit < matching.length && lastShown ? { nextToken: encodeToken(lastShown.deployment.serviceDeploymentId) } : {}),
  };
});

/** The deployment an ARN names, with its service; undefined when Wharf knows none. */
async function findDeployment(ctx: Context, reader: Reader, arn: string) {
  const ref = parseServiceDeploymentArn(ctx.account, arn);
  if (!ref) return undefined;
  const service = await getService(reader, ref.cluster, ref.service);
  if (!service) return undefined;
  const { shown, all } = await deploymentsOf(reader, service);
  const known = shown.find((k) => k.deployment.serviceDeploymentId === ref.id);
  return known ? { service, known, all } : undefined;
}

const describeServiceDeployments = operation(describeServiceDeploymentsInput, async (ctx, input) => {
  const arns = input.serviceDeploymentArns;
  if (arns.length === 0) throw new InvalidParameterException('serviceDeploymentArns cannot be empty.');
  if (arns.length > MAX_DESCRIBE) throw new InvalidParameterException(`At most ${MAX_DESCRIBE} service deployments can be described at a time.`);
  const serviceDeployments = [];
  const failures = [];
  for (const arn of arns) {
    const found = await findDeployment(ctx, ctx.store, arn);
    if (found) serviceDeployments.push(serviceDeploymentToWire(found.known.deployment, context(ctx, found.service, found.known, found.all)));
    else failures.push({ arn, reason: 'MISSING' });
  }
  return { serviceDeployments, failures };
});

const stopServiceDeployment = operation(stopServiceDeploymentInput, async (ctx, input) => {
  const stopType = input.stopType ?? 'ROLLBACK';
  if (!(STOP_TYPES as readonly string[]).includes(stopType)) {
    throw new InvalidParameterException(`Invalid stopType '${stopType}'. Valid values are ${STOP_TYPES.join(', ')}.`);
  }
  const now = ctx.clock().getTime();
  const changed = await ctx.store.transaction(async (tx) => {
    const found = await findDeployment(ctx, tx, input.serviceDeploymentArn);
    if (!found) throw new ServiceDeploymentNotFoundException(SERVICE_DEPLOYMENT_NOT_FOUND);
    const { service, known, all } = found;
    const status: ServiceDeploymentStatus = statusOf(known.deployment, all);
    const live = service.deployments.find((d) => d.serviceDeploymentId === known.deployment.serviceDeploymentId);
    const archived = await getArchived(tx, service.clusterName, service.name, known.deployment.serviceDeploymentId);
    if (!live || archived || !isStoppable(status)) {
      throw new ConflictException(`The service deployment is ${status} and cannot be stopped.`);
    }
    // Stopping a deployment that is already stopping goes on as it was.
    if (live.stopRequested !== undefined) return undefined;
    const next: ServiceRecord = {
      ...service,
      deployments: service.deployments.map((d) => (d === live ? { ...d, stopRequested: stopType as 'ROLLBACK' | 'ABORT', updatedAt: now } : d)),
      version: service.version + 1,
    };
    await putService(tx, next);
    return next;
  });
  if (changed) ctx.changes?.publish(SERVICE_TOPIC, serviceKey(changed.clusterName, changed.name));
  return { serviceDeploymentArn: input.serviceDeploymentArn };
});

export const serviceDeploymentsOperations: Record<string, Operation> = {
  ListServiceDeployments: listServiceDeployments,
  DescribeServiceDeployments: describeServiceDeployments,
  StopServiceDeployment: stopServiceDeployment,
};
