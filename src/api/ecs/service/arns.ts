// Service and service deployment ARNs, and reading the `service` / `serviceDeploymentArn`
// parameters that name them. Pure.
import type { Account } from '../../../protocol/context.js';
import { ecsArn, parseArn } from '../arns.js';

export function serviceArn(account: Account, clusterName: string, name: string): string {
  return ecsArn(account, `service/${clusterName}/${name}`);
}

export function serviceDeploymentArn(account: Account, clusterName: string, service: string, id: string): string {
  return ecsArn(account, `service-deployment/${clusterName}/${service}/${id}`);
}

export interface ServiceRef {
  /** The cluster the ARN names (long ARN format); absent for a name or a short ARN. */
  cluster?: string;
  name: string;
}

/** A service name, or a service ARN of this account and Region (`service/<cluster>/<name>` or the older `service/<name>`). */
export function parseServiceRef(account: Account, identifier: string): ServiceRef | undefined {
  if (!identifier.startsWith('arn:')) return /^[A-Za-z0-9_-]{1,255}$/.test(identifier) ? { name: identifier } : undefined;
  const arn = parseArn(identifier);
  if (!arn || arn.service !== 'ecs' || arn.accountId !== account.accountId || arn.region !== account.region) return undefined;
  const parts = arn.resource.split('/');
  if (parts[0] !== 'service') return undefined;
  if (parts.length === 2 && parts[1]) return { name: parts[1] };
  if (parts.length === 3 && parts[1] && parts[2]) return { cluster: parts[1], name: parts[2] };
  return undefined;
}

export interface ServiceDeploymentRef {
  cluster: string;
  service: string;
  id: string;
}

export function parseServiceDeploymentArn(account: Account, arn: string): ServiceDeploymentRef | undefined {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'ecs' || parsed.accountId !== account.accountId || parsed.region !== account.region) return undefined;
  const [type, cluster, service, id, ...rest] = parsed.resource.split('/');
  if (type !== 'service-deployment' || !cluster || !service || !id || rest.length > 0) return undefined;
  return { cluster, service, id };
}
