// Clusters in the Store, keyed by cluster name; a deleted cluster stays as INACTIVE.
// Other ECS code looks clusters up through `findCluster` / `requireActiveCluster`.
import type { Account } from '../../../protocol/context.js';
import { ClusterNotFoundException, InvalidParameterException } from '../../../protocol/errors.js';
import type { Reader, Tx } from '../../../state/store.js';
import { clusterName, parseArn } from '../arns.js';
import { isPending } from '../containerInstance/model.js';
import { listInstances } from '../containerInstance/repo.js';
import { SERVICES, type ServiceRecord } from '../service/model.js';
import { emptyCounts, type ClusterCounts, type LaunchKind } from './counts.js';
import { CLUSTER_NOT_FOUND_MESSAGE, INACTIVE_CLUSTER_MESSAGE, type ClusterRecord } from './model.js';

export const CLUSTERS = 'ecs/clusters';

export function getCluster(reader: Reader, name: string): Promise<ClusterRecord | undefined> {
  return reader.get<ClusterRecord>(CLUSTERS, name);
}

export function putCluster(tx: Tx, cluster: ClusterRecord): Promise<void> {
  return tx.put(CLUSTERS, cluster.clusterName, cluster);
}

/**
 * The cluster name a `cluster` parameter (short name or ARN; `default` when absent) means in this
 * account and Region, or undefined when it is an ARN of another account, Region or service.
 */
export function localClusterName(account: Account, identifier: string | undefined): string | undefined {
  if (identifier?.startsWith('arn:')) {
    const arn = parseArn(identifier);
    if (!arn || arn.service !== 'ecs' || !arn.resource.startsWith('cluster/')) return undefined;
    if (arn.region !== account.region || arn.accountId !== account.accountId) return undefined;
  }
  return clusterName(identifier);
}

/** The cluster a `cluster` parameter names, ACTIVE or INACTIVE; undefined when there is none. */
export async function findCluster(reader: Reader, account: Account, identifier: string | undefined): Promise<ClusterRecord | undefined> {
  const name = localClusterName(account, identifier);
  return name === undefined ? undefined : getCluster(reader, name);
}

/** The ACTIVE cluster a `cluster` parameter names, or ECS's error: not found, or inactive. */
export async function requireActiveCluster(reader: Reader, account: Account, identifier: string | undefined): Promise<ClusterRecord> {
  const cluster = await findCluster(reader, account, identifier);
  if (!cluster) throw new ClusterNotFoundException(CLUSTER_NOT_FOUND_MESSAGE);
  if (cluster.status !== 'ACTIVE') throw new InvalidParameterException(INACTIVE_CLUSTER_MESSAGE);
  return cluster;
}

const LAUNCH_KIND: Record<string, LaunchKind> = { EC2: 'EC2', FARGATE: 'Fargate', EXTERNAL: 'External' };

/**
 * What the cluster holds: its registered (not INACTIVE) container instances and the tasks placed
 * on them that have not stopped, and its ACTIVE and DRAINING services, by launch type.
 */
export async function loadClusterCounts(reader: Reader, clusterName: string): Promise<ClusterCounts> {
  const counts = emptyCounts();
  for (const s of await reader.list<Pick<ServiceRecord, 'status' | 'launchType'>>(SERVICES, { prefix: `${clusterName}/` })) {
    const kind = LAUNCH_KIND[s.value.launchType] ?? 'EC2';
    if (s.value.status === 'ACTIVE') counts.activeServices[kind]++;
    else if (s.value.status === 'DRAINING') counts.drainingServices[kind]++;
  }
  for (const ci of await listInstances(reader, clusterName)) {
    if (ci.status !== 'INACTIVE') counts.registeredContainerInstances++;
    for (const t of Object.values(ci.placed)) {
      const kind = LAUNCH_KIND[t.launchType] ?? 'EC2';
      if (isPending(t.lastStatus)) counts.pendingTasks[kind]++;
      else counts.runningTasks[kind]++;
    }
  }
  return counts;
}
