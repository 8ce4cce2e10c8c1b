// ECS ARNs and the names inside them.
import type { Account } from '../../protocol/context.js';

export function ecsArn(account: Account, resource: string): string {
  return `arn:aws:ecs:${account.region}:${account.accountId}:${resource}`;
}

export function clusterArn(account: Account, name: string): string {
  return ecsArn(account, `cluster/${name}`);
}

export function taskDefinitionArn(account: Account, family: string, revision: number): string {
  return ecsArn(account, `task-definition/${family}:${revision}`);
}

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  /** Everything after the account id, e.g. `cluster/default`. */
  resource: string;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const m = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/.exec(arn);
  if (!m) return undefined;
  const [, partition = '', service = '', region = '', accountId = '', resource = ''] = m;
  return { partition, service, region, accountId, resource };
}

/** The cluster name a `cluster` parameter names: a short name or a cluster ARN; `default` when absent. */
export function clusterName(identifier: string | undefined): string {
  if (!identifier) return 'default';
  const parsed = parseArn(identifier);
  if (parsed && parsed.service === 'ecs' && parsed.resource.startsWith('cluster/')) return parsed.resource.slice('cluster/'.length);
  return identifier;
}

export function containerInstanceArn(account: Account, cluster: string, id: string): string {
  return ecsArn(account, `container-instance/${cluster}/${id}`);
}

export function taskArn(account: Account, cluster: string, id: string): string {
  return ecsArn(account, `task/${cluster}/${id}`);
}

export function containerArn(account: Account, cluster: string, taskId: string, id: string): string {
  return ecsArn(account, `container/${cluster}/${taskId}/${id}`);
}

export interface ResourceRef {
  /** The cluster the ARN names (long ARN format); absent for a bare id or a short ARN. */
  cluster?: string;
  id: string;
}

/**
 * Reads a task or container instance parameter: a bare id, or an ARN of this account and Region
 * (`task/<cluster>/<id>` or the older `task/<id>`). Undefined when it is neither.
 */
export function parseResourceRef(account: Account, type: 'task' | 'container-instance', identifier: string): ResourceRef | undefined {
  if (!identifier.startsWith('arn:')) return /^[A-Za-z0-9_-]{1,255}$/.test(identifier) ? { id: identifier } : undefined;
  const arn = parseArn(identifier);
  if (!arn || arn.service !== 'ecs' || arn.accountId !== account.accountId || arn.region !== account.region) return undefined;
  const parts = arn.resource.split('/');
  if (parts[0] !== type) return undefined;
  if (parts.length === 2 && parts[1]) return { id: parts[1] };
  if (parts.length === 3 && parts[1] && parts[2]) return { cluster: parts[1], id: parts[2] };
  return undefined;
}

/**
 * A role as IAM names it. ECS takes a role's name where it takes its ARN (a service's `role`, a
 * task's `taskRoleArn`); a name with a path is written `/path/name`, as ECS's documentation says.
 */
export function roleArnOf(account: Account, role: string): string {
  if (role.startsWith('arn:')) return role;
  return `arn:aws:iam::${account.accountId}:role/${role.replace(/^\/+/, '')}`;
}
