// ECS cluster operations: CreateCluster, DescribeClusters, ListClusters, UpdateCluster,
// UpdateClusterSettings, DeleteCluster.
import type { Context } from '../../protocol/context.js';
import { ClusterNotFoundException, InvalidParameterException } from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import type { Reader } from '../../state/store.js';
import { paginate } from '../pagination.js';
import { effectiveSetting } from './accountSetting/repo.js';
import { clusterArn } from './arns.js';
import { checkDeletable } from './cluster/counts.js';
import {
  checkClusterName,
  checkConfiguration,
  checkNamespace,
  checkSettings,
  checkStrategy,
  applyClusterUpdate,
  clusterToWire,
  CLUSTER_NOT_FOUND_MESSAGE,
  DEFAULT_CLUSTER,
  mergeSettings,
  parseInclude,
  type ClusterField,
  type ClusterRecord,
} from './cluster/model.js';
import {
  CLUSTERS,
  findCluster,
  getCluster,
  loadClusterCounts,
  putCluster,
  requireActiveCluster,
} from './cluster/repo.js';
import {
  createClusterInput,
  deleteClusterInput,
  describeClustersInput,
  listClustersInput,
  updateClusterInput,
  updateClusterSettingsInput,
} from './cluster/schema.js';
import { getTags, putTags, TAGS, validateTags, type Tag } from './tagStore.js';

const MAX_DESCRIBE = 100;
const MAX_LIST_RESULTS = 100;

interface Answer {
  reader: Reader;
  cluster: ClusterRecord;
  tags?: readonly Tag[];
  include?: ReadonlySet<ClusterField>;
}

/** The wire Cluster for `cluster`, with its tags (read unless given) and counts. */
async function answer(ctx: Context, a: Answer) {
  const arn = clusterArn(ctx.account, a.cluster.clusterName);
  const tags = a.tags ?? (await getTags(a.reader, arn));
  const counts = await loadClusterCounts(a.reader, a.cluster.clusterName);
  return clusterToWire(a.cluster, { arn, tags, counts, include: a.include });
}

const createCluster = operation(createClusterInput, async (ctx, input) => {
  const name = input.clusterName ?? DEFAULT_CLUSTER;
  checkClusterName(name);
  const settings = checkSettings(input.settings ?? []);
  const configuration = input.configuration ? checkConfiguration(input.configuration) : undefined;
  const capacityProviders = input.capacityProviders ?? [];
  const strategy = checkStrategy({ capacityProviders, strategy: input.defaultCapacityProviderStrategy ?? [] });
  const namespace = input.serviceConnectDefaults?.namespace ? checkNamespace(input.serviceConnectDefaults.namespace) : undefined;
  const tags = (input.tags ?? []).map((t) => ({ key: t.key, value: t.value ?? '' }));
  validateTags(tags);
  const arn = clusterArn(ctx.account, name);
  const now = ctx.clock().toISOString();

  return ctx.store.transaction(async (tx) => {
    const existing = await getCluster(tx, name);
    // ECS answers an existing ACTIVE cluster of that name as it is.
    if (existing?.status === 'ACTIVE') return { cluster: await answer(ctx, { reader: tx, cluster: existing }) };
    const insights = await effectiveSetting(tx, {
      principalArn: ctx.principal.arn,
      accountId: ctx.account.accountId,
      name: 'containerInsights',
    });
    const cluster: ClusterRecord = {
      clusterName: name,
      status: 'ACTIVE',
      settings: mergeSettings([{ name: 'containerInsights', value: insights }], settings),
      ...(configuration ? { configuration } : {}),
      capacityProviders,
      defaultCapacityProviderStrategy: strategy,
      ...(namespace ? { serviceConnectDefaults: { namespace } } : {}),
      createdAt: now,
      updatedAt: now,
    };
    await putCluster(tx, cluster);
    await tx.delete(TAGS, arn);
    if (tags.length > 0) await putTags(tx, arn, tags);
    return { cluster: await answer(ctx, { reader: tx, cluster }) };
  });
});

const describeClusters = operation(describeClustersInput, async (ctx, input) => {
  const include = parseInclude(input.include);
  const identifiers = input.clusters && input.clusters.length > 0 ? input.clusters : [DEFAULT_CLUSTER];
  if (identifiers.length > MAX_DESCRIBE) {
    throw new InvalidParameterException(`At most ${MAX_DESCRIBE} clusters can be described at a time.`);
  }
  const clusters = [];
  const failures = [];
  for (const identifier of identifiers) {
    const cluster = await findCluster(ctx.store, ctx.account, identifier);
    if (cluster) {
      clusters.push(await answer(ctx, { reader: ctx.store, cluster, include }));
    } else {
      const arn = identifier.startsWith('arn:') ? identifier : clusterArn(ctx.account, identifier);
      failures.push({ arn, reason: 'MISSING' });
    }
  }
  return { clusters, failures };
});

const listClusters = operation(listClustersInput, async (ctx, input) => {
  const limit = input.maxResults ?? MAX_LIST_RESULTS;
  if (limit < 1 || limit > MAX_LIST_RESULTS) {
    throw new InvalidParameterException(`maxResults must be between 1 and ${MAX_LIST_RESULTS}.`);
  }
  const page = await paginate<ClusterRecord>(ctx.store, {
    kind: CLUSTERS,
    limit,
    nextToken: input.nextToken,
    filter: (c) => c.status === 'ACTIVE',
  });
  return {
    clusterArns: page.items.map((i) => clusterArn(ctx.account, i.value.clusterName)),
    ...(page.nextToken ? { nextToken: page.nextToken } : {}),
  };
});

const updateCluster = operation(updateClusterInput, async (ctx, input) => {
  const settings = checkSettings(input.settings ?? []);
  const configuration = input.configuration ? checkConfiguration(input.configuration) : undefined;
  const namespace = input.serviceConnectDefaults ? input.serviceConnectDefaults.namespace : undefined;
  if (namespace) checkNamespace(namespace);
  return ctx.store.transaction(async (tx) => {
    const current = await requireActiveCluster(tx, ctx.account, input.cluster);
    const cluster = applyClusterUpdate(current, { settings, configuration, namespace, now: ctx.clock().toISOString() });
    await putCluster(tx, cluster);
    return { cluster: await answer(ctx, { reader: tx, cluster }) };
  });
});

const updateClusterSettings = operation(updateClusterSettingsInput, async (ctx, input) => {
  const settings = checkSettings(input.settings);
  return ctx.store.transaction(async (tx) => {
    const current = await requireActiveCluster(tx, ctx.account, input.cluster);
    const cluster: ClusterRecord = {
      ...current,
      settings: mergeSettings(current.settings, settings),
      updatedAt: ctx.clock().toISOString(),
    };
    await putCluster(tx, cluster);
    return { cluster: await answer(ctx, { reader: tx, cluster }) };
  });
});

const deleteCluster = operation(deleteClusterInput, async (ctx, input) => {
  return ctx.store.transaction(async (tx) => {
    const current = await findCluster(tx, ctx.account, input.cluster);
    if (!current) throw new ClusterNotFoundException(CLUSTER_NOT_FOUND_MESSAGE);
    // Deleting a deleted cluster answers it again, as ECS does.
    if (current.status === 'INACTIVE') return { cluster: await answer(ctx, { reader: tx, cluster: current }) };
    checkDeletable(await loadClusterCounts(tx, current.clusterName));

    const arn = clusterArn(ctx.account, current.clusterName);
    const tags = await getTags(tx, arn);
    const cluster: ClusterRecord = { ...current, status: 'INACTIVE', updatedAt: ctx.clock().toISOString() };
    await putCluster(tx, cluster);
    // A deleted resource's tags go with it.
    await tx.delete(TAGS, arn);
    return { cluster: await answer(ctx, { reader: tx, cluster, tags }) };
  });
});

export const clustersOperations: Record<string, Operation> = {
  CreateCluster: createCluster,
  DescribeClusters: describeClusters,
  ListClusters: listClusters,
  UpdateCluster: updateCluster,
  UpdateClusterSettings: updateClusterSettings,
  DeleteCluster: deleteCluster,
};
