// Target group operations: CreateTargetGroup, DescribeTargetGroups, ModifyTargetGroup,
// DeleteTargetGroup.
import { z } from 'zod';
import { DuplicateTargetGroupName, ResourceInUse, TargetGroupNotFound, TooManyTargetGroups, ValidationError } from '../../protocol/errors.js';
import { operation } from '../../protocol/operation.js';
import { checkArnShape, targetGroupArn } from './arns.js';
import { buildHealthCheck, healthCheckToWire, isHttpGroup, type HealthCheckInput } from './healthCheck.js';
import { WHARF_VPC } from './loadBalancers.js';
import { TARGET_GROUPS, TARGETS, TARGETS_TOPIC, type TargetGroupRecord } from './model.js';
import { pageOf } from './paging.js';
import { findTargetGroup, listAll, requireLoadBalancer, requireTargetGroup, TAGS } from './repo.js';
import { bool, int } from '../../protocol/querySchema.js';
import { paging, port, stringList, tagList } from './schema.js';
import { addTags, checkTags } from './tagStore.js';
import { listTargets } from './targets.js';
import { defaultTargetGroupAttributes } from './tgAttributes.js';
import { targetGroupUsage } from './usage.js';

const MAX_TARGET_GROUPS = 3000;
const PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP'] as const;

const healthCheckFields = {
  HealthCheckProtocol: z.enum(PROTOCOLS).optional(),
  HealthCheckPort: z.string().optional(),
  HealthCheckEnabled: bool().optional(),
  HealthCheckPath: z.string().min(1).max(1024).optional(),
  HealthCheckIntervalSeconds: int(5, 300).optional(),
  HealthCheckTimeoutSeconds: int(2, 120).optional(),
  HealthyThresholdCount: int(2, 10).optional(),
  UnhealthyThresholdCount: int(2, 10).optional(),
  Matcher: z.object({ HttpCode: z.string().optional(), GrpcCode: z.string().optional() }).optional(),
};

const createInput = z.object({
  Name: z.string(),
  Protocol: z.enum(PROTOCOLS).optional(),
  ProtocolVersion: z.string().optional(),
  Port: port.optional(),
  VpcId: z.string().optional(),
  TargetType: z.enum(['instance', 'ip']).optional(),
  Tags: tagList.optional(),
  IpAddressType: z.enum(['ipv4']).optional(),
  ...healthCheckFields,
});
const describeInput = z.object({ LoadBalancerArn: z.string().optional(), TargetGroupArns: stringList.optional(), Names: stringList.optional(), ...paging });
const modifyInput = z.object({ TargetGroupArn: z.string(), ...healthCheckFields });
const deleteInput = z.object({ TargetGroupArn: z.string() });

/** ELB's target group name rules, or its ValidationError. Pure. */
export function checkTargetGroupName(name: string): void {
  const what = `Target group name '${name}'`;
  if (name.length < 1 || name.length > 32) throw new ValidationError(`${what} cannot be longer than '32' characters`);
  if (!/^[a-zA-Z0-9-]+$/.test(name)) throw new ValidationError(`${what} can only contain characters that are alphanumeric characters or hyphens(-)`);
  if (name.startsWith('-') || name.endsWith('-')) throw new ValidationError(`${what} cannot begin or end with '-'`);
}

export function targetGroupToWire(tg: TargetGroupRecord, loadBalancerArns: readonly string[]) {
  return {
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: tg.protocol,
    Port: tg.port,
    VpcId: tg.vpcId,
    ...healthCheckToWire(tg.healthCheck),
    LoadBalancerArns: [...loadBalancerArns],
    TargetType: tg.targetType,
    ProtocolVersion: tg.protocolVersion,
    IpAddressType: 'ipv4',
  };
}

function sameSettings(a: TargetGroupRecord, b: TargetGroupRecord): boolean {
  return a.protocol === b.protocol && a.port === b.port && a.targetType === b.targetType && a.vpcId === b.vpcId &&
    JSON.stringify(a.healthCheck) === JSON.stringify(b.healthCheck);
}

const createTargetGroup = operation(createInput, async (ctx, input) => {
  checkTargetGroupName(input.Name);
  if (!input.Protocol) throw new ValidationError('A protocol must be specified');
  if (input.Port === undefined) throw new ValidationError('A port must be specified');
  const targetType = input.TargetType ?? 'instance';
  const group = { protocol: input.Protocol, targetType };
  if (input.ProtocolVersion !== undefined && (!isHttpGroup(group) || !['HTTP1', 'HTTP2', 'GRPC'].includes(input.ProtocolVersion))) {
    throw new ValidationError(`Protocol version '${input.ProtocolVersion}' must be one of [HTTP1, HTTP2, GRPC] and requires the HTTP or HTTPS protocol`);
  }
  const tags = checkTags(input.Tags ?? []);
  const id = ctx.ids.hex(8);
  const tg: TargetGroupRecord = {
    arn: targetGroupArn(ctx.account, input.Name, id),
    id,
    name: input.Name,
    protocol: input.Protocol,
    port: input.Port,
    targetType,
    vpcId: input.VpcId ?? WHARF_VPC,
    ...(isHttpGroup(group) ? { protocolVersion: input.ProtocolVersion ?? 'HTTP1' } : {}),
    healthCheck: buildHealthCheck(group, input satisfies HealthCheckInput),
    attributes: defaultTargetGroupAttributes(group),
    createdAt: ctx.clock().getTime(),
  };
  const record = await ctx.store.transaction(async (tx) => {
    const existing = await tx.get<TargetGroupRecord>(TARGET_GROUPS, tg.name);
    if (existing) {
      // CreateTargetGroup is idempotent: the same settings answer the group as it is.
      if (sameSettings(existing, tg)) return existing;
      throw new DuplicateTargetGroupName('A target group with the same name exists, but with different settings');
    }
    if ((await tx.count(TARGET_GROUPS)) >= MAX_TARGET_GROUPS) throw new TooManyTargetGroups(`You have reached the limit of ${MAX_TARGET_GROUPS} target groups`);
    await tx.put(TARGET_GROUPS, tg.name, tg);
    await addTags(tx, tg.arn, tags);
    return tg;
  });
  const usage = await targetGroupUsage(ctx.store);
  return { TargetGroups: [targetGroupToWire(record, [...(usage.get(record.arn) ?? [])])] };
});

const describeTargetGroups = operation(describeInput, async (ctx, input) => {
  const arns = input.TargetGroupArns ?? [];
  const names = input.Names ?? [];
  if ([input.LoadBalancerArn !== undefined, arns.length > 0, names.length > 0].filter(Boolean).length > 1) {
    throw new ValidationError('Target group names, target group ARNs, and a load balancer ARN cannot be specified at the same time');
  }
  const usage = await targetGroupUsage(ctx.store);
  let found: TargetGroupRecord[];
  if (arns.length > 0) {
    arns.forEach((a) => checkArnShape('targetgroup', a));
    found = (await Promise.all(arns.map((a) => findTargetGroup(ctx.store, a)))).filter((t): t is TargetGroupRecord => t !== undefined);
    if (found.length !== arns.length) throw new TargetGroupNotFound('One or more target groups not found');
  } else if (names.length > 0) {
    found = (await Promise.all(names.map((n) => ctx.store.get<TargetGroupRecord>(TARGET_GROUPS, n)))).filter((t): t is TargetGroupRecord => t !== undefined);
    if (found.length !== names.length) throw new TargetGroupNotFound('One or more target groups not found');
  } else if (input.LoadBalancerArn !== undefined) {
    const lb = await requireLoadBalancer(ctx.store, input.LoadBalancerArn);
    found = (await listAll<TargetGroupRecord>(ctx.store, TARGET_GROUPS)).filter((t) => usage.get(t.arn)?.has(lb.arn));
  } else {
    found = await listAll<TargetGroupRecord>(ctx.store, TARGET_GROUPS);
  }
  const { page, nextMarker } = pageOf(found, input.Marker, input.PageSize);
  return { TargetGroups: page.map((t) => targetGroupToWire(t, [...(usage.get(t.arn) ?? [])].sort())), NextMarker: nextMarker };
});

const modifyTargetGroup = operation(modifyInput, async (ctx, input) => {
  const tg = await ctx.store.transaction(async (tx) => {
    const current = await requireTargetGroup(tx, input.TargetGroupArn);
    const next = { ...current, healthCheck: buildHealthCheck(current, input, current.healthCheck) };
    await tx.put(TARGET_GROUPS, next.name, next);
    return next;
  });
  ctx.changes?.publish(TARGETS_TOPIC, tg.arn);
  const usage = await targetGroupUsage(ctx.store);
  return { TargetGroups: [targetGroupToWire(tg, [...(usage.get(tg.arn) ?? [])].sort())] };
});

const deleteTargetGroup = operation(deleteInput, async (ctx, input) => {
  checkArnShape('targetgroup', input.TargetGroupArn);
  const deleted = await ctx.store.transaction(async (tx) => {
    // Deleting a target group that does not exist succeeds, as ELB's does.
    const tg = await findTargetGroup(tx, input.TargetGroupArn);
    if (!tg) return false;
    if ((await targetGroupUsage(tx)).has(tg.arn)) {
      throw new ResourceInUse(`Target group '${tg.arn}' is currently in use by a listener or a rule`);
    }
    for (const t of await listTargets(tx, tg)) await tx.delete(TARGETS, `${tg.id}/${t.id}/${t.port}`);
    await tx.delete(TARGET_GROUPS, tg.name);
    await tx.delete(TAGS, tg.arn);
    return true;
  });
  if (deleted) ctx.changes?.publish(TARGETS_TOPIC, input.TargetGroupArn);
  return {};
});

export const targetGroupOperations = {
  CreateTargetGroup: createTargetGroup,
  DescribeTargetGroups: describeTargetGroups,
  ModifyTargetGroup: modifyTargetGroup,
  DeleteTargetGroup: deleteTargetGroup,
};
