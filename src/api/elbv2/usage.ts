// Which load balancers use a target group: those with a listener or rule forwarding to it.
import type { Reader } from '../../state/store.js';
import { loadBalancerArnOf } from './arns.js';
import { LISTENERS, RULES, type Action, type ListenerRecord, type RuleRecord } from './model.js';
import { listAll } from './repo.js';

/** The target groups the actions forward to. */
export function actionTargetGroups(actions: readonly Action[]): string[] {
  const out = new Set<string>();
  for (const a of actions) {
    if (a.type !== 'forward') continue;
    if (a.targetGroupArn) out.add(a.targetGroupArn);
    for (const t of a.forwardConfig?.targetGroups ?? []) out.add(t.targetGroupArn);
  }
  return [...out];
}

/** Target group ARN -> the ARNs of the load balancers whose listeners or rules forward to it. */
export async function targetGroupUsage(reader: Reader): Promise<Map<string, Set<string>>> {
  const usage = new Map<string, Set<string>>();
  const note = (tgs: string[], lbArn: string) => {
    for (const tg of tgs) {
      let set = usage.get(tg);
      if (!set) usage.set(tg, (set = new Set()));
      set.add(lbArn);
    }
  };
  for (const l of await listAll<ListenerRecord>(reader, LISTENERS)) note(actionTargetGroups(l.defaultActions), l.loadBalancerArn);
  for (const r of await listAll<RuleRecord>(reader, RULES)) note(actionTargetGroups(r.actions), loadBalancerArnOf(r.arn));
  return usage;
}

/** The load balancers using a target group, in ARN order. */
export async function loadBalancersUsing(reader: Reader, targetGroupArn: string): Promise<string[]> {
  return [...((await targetGroupUsage(reader)).get(targetGroupArn) ?? [])].sort();
}
