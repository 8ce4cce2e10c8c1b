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
