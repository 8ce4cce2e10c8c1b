// Listener rule operations: CreateRule, DescribeRules, ModifyRule, DeleteRule, SetRulePriorities.
// Also re-exports the rule helpers the service controller uses.
import { z } from 'zod';
import {
  InvalidConfigurationRequest,
  LoadBalancerNotFound,
  OperationNotPermitted,
  PriorityInUse,
  TooManyRules,
  ValidationError,
} from '../../protocol/errors.js';
import { operation } from '../../protocol/operation.js';
import type { Reader } from '../../state/store.js';
import { actionList, parseActions } from './actions.js';
import { checkActionTargets } from './actionTargets.js';
import { checkArnShape, loadBalancerArnOf, parseElbArn, ruleArn } from './arns.js';
import { conditionList, parseConditions } from './conditions.js';
import { LB_CONFIG_TOPIC, RULES, type ListenerRecord, type LoadBalancerRecord, type RuleRecord } from './model.js';
import { pageOf } from './paging.js';
import { findLoadBalancer, listRules, putListener, putRule, requireListener, ruleKey, ruleNotFound, TAGS } from './repo.js';
import { defaultRuleToWire, findRuleOrListener, refToWire, ruleToWire, type RuleRef } from './ruleRecords.js';
import { int, list } from '../../protocol/querySchema.js';
import { paging, stringList, tagList } from './schema.js';
import { addTags, checkTags } from './tagStore.js';

export { setForwardWeights, withForwardWeights } from './forwardWeights.js';
export { findRuleOrListener, type RuleRef } from './ruleRecords.js';

const MAX_RULES = 100;

const createInput = z.object({ ListenerArn: z.string(), Conditions: conditionList, Priority: int(1, 50000), Actions: actionList, Tags: tagList.optional() });
const describeInput = z.object({ ListenerArn: z.string().optional(), RuleArns: stringList.optional(), ...paging });
const modifyInput = z.object({ RuleArn: z.string(), Conditions: conditionList.optional(), Actions: actionList.optional() });
const deleteInput = z.object({ RuleArn: z.string() });
const prioritiesInput = z.object({ RulePriorities: list(z.object({ RuleArn: z.string().optional(), Priority: int(1, 50000).optional() })) });

async function ownerOf(reader: Reader, listener: ListenerRecord): Promise<LoadBalancerRecord> {
  const lb = await findLoadBalancer(reader, listener.loadBalancerArn);
  if (!lb) throw new LoadBalancerNotFound('One or more load balancers not found');
  if (lb.type !== 'application') throw new InvalidConfigurationRequest('Rules are supported only on listeners of Application Load Balancers');
  return lb;
}

async function requireRuleRef(reader: Reader, arn: string): Promise<RuleRef> {
  checkArnShape('listener-rule', arn);
  const ref = await findRuleOrListener(reader, arn);
  if (!ref) throw ruleNotFound();
  return ref;
}

function priorityInUse(priority: number): Error {
  return new PriorityInUse(`Priority '${priority}' is currently in use`);
}

function lbIdOf(listener: ListenerRecord): string {
  const ref = parseElbArn(listener.arn);
  return ref?.kind === 'listener' ? ref.lbId : '';
}

function listenerIdOf(rule: RuleRecord): string {
  const ref = parseElbArn(rule.arn);
  return ref?.kind === 'listener-rule' ? ref.listenerId : '';
}

const createRule = operation(createInput, async (ctx, input) => {
  const listener = await requireListener(ctx.store, input.ListenerArn);
  const lb = await ownerOf(ctx.store, listener);
  if (input.Conditions.length === 0) throw new ValidationError('A rule must have at least one condition');
  const tags = checkTags(input.Tags ?? []);
  const id = ctx.ids.hex(8);
  const rule: RuleRecord = {
    arn: ruleArn(listener.arn, id), id, listenerArn: listener.arn, priority: input.Priority,
    conditions: parseConditions(input.Conditions), actions: parseActions(input.Actions, lb.type),
  };
  await ctx.store.transaction(async (tx) => {
    await requireListener(tx, listener.arn);
    const rules = await listRules(tx, listener.id);
    if (rules.some((r) => r.priority === rule.priority)) throw priorityInUse(rule.priority);
    if (rules.length >= MAX_RULES) throw new TooManyRules(`A listener can have at most ${MAX_RULES} rules besides its default rule`);
    await checkActionTargets(tx, { loadBalancerArn: lb.arn, protocol: listener.protocol, actions: rule.actions });
    await putRule(tx, listener.id, rule);
    await addTags(tx, rule.arn, tags);
  });
  ctx.changes?.publish(LB_CONFIG_TOPIC, lb.arn);
  return { Rules: [ruleToWire(rule)] };
});

const describeRules = operation(describeInput, async (ctx, input) => {
  const arns = input.RuleArns ?? [];
  if (arns.length > 0 && input.ListenerArn !== undefined) throw new ValidationError('Listener rule ARNs and a listener ARN cannot be specified at the same time');
  let found: ReturnType<typeof refToWire>[];
  if (arns.length > 0) {
    found = (await Promise.all(arns.map((a) => requireRuleRef(ctx.store, a)))).map(refToWire);
  } else if (input.ListenerArn !== undefined) {
    const listener = await requireListener(ctx.store, input.ListenerArn);
    found = [...(await listRules(ctx.store, listener.id)).map(ruleToWire), defaultRuleToWire(listener)];
  } else {
    throw new ValidationError('You must specify either listener rule ARNs or a listener ARN');
  }
  const { page, nextMarker } = pageOf(found, input.Marker, input.PageSize);
  return { Rules: page, NextMarker: nextMarker };
});

const modifyRule = operation(modifyInput, async (ctx, input) => {
  if (!input.Conditions?.length && !input.Actions?.length) throw new ValidationError('Either conditions or actions must be specified');
  const ref = await requireRuleRef(ctx.store, input.RuleArn);
  const lb = await ownerOf(ctx.store, ref.listener);
  if (ref.kind === 'default' && input.Conditions?.length) throw new OperationNotPermitted('The conditions of a default rule cannot be modified');
  const actions = input.Actions?.length ? parseActions(input.Actions, lb.type) : undefined;
  const answer = await ctx.store.transaction(async (tx) => {
    const now = await requireRuleRef(tx, input.RuleArn);
    if (actions) await checkActionTargets(tx, { loadBalancerArn: lb.arn, protocol: now.listener.protocol, actions });
    if (now.kind === 'default') {
      const listener = { ...now.listener, defaultActions: actions ?? now.listener.defaultActions };
      await putListener(tx, lbIdOf(listener), listener);
      return defaultRuleToWire(listener);
    }
    const rule = { ...now.rule, conditions: input.Conditions?.length ? parseConditions(input.Conditions) : now.rule.conditions, actions: actions ?? now.rule.actions };
    await putRule(tx, now.listener.id, rule);
    return ruleToWire(rule);
  });
  ctx.changes?.publish(LB_CONFIG_TOPIC, lb.arn);
  return { Rules: [answer] };
});

const deleteRule = operation(deleteInput, async (ctx, input) => {
  const lbArn = await ctx.store.transaction(async (tx) => {
    const ref = await requireRuleRef(tx, input.RuleArn);
    if (ref.kind === 'default') throw new OperationNotPermitted('The default rule cannot be deleted');
    await tx.delete(RULES, ruleKey(ref.listener.id, ref.rule.id));
    await tx.delete(TAGS, ref.rule.arn);
    return ref.listener.loadBalancerArn;
  });
  ctx.changes?.publish(LB_CONFIG_TOPIC, lbArn);
  return {};
});

const setRulePriorities = operation(prioritiesInput, async (ctx, input) => {
  const seen = new Set<number>();
  for (const p of input.RulePriorities) {
    if (p.Priority === undefined || !p.RuleArn) throw new ValidationError('Each rule priority must name a rule ARN and a priority');
    if (seen.has(p.Priority)) throw new ValidationError(`Priority '${p.Priority}' was provided multiple times`);
    seen.add(p.Priority);
  }
  const changed = await ctx.store.transaction(async (tx) => {
    const out: RuleRecord[] = [];
    for (const p of input.RulePriorities) {
      const ref = await requireRuleRef(tx, p.RuleArn ?? '');
      if (ref.kind === 'default') throw new OperationNotPermitted('The priority of a default rule cannot be changed');
      out.push({ ...ref.rule, priority: p.Priority ?? ref.rule.priority });
    }
    for (const rule of out) {
      const others = (await listRules(tx, listenerIdOf(rule))).filter((r) => !out.some((o) => o.arn === r.arn));
      if (others.some((r) => r.priority === rule.priority)) throw priorityInUse(rule.priority);
    }
    for (const rule of out) await putRule(tx, listenerIdOf(rule), rule);
    return out;
  });
  for (const lbArn of new Set(changed.map((r) => loadBalancerArnOf(r.arn)))) {
    ctx.changes?.publish(LB_CONFIG_TOPIC, lbArn);
  }
  return { Rules: changed.map(ruleToWire) };
});

export const ruleOperations = {
  CreateRule: createRule,
  DescribeRules: describeRules,
  ModifyRule: modifyRule,
  DeleteRule: deleteRule,
  SetRulePriorities: setRulePriorities,
};
