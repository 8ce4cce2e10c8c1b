// Rules as ELB shows them: the stored rules by priority, then the listener's default rule (its
// default actions, which has an ARN of its own but is not stored), and how to find either by ARN.
import type { Reader } from '../../state/store.js';
import { actionToWire } from './actions.js';
import { parseElbArn, ruleArn } from './arns.js';
import { conditionToWire } from './conditions.js';
import { LISTENERS, type ListenerRecord, type RuleRecord } from './model.js';
import { findListener, findRule, listenerKey } from './repo.js';

/** A rule ARN resolved: a stored rule with its listener, or a listener's default rule. */
export type RuleRef =
  | { kind: 'rule'; rule: RuleRecord; listener: ListenerRecord }
  | { kind: 'default'; listener: ListenerRecord };

/** The default rule's ARN: the listener's id stands as its rule id. */
export function defaultRuleArn(listener: ListenerRecord): string {
  return ruleArn(listener.arn, listener.id);
}

/** A rule ARN, a default rule ARN or a listener ARN (meaning its default rule); undefined when none. */
export async function findRuleOrListener(reader: Reader, arn: string): Promise<RuleRef | undefined> {
  const ref = parseElbArn(arn);
  if (ref?.kind === 'listener') {
    const listener = await findListener(reader, arn);
    return listener && { kind: 'default', listener };
  }
  if (ref?.kind !== 'listener-rule') return undefined;
  const listener = await reader.get<ListenerRecord>(LISTENERS, listenerKey(ref.lbId, ref.listenerId));
  if (!listener) return undefined;
  if (ref.id === listener.id) return defaultRuleArn(listener) === arn ? { kind: 'default', listener } : undefined;
  const rule = await findRule(reader, arn);
  return rule && { kind: 'rule', rule, listener };
}

export function ruleToWire(rule: RuleRecord) {
  return {
    RuleArn: rule.arn,
    Priority: String(rule.priority),
    Conditions: rule.conditions.map(conditionToWire),
    Actions: rule.actions.map(actionToWire),
    IsDefault: false,
  };
}

export function defaultRuleToWire(listener: ListenerRecord) {
  return {
    RuleArn: defaultRuleArn(listener),
    Priority: 'default',
    Conditions: [],
    Actions: listener.defaultActions.map(actionToWire),
    IsDefault: true,
  };
}

export function refToWire(ref: RuleRef) {
  return ref.kind === 'rule' ? ruleToWire(ref.rule) : defaultRuleToWire(ref.listener);
}
