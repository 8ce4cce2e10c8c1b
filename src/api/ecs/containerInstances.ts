// ECS container instance operations: RegisterContainerInstance, DeregisterContainerInstance,
// DescribeContainerInstances, ListContainerInstances, UpdateContainerInstancesState.
import { matchesQuery, parseQuery, QueryError, type QueryNode } from '../../placement/index.js';
import { ClientException, InvalidParameterException } from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import type { Reader } from '../../state/store.js';
import { paginate } from '../pagination.js';
import { containerInstanceArn } from './arns.js';
import { publishInstanceTasks } from './changes.js';
import { requireActiveCluster } from './cluster/repo.js';
import { instanceToWire, placementView, type ContainerInstanceRecord } from './containerInstance/model.js';
import {
  checkSameInstanceType, parseIdentityDocument, readResources, registrationAttributes,
} from './containerInstance/registration.js';
import { clusterPrefix, CONTAINER_INSTANCES, findInstance, saveInstance } from './containerInstance/repo.js';
import {
  deregisterContainerInstanceInput, describeContainerInstancesInput, listContainerInstancesInput,
  registerContainerInstanceInput, updateContainerInstancesStateInput,
} from './containerInstance/schema.js';
import { getTags, putTags, validateTags } from './tagStore.js';
import { instanceTasks, writeTask } from './task/repo.js';
import { markStopped } from './task/stop.js';

const NOT_FOUND = 'The referenced container instance was not found.';
const STATUSES = ['ACTIVE', 'DRAINING', 'REGISTERING', 'DEREGISTERING', 'REGISTRATION_FAILED', 'INACTIVE'];
const MAX_DESCRIBE = 100;
const MAX_UPDATE = 10;

async function wire(reader: Reader, ci: ContainerInstanceRecord, withTags = true) {
  return instanceToWire(ci, withTags ? { tags: await getTags(reader, ci.arn) } : {});
}

const register = operation(registerContainerInstanceInput, async (ctx, input) => {
  const doc = parseIdentityDocument(input.instanceIdentityDocument);
  const { resources, capacity } = readResources(input.totalResources ?? []);
  const attributes = registrationAttributes(input.attributes ?? [], doc);
  const tags = (input.tags ?? []).map((t) => ({ key: t.key, value: t.value ?? '' }));
  validateTags(tags);
  const now = ctx.clock().getTime();
  const cluster = await requireActiveCluster(ctx.store, ctx.account, input.cluster);
  const clusterName = cluster.clusterName;
  const ci = await ctx.store.transaction(async (tx) => {
    let previous: ContainerInstanceRecord | undefined;
    if (input.containerInstanceArn !== undefined) {
      previous = await findInstance(tx, ctx.account, clusterName, input.containerInstanceArn);
      if (!previous) throw new InvalidParameterException(`${NOT_FOUND} (${input.containerInstanceArn})`);
      if (previous.status === 'INACTIVE') throw new ClientException('The referenced container instance is INACTIVE and cannot be registered again.');
      checkSameInstanceType(previous.instanceType, doc?.instanceType);
    }
    const id = previous?.id ?? ctx.ids.hex(16);
    const record: ContainerInstanceRecord = {
      id,
      arn: containerInstanceArn(ctx.account, clusterName, id),
      clusterName,
      ec2InstanceId: doc?.instanceId ?? previous?.ec2InstanceId ?? `mi-${ctx.ids.hex(9).slice(0, 17)}`,
      ...(doc?.instanceType ? { instanceType: doc.instanceType } : {}),
      ...(doc?.availabilityZone ? { availabilityZone: doc.availabilityZone } : {}),
      ...(doc?.privateIp ?? previous?.privateIp ? { privateIp: doc?.privateIp ?? previous?.privateIp } : {}),
      status: previous?.status ?? 'ACTIVE',
      agentConnected: previous?.agentConnected ?? false,
      version: previous?.version ?? 0,
      versionInfo: input.versionInfo ?? {},
      registeredResources: resources,
      registered: capacity,
      attributes: previous ? mergeCustom(previous, attributes) : attributes,
      registeredAt: previous?.registeredAt ?? now,
      placed: previous?.placed ?? {},
    };
    const saved = await saveInstance(tx, record);
    if (tags.length > 0) await putTags(tx, saved.arn, tags);
    return saved;
  });
  return { containerInstance: await wire(ctx.store, ci) };
});

/** Re-registration replaces what the agent sends and keeps the attributes PutAttributes added. */
function mergeCustom(previous: ContainerInstanceRecord, fresh: ContainerInstanceRecord['attributes']) {
  const byName = new Map(previous.attributes.map((a) => [a.name, a]));
  for (const a of fresh) byName.set(a.name, a);
  return [...byName.values()];
}

const deregister = operation(deregisterContainerInstanceInput, async (ctx, input) => {
  const cluster = await requireActiveCluster(ctx.store, ctx.account, input.cluster);
  const now = ctx.clock().getTime();
  const { ci, stopped } = await ctx.store.transaction(async (tx) => {
    const current = await findInstance(tx, ctx.account, cluster.clusterName, input.containerInstance);
    if (!current) throw new InvalidParameterException(NOT_FOUND);
    if (current.status === 'INACTIVE') return { ci: current, stopped: [] };
    const tasks = await instanceTasks(tx, current);
    if (tasks.length > 0 && !input.force) throw new InvalidParameterException('Found running tasks on the instance.');
    // ECS orphans the tasks of a force-deregistered instance: in its view they are stopped.
    const stoppedTasks = tasks.map((t) => markStopped(t, { now, stopCode: 'UserInitiated', reason: 'Container instance deregistered' }));
    for (const t of stoppedTasks) await writeTask(tx, t);
    const latest = (await findInstance(tx, ctx.account, cluster.clusterName, current.id)) ?? current;
    const next = await saveInstance(tx, { ...latest, status: 'INACTIVE', agentConnected: false, deregisteredAt: now, placed: {} });
    return { ci: next, stopped: stoppedTasks };
  });
  publishInstanceTasks(ctx, [{ clusterName: ci.clusterName, containerInstanceId: ci.id }, ...stopped]);
  return { containerInstance: await wire(ctx.store, ci) };
});

const describe = operation(describeContainerInstancesInput, async (ctx, input) => {
  if (input.containerInstances.length === 0) throw new InvalidParameterException('ContainerInstances cannot be empty.');
  if (input.containerInstances.length > MAX_DESCRIBE) {
    throw new InvalidParameterException(`At most ${MAX_DESCRIBE} container instances can be described at a time.`);
  }
  for (const f of input.include ?? []) {
    if (f !== 'TAGS' && f !== 'CONTAINER_INSTANCE_HEALTH') {
      throw new InvalidParameterException(`Invalid value for include: ${f}. Valid values are TAGS, CONTAINER_INSTANCE_HEALTH.`);
    }
  }
  const withTags = (input.include ?? []).includes('TAGS');
  const cluster = await requireActiveCluster(ctx.store, ctx.account, input.cluster);
  const containerInstances = [];
  const failures = [];
  for (const identifier of input.containerInstances) {
    const ci = await findInstance(ctx.store, ctx.account, cluster.clusterName, identifier);
    if (ci) containerInstances.push(await wire(ctx.store, ci, withTags));
    else failures.push({ arn: identifier, reason: 'MISSING' });
  }
  return { containerInstances, failures };
});

function checkStatus(status: string | undefined): string | undefined {
  if (status !== undefined && !STATUSES.includes(status)) {
    throw new InvalidParameterException(`Invalid status '${status}'. Valid values are ${STATUSES.join(', ')}.`);
  }
  return status;
}

function parseFilter(filter: string | undefined): QueryNode | undefined {
  if (filter === undefined || filter.trim() === '') return undefined;
  try {
    return parseQuery(filter);
  } catch (err) {
    if (err instanceof QueryError) throw new InvalidParameterException(err.message);
    throw err;
  }
}

const list = operation(listContainerInstancesInput, async (ctx, input) => {
  const limit = input.maxResults ?? 100;
  if (limit < 1 || limit > 100) throw new InvalidParameterException('maxResults must be between 1 and 100.');
  const status = checkStatus(input.status);
  const query = parseFilter(input.filter);
  const cluster = await requireActiveCluster(ctx.store, ctx.account, input.cluster);
  const page = await paginate<ContainerInstanceRecord>(ctx.store, {
    kind: CONTAINER_INSTANCES,
    prefix: clusterPrefix(cluster.clusterName),
    limit,
    nextToken: input.nextToken,
    filter: (ci) => (status === undefined ? ci.status !== 'INACTIVE' : ci.status === status)
      && (query === undefined || matchesQuery(query, placementView(ci))),
  });
  return { containerInstanceArns: page.items.map((i) => i.value.arn), ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
});

const updateState = operation(updateContainerInstancesStateInput, async (ctx, input) => {
  if (input.status !== 'ACTIVE' && input.status !== 'DRAINING') {
    throw new InvalidParameterException('Container instances can only be set to ACTIVE or DRAINING.');
  }
  if (input.containerInstances.length < 1 || input.containerInstances.length > MAX_UPDATE) {
    throw new InvalidParameterException(`containerInstances must name between 1 and ${MAX_UPDATE} container instances.`);
  }
  const status = input.status;
  const cluster = await requireActiveCluster(ctx.store, ctx.account, input.cluster);
  return ctx.store.transaction(async (tx) => {
    const containerInstances = [];
    const failures = [];
    for (const identifier of input.containerInstances) {
      const ci = await findInstance(tx, ctx.account, cluster.clusterName, identifier);
      if (!ci || ci.status === 'INACTIVE') {
        failures.push({ arn: identifier, reason: ci ? 'INACTIVE' : 'MISSING' });
        continue;
      }
      const next = ci.status === status ? ci : await saveInstance(tx, { ...ci, status });
      containerInstances.push(await wire(tx, next));
    }
    return { containerInstances, failures };
  });
});

export const containerInstancesOperations: Record<string, Operation> = {
  RegisterContainerInstance: register,
  DeregisterContainerInstance: deregister,
  DescribeContainerInstances: describe,
  ListContainerInstances: list,
  UpdateContainerInstancesState: updateState,
};
