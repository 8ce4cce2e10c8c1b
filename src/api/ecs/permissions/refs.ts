// The ARNs ECS's authorization names, read from the names or ARNs a request carries, the way the
// handlers read them. Pure: no lookups, so a bare family (no revision) names `family:*` and an
// identifier the handler would reject is passed through as given (the handler answers it).
import type { Account } from '../../../protocol/context.js';
import { clusterArn, clusterName, containerInstanceArn, ecsArn, parseResourceRef, taskArn } from '../arns.js';
import { parseServiceRef, serviceArn } from '../service/arns.js';
import { parseTaskDefinitionRef } from '../taskDefinition/store.js';

export function clusterOf(account: Account, cluster: string | undefined): string {
  return clusterArn(account, clusterName(cluster));
}

/** `family:rev` or its ARN names that revision; a bare family names every revision of it, since
 *  which one is latest is the Store's to say and this is decided before any lookup. */
export function taskDefinitionOf(account: Account, id: string): string {
  const ref = parseTaskDefinitionRef(id, account);
  if (!ref) return id;
  return ecsArn(account, `task-definition/${ref.family}:${ref.revision ?? '*'}`);
}

export function taskOf(account: Account, cluster: string | undefined, id: string): string {
  const ref = parseResourceRef(account, 'task', id);
  return ref ? taskArn(account, ref.cluster ?? clusterName(cluster), ref.id) : id;
}

export function containerInstanceOf(account: Account, cluster: string | undefined, id: string): string {
  const ref = parseResourceRef(account, 'container-instance', id);
  return ref ? containerInstanceArn(account, ref.cluster ?? clusterName(cluster), ref.id) : id;
}

export function serviceOf(account: Account, cluster: string | undefined, id: string): string {
  const ref = parseServiceRef(account, id);
  return ref ? serviceArn(account, ref.cluster ?? clusterName(cluster), ref.name) : id;
}
