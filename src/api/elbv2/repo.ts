// ELBv2 records in the Store: lookups by ARN (answering ELB's not-found errors), listings and
// writes. Keys as model.ts documents them.
import { ListenerNotFound, LoadBalancerNotFound, RuleNotFound, TargetGroupNotFound } from '../../protocol/errors.js';
import type { Reader, Tx } from '../../state/store.js';
import { checkArnShape, parseElbArn } from './arns.js';
import {
  LISTENERS,
  LOAD_BALANCERS,
  RULES,
  TARGET_GROUPS,
  type ListenerRecord,
  type LoadBalancerRecord,
  type RuleRecord,
  type TargetGroupRecord,
} from './model.js';

export const TAGS = 'elbv2/tags';

export function listenerKey(lbId: string, id: string): string {
  return `${lbId}/${id}`;
}

export function ruleKey(listenerId: string, id: string): string {
  return `${listenerId}/${id}`;
}

/** Every value of a kind (under a key prefix), in key order. */
export async function listAll<T>(reader: Reader, kind: string, prefix?: string): Promise<T[]> {
  const out: T[] = [];
  let after: string | undefined;
  for (;;) {
    const rows = await reader.list<T>(kind, { prefix, after, limit: 500 });
    for (const r of rows) out.push(r.value);
    const last = rows[rows.length - 1];
    if (rows.length < 500 || !last) return out;
    after = last.key;
  }
}

export async function findLoadBalancer(reader: Reader, arn: string): Promise<LoadBalancerRecord | undefined> {
  const ref = parseElbArn(arn);
  if (ref?.kind !== 'loadbalancer') return undefined;
  const lb = await reader.get<LoadBalancerRecord>(LOAD_BALANCERS, ref.name);
  return lb?.arn === arn ? lb : undefined;
}

export async function requireLoadBalancer(reader: Reader, arn: string): Promise<LoadBalancerRecord> {
  checkArnShape('loadbalancer', arn);
  const lb = await findLoadBalancer(reader, arn);
  if (!lb) throw new LoadBalancerNotFound('One or more load balancers not found');
  return lb;
}

export async function findTargetGroup(reader: Reader, arn: string): Promise<TargetGroupRecord | undefined> {
  const ref = parseElbArn(arn);
  if (ref?.kind !== 'targetgroup') return undefined;
  const tg = await reader.get<TargetGroupRecord>(TARGET_GROUPS, ref.name);
  return tg?.arn === arn ? tg : undefined;
}

export async function requireTargetGroup(reader: Reader, arn: string): Promise<TargetGroupRecord> {
  checkArnShape('targetgroup', arn);
  const tg = await findTargetGroup(reader, arn);
  if (!tg) throw new TargetGroupNotFound('One or more target groups not found');
  return tg;
}

export async function findListener(reader: Reader, arn: string): Promise<ListenerRecord | undefined> {
  const ref = parseElbArn(arn);
  if (ref?.kind !== 'listener') return undefined;
  const listener = await reader.get<ListenerRecord>(LISTENERS, listenerKey(ref.lbId, ref.id));
  return listener?.arn === arn ? listener : undefined;
}

export async function requireListener(reader: Reader, arn: string): Promise<ListenerRecord> {
  checkArnShape('listener', arn);
  const listener = await findListener(reader, arn);
  if (!listener) throw new ListenerNotFound('One or more listeners not found');
  return listener;
}

/** A stored (non-default) rule. */
export async function findRule(reader: Reader, arn: string): Promise<RuleRecord | undefined> {
  const ref = parseElbArn(arn);
  if (ref?.kind !== 'listener-rule') return undefined;
  const rule = await reader.get<RuleRecord>(RULES, ruleKey(ref.listenerId, ref.id));
  return rule?.arn === arn ? rule : undefined;
}

export function ruleNotFound(): Error {
  return new RuleNotFound('One or more rules not found');
}

export function listListeners(reader: Reader, lbId: string): Promise<ListenerRecord[]> {
  return listAll<ListenerRecord>(reader, LISTENERS, `${lbId}/`);
}

/** A listener's rules by priority. */
export async function listRules(reader: Reader, listenerId: string): Promise<RuleRecord[]> {
  return (await listAll<RuleRecord>(reader, RULES, `${listenerId}/`)).sort((a, b) => a.priority - b.priority);
}

export async function putListener(tx: Tx, lbId: string, listener: ListenerRecord): Promise<void> {
  await tx.put(LISTENERS, listenerKey(lbId, listener.id), listener);
}

export async function putRule(tx: Tx, listenerId: string, rule: RuleRecord): Promise<void> {
  await tx.put(RULES, ruleKey(listenerId, rule.id), rule);
}

/** Deletes a listener with its rules and their tags. */
export async function deleteListener(tx: Tx, lbId: string, listener: ListenerRecord): Promise<void> {
  for (const rule of await listRules(tx, listener.id)) {
    await tx.delete(RULES, ruleKey(listener.id, rule.id));
    await tx.delete(TAGS, rule.arn);
  }
  await tx.delete(LISTENERS, listenerKey(lbId, listener.id));
  await tx.delete(TAGS, listener.arn);
}
