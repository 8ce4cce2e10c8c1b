// Traffic shifting for the service controller: replace the forward action of a rule (or of a
// listener's default actions) with one holding the given weights.
import type { Tx } from '../../state/store.js';
import { forwardOf } from './actions.js';
import type { Action, WeightedTargetGroup } from './model.js';
import { putListener, putRule } from './repo.js';
import { findRuleOrListener } from './ruleRecords.js';
import { parseElbArn } from './arns.js';

export { findRuleOrListener, type RuleRef } from './ruleRecords.js';

/** Actions with their forward action (or, when none, their terminal action) replaced. Pure. */
export function withForwardWeights(actions: readonly Action[], weights: WeightedTargetGroup[]): Action[] {
  const forward = (order: number | undefined, stickiness?: { enabled: boolean; durationSeconds?: number }): Action => ({
    type: 'forward', ...(order === undefined ? {} : { order }), ...forwardOf(weights, stickiness ? { stickiness } : {}),
  });
  if (actions.some((a) => a.type === 'forward')) {
    return actions.map((a) => (a.type === 'forward' ? forward(a.order, a.forwardConfig?.stickiness) : a));
  }
  const replaced = actions.find((a) => a.type === 'redirect' || a.type === 'fixed-response');
  return [...actions.filter((a) => a !== replaced), forward(replaced?.order)];
}

/** Sets the weights; returns the load balancer ARN to publish, or undefined when the rule or
 *  listener does not exist. */
export async function setForwardWeights(tx: Tx, ruleOrListenerArn: string, weights: WeightedTargetGroup[]): Promise<string | undefined> {
  const ref = await findRuleOrListener(tx, ruleOrListenerArn);
  if (!ref) return undefined;
  const lbRef = parseElbArn(ref.listener.arn);
  if (lbRef?.kind !== 'listener') return undefined;
  if (ref.kind === 'rule') {
    await putRule(tx, ref.listener.id, { ...ref.rule, actions: withForwardWeights(ref.rule.actions, weights) });
  } else {
    await putListener(tx, lbRef.lbId, { ...ref.listener, defaultActions: withForwardWeights(ref.listener.defaultActions, weights) });
  }
  return ref.listener.loadBalancerArn;
}
