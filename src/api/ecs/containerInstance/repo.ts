// Container instances in the Store, keyed `<cluster>/<id>`, so a prefix scan lists a cluster's.
import type { Account } from '../../../protocol/context.js';
import type { Reader, Tx } from '../../../state/store.js';
import { parseResourceRef } from '../arns.js';
import type { ContainerInstanceRecord } from './model.js';

export const CONTAINER_INSTANCES = 'ecs/container-instances';

export function instanceKey(clusterName: string, id: string): string {
  return `${clusterName}/${id}`;
}

export function clusterPrefix(clusterName: string): string {
  return `${clusterName}/`;
}

export function getInstance(reader: Reader, clusterName: string, id: string): Promise<ContainerInstanceRecord | undefined> {
  return reader.get<ContainerInstanceRecord>(CONTAINER_INSTANCES, instanceKey(clusterName, id));
}

export function putInstance(tx: Tx, ci: ContainerInstanceRecord): Promise<void> {
  return tx.put(CONTAINER_INSTANCES, instanceKey(ci.clusterName, ci.id), ci);
}

/** Every instance of the cluster, in key order (INACTIVE ones included). */
export async function listInstances(reader: Reader, clusterName: string): Promise<ContainerInstanceRecord[]> {
  const out: ContainerInstanceRecord[] = [];
  let after: string | undefined;
  for (;;) {
    const rows = await reader.list<ContainerInstanceRecord>(CONTAINER_INSTANCES, { prefix: clusterPrefix(clusterName), after, limit: 500 });
    for (const r of rows) out.push(r.value);
    const last = rows[rows.length - 1];
    if (rows.length < 500 || !last) return out;
    after = last.key;
  }
}

/** The instance a `containerInstance` parameter (id or ARN) names in the cluster; undefined when none. */
export async function findInstance(reader: Reader, account: Account, clusterName: string, identifier: string): Promise<ContainerInstanceRecord | undefined> {
  const ref = parseResourceRef(account, 'container-instance', identifier);
  if (!ref || (ref.cluster !== undefined && ref.cluster !== clusterName)) return undefined;
  return getInstance(reader, clusterName, ref.id);
}

/** Writes `ci` with its version bumped, as ECS bumps it on every change. */
export async function saveInstance(tx: Tx, ci: ContainerInstanceRecord): Promise<ContainerInstanceRecord> {
  const next = { ...ci, version: ci.version + 1 };
  await putInstance(tx, next);
  return next;
}
