// What each ELBv2 operation needs to be authorized, keyed as the dispatch table (index.ts) keys it,
// from the Service Authorization Reference for Elastic Load Balancing V2 (prefix
// elasticloadbalancing). Describe* list no resource type: `*`. Everything else acts on the ARN the
// input names; a create acts on the resource it creates, whose id is not known before it exists,
// so on `<type>/<name>/*` (a policy naming that load balancer or group by name pattern matches).
// A create carrying tags needs elasticloadbalancing:AddTags too, with
// elasticloadbalancing:CreateAction naming the create. The reference's Scheme / Subnet /
// SecurityGroup keys for CreateLoadBalancer are left out until enforcement needs them.
import { z } from 'zod';
import { anyResource, requestTagConditions, row, tagKeyConditions, type PermissionTable, type Requirement } from '../../protocol/authorization.js';
import { listenerArn, loadBalancerArn, ruleArn, targetGroupArn } from './arns.js';

type Tags = ReadonlyArray<{ Key: string; Value?: string | undefined }> | undefined;
const tags = z.array(z.object({ Key: z.string(), Value: z.string().optional() }).loose()).optional();
const lb = z.object({ LoadBalancerArn: z.string() }).loose();
const tg = z.object({ TargetGroupArn: z.string() }).loose();
const listener = z.object({ ListenerArn: z.string() }).loose();
const rule = z.object({ RuleArn: z.string() }).loose();

function tagConditions(list: Tags) {
  return requestTagConditions(list?.map((t) => ({ key: t.Key, value: t.Value })));
}

function addTagsOnCreate(createAction: string, resource: string, list: Tags): Requirement[] {
  if (!list || list.length === 0) return [];
  return [{ action: 'elasticloadbalancing:AddTags', resources: [resource], conditions: { 'elasticloadbalancing:CreateAction': createAction, ...tagConditions(list) } }];
}

const DESCRIBE = [
  'DescribeLoadBalancers', 'DescribeLoadBalancerAttributes', 'DescribeTargetGroups', 'DescribeTargetGroupAttributes',
  'DescribeListeners', 'DescribeRules', 'DescribeTargetHealth', 'DescribeTags', 'DescribeAccountLimits',
] as const;

const on = {
  lb: (op: string) => row(lb, { action: `elasticloadbalancing:${op}`, resources: ({ input }) => [input.LoadBalancerArn] }),
  tg: (op: string) => row(tg, { action: `elasticloadbalancing:${op}`, resources: ({ input }) => [input.TargetGroupArn] }),
  listener: (op: string) => row(listener, { action: `elasticloadbalancing:${op}`, resources: ({ input }) => [input.ListenerArn] }),
  rule: (op: string) => row(rule, { action: `elasticloadbalancing:${op}`, resources: ({ input }) => [input.RuleArn] }),
};

export const elbv2Permissions: PermissionTable = {
  ...Object.fromEntries(DESCRIBE.map((op) => [op, anyResource(`elasticloadbalancing:${op}`)])),

  CreateLoadBalancer: row(z.object({ Name: z.string(), Type: z.enum(['application', 'network']).optional(), Tags: tags }).loose(), {
    action: 'elasticloadbalancing:CreateLoadBalancer',
    resources: ({ input, account }) => [loadBalancerArn(account, input.Type ?? 'application', input.Name, '*')],
    conditions: ({ input }) => tagConditions(input.Tags),
    also: ({ input, account }) => addTagsOnCreate('CreateLoadBalancer', loadBalancerArn(account, input.Type ?? 'application', input.Name, '*'), input.Tags),
  }),
  DeleteLoadBalancer: on.lb('DeleteLoadBalancer'),
  ModifyLoadBalancerAttributes: on.lb('ModifyLoadBalancerAttributes'),

  CreateTargetGroup: row(z.object({ Name: z.string(), Tags: tags }).loose(), {
    action: 'elasticloadbalancing:CreateTargetGroup',
    resources: ({ input, account }) => [targetGroupArn(account, input.Name, '*')],
    conditions: ({ input }) => tagConditions(input.Tags),
    also: ({ input, account }) => addTagsOnCreate('CreateTargetGroup', targetGroupArn(account, input.Name, '*'), input.Tags),
  }),
  ModifyTargetGroup: on.tg('ModifyTargetGroup'),
  DeleteTargetGroup: on.tg('DeleteTargetGroup'),
  ModifyTargetGroupAttributes: on.tg('ModifyTargetGroupAttributes'),
  RegisterTargets: on.tg('RegisterTargets'),
  DeregisterTargets: on.tg('DeregisterTargets'),

  // A listener is created on its load balancer, which is the reference's resource for it.
  CreateListener: row(lb.extend({ Tags: tags }), {
    action: 'elasticloadbalancing:CreateListener',
    resources: ({ input }) => [input.LoadBalancerArn],
    conditions: ({ input }) => tagConditions(input.Tags),
    also: ({ input }) => addTagsOnCreate('CreateListener', listenerArn(input.LoadBalancerArn, '*'), input.Tags),
  }),
  ModifyListener: on.listener('ModifyListener'),
  DeleteListener: on.listener('DeleteListener'),

  // A rule is created on its listener, likewise.
  CreateRule: row(listener.extend({ Tags: tags }), {
    action: 'elasticloadbalancing:CreateRule',
    resources: ({ input }) => [input.ListenerArn],
    conditions: ({ input }) => tagConditions(input.Tags),
    also: ({ input }) => addTagsOnCreate('CreateRule', ruleArn(input.ListenerArn, '*'), input.Tags),
  }),
  ModifyRule: on.rule('ModifyRule'),
  DeleteRule: on.rule('DeleteRule'),
  SetRulePriorities: row(z.object({ RulePriorities: z.array(z.object({ RuleArn: z.string().optional() }).loose()) }).loose(), {
    action: 'elasticloadbalancing:SetRulePriorities',
    resources: ({ input }) => input.RulePriorities.flatMap((p) => (p.RuleArn ? [p.RuleArn] : [])),
  }),

  AddTags: row(z.object({ ResourceArns: z.array(z.string()), Tags: tags }).loose(), {
    action: 'elasticloadbalancing:AddTags',
    resources: ({ input }) => input.ResourceArns,
    conditions: ({ input }) => tagConditions(input.Tags),
  }),
  RemoveTags: row(z.object({ ResourceArns: z.array(z.string()), TagKeys: z.array(z.string()) }).loose(), {
    action: 'elasticloadbalancing:RemoveTags',
    resources: ({ input }) => input.ResourceArns,
    conditions: ({ input }) => tagKeyConditions(input.TagKeys),
  }),
};
