// ELBv2 ARNs: built from the account, and read back into the parts that key the Store. Pure.
//   loadbalancer/app/<name>/<id>          targetgroup/<name>/<id>
//   listener/app/<lb name>/<lb id>/<id>   listener-rule/app/<lb name>/<lb id>/<listener id>/<id>
import type { Account } from '../../protocol/context.js';
import { ValidationError } from '../../protocol/errors.js';
import type { LoadBalancerType } from './model.js';

export type ElbArn =
  | { kind: 'loadbalancer'; name: string; id: string }
  | { kind: 'targetgroup'; name: string; id: string }
  | { kind: 'listener'; lbName: string; lbId: string; id: string }
  | { kind: 'listener-rule'; lbName: string; lbId: string; listenerId: string; id: string };

const ARN = /^arn:aws:elasticloadbalancing:([^:]+):(\d{12}):(loadbalancer|targetgroup|listener|listener-rule)\/(.+)$/;

function prefix(account: Account): string {
  return `arn:aws:elasticloadbalancing:${account.region}:${account.accountId}`;
}

export function loadBalancerArn(account: Account, type: LoadBalancerType, name: string, id: string): string {
  return `${prefix(account)}:loadbalancer/${type === 'application' ? 'app' : 'net'}/${name}/${id}`;
}

export function targetGroupArn(account: Account, name: string, id: string): string {
  return `${prefix(account)}:targetgroup/${name}/${id}`;
}

export function listenerArn(lbArn: string, id: string): string {
  return `${lbArn.replace(':loadbalancer/', ':listener/')}/${id}`;
}

export function ruleArn(listener: string, id: string): string {
  return `${listener.replace(':listener/', ':listener-rule/')}/${id}`;
}

/** The load balancer a listener or rule ARN belongs to. */
export function loadBalancerArnOf(arn: string): string {
  const parts = arn.replace(/:listener(-rule)?\//, ':loadbalancer/').split('/');
  return parts.slice(0, 4).join('/');
}

/** The listener a rule ARN belongs to. */
export function listenerArnOf(rule: string): string {
  return rule.replace(':listener-rule/', ':listener/').split('/').slice(0, 5).join('/');
}

/** The parts of an ELBv2 ARN (lookups compare the whole ARN, so another account's finds nothing). */
export function parseElbArn(arn: string): ElbArn | undefined {
  const m = ARN.exec(arn);
  if (!m) return undefined;
  const parts = (m[4] ?? '').split('/');
  const typed = parts[0] === 'app' || parts[0] === 'net';
  switch (m[3]) {
    case 'loadbalancer':
      return typed && parts.length === 3 ? { kind: 'loadbalancer', name: parts[1] ?? '', id: parts[2] ?? '' } : undefined;
    case 'targetgroup':
      return parts.length === 2 ? { kind: 'targetgroup', name: parts[0] ?? '', id: parts[1] ?? '' } : undefined;
    case 'listener':
      return typed && parts.length === 4 ? { kind: 'listener', lbName: parts[1] ?? '', lbId: parts[2] ?? '', id: parts[3] ?? '' } : undefined;
    default:
      return typed && parts.length === 5
        ? { kind: 'listener-rule', lbName: parts[1] ?? '', lbId: parts[2] ?? '', listenerId: parts[3] ?? '', id: parts[4] ?? '' }
        : undefined;
  }
}

const NAMES: Record<ElbArn['kind'], string> = {
  loadbalancer: 'load balancer',
  targetgroup: 'target group',
  listener: 'listener',
  'listener-rule': 'listener rule',
};

/** Throws ELB's ValidationError when `arn` is not shaped like an ARN of that kind. */
export function checkArnShape(kind: ElbArn['kind'], arn: string): void {
  const m = ARN.exec(arn);
  if (!m || m[3] !== kind) throw new ValidationError(`'${arn}' is not a valid ${NAMES[kind]} ARN`);
}
