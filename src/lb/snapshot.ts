// Reads everything the data plane serves from the Store in one pass: load balancers, listeners,
// rules, target groups, targets, and the container instances' addresses for instance targets.
import {
  LISTENERS, LOAD_BALANCERS, RULES, TARGET_GROUPS, TARGETS,
  type ListenerRecord, type LoadBalancerRecord, type RuleRecord, type TargetGroupRecord, type TargetRecord,
} from '../api/elbv2/model.js';
import { CONTAINER_INSTANCES } from '../api/ecs/containerInstance/repo.js';
import type { ContainerInstanceRecord } from '../api/ecs/containerInstance/model.js';
import type { Reader } from '../state/store.js';

export interface LbSnapshot {
  loadBalancers: Map<string, LoadBalancerRecord>;
  listeners: ListenerRecord[];
  rulesByListener: Map<string, RuleRecord[]>;
  targetGroups: Map<string, TargetGroupRecord>;
  targetsByGroup: Map<string, TargetRecord[]>;
  /** ec2InstanceId -> the host address its tasks' ports are reached on. */
  instanceAddresses: Map<string, string>;
}

export async function loadSnapshot(store: Reader): Promise<LbSnapshot> {
  const [lbs, listeners, rules, groups, targets, instances] = await Promise.all([
    store.list<LoadBalancerRecord>(LOAD_BALANCERS),
    store.list<ListenerRecord>(LISTENERS),
    store.list<RuleRecord>(RULES),
    store.list<TargetGroupRecord>(TARGET_GROUPS),
    store.list<TargetRecord>(TARGETS),
    store.list<ContainerInstanceRecord>(CONTAINER_INSTANCES),
  ]);
  return {
    loadBalancers: new Map(lbs.map((i) => [i.value.arn, i.value])),
    listeners: listeners.map((i) => i.value),
    rulesByListener: groupBy(rules.map((i) => i.value), (r) => r.listenerArn),
    targetGroups: new Map(groups.map((i) => [i.value.arn, i.value])),
    targetsByGroup: groupBy(targets.map((i) => i.value), (t) => t.targetGroupArn),
    instanceAddresses: new Map(instances.map((i) => [i.value.ec2InstanceId, i.value.privateIp || '127.0.0.1'])),
  };
}

/** Where a target is reached: ip targets by their id, instance targets by their instance's address. */
export function targetAddress(snapshot: LbSnapshot, group: TargetGroupRecord, target: TargetRecord): string {
  if (group.targetType === 'ip') return target.id;
  return snapshot.instanceAddresses.get(target.id) ?? '127.0.0.1';
}

/** The target groups some listener of an existing load balancer forwards to. */
export function groupsInUse(snapshot: LbSnapshot): Set<string> {
  const used = new Set<string>();
  for (const listener of snapshot.listeners) {
    if (!snapshot.loadBalancers.has(listener.loadBalancerArn)) continue;
    const actions = [...listener.defaultActions, ...(snapshot.rulesByListener.get(listener.arn) ?? []).flatMap((r) => r.actions)];
    for (const a of actions) {
      if (a.type !== 'forward') continue;
      if (a.targetGroupArn) used.add(a.targetGroupArn);
      for (const w of a.forwardConfig?.targetGroups ?? []) used.add(w.targetGroupArn);
    }
  }
  return used;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
