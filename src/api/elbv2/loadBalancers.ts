// Load balancer operations: CreateLoadBalancer, DescribeLoadBalancers, DeleteLoadBalancer.
import { z } from 'zod';
import type { Account } from '../../protocol/context.js';
import { DuplicateLoadBalancerName, LoadBalancerNotFound, OperationNotPermitted, TooManyLoadBalancers, ValidationError } from '../../protocol/errors.js';
import { operation } from '../../protocol/operation.js';
import { checkArnShape, loadBalancerArn } from './arns.js';
import { defaultLoadBalancerAttributes } from './lbAttributes.js';
import { LB_CONFIG_TOPIC, LOAD_BALANCERS, type LoadBalancerRecord } from './model.js';
import { pageOf } from './paging.js';
import { deleteListener, findLoadBalancer, listAll, listListeners, TAGS } from './repo.js';
import { list } from '../../protocol/querySchema.js';
import { paging, stringList, tagList } from './schema.js';
import { addTags, checkTags } from './tagStore.js';

export const WHARF_VPC = 'vpc-wharf';
export const WHARF_SUBNET = 'subnet-wharf';
const HOSTED_ZONE = 'Z0WHARFELBLOCAL';
const MAX_LOAD_BALANCERS = 50;

const createInput = z.object({
  Name: z.string(),
  Subnets: stringList.optional(),
  SubnetMappings: list(z.object({
    SubnetId: z.string().optional(), AllocationId: z.string().optional(), PrivateIPv4Address: z.string().optional(), IPv6Address: z.string().optional(),
  })).optional(),
  SecurityGroups: stringList.optional(),
  Scheme: z.enum(['internet-facing', 'internal']).optional(),
  Tags: tagList.optional(),
  Type: z.enum(['application', 'network']).optional(),
  IpAddressType: z.enum(['ipv4', 'dualstack']).optional(),
});

const describeInput = z.object({ LoadBalancerArns: stringList.optional(), Names: stringList.optional(), ...paging });
const deleteInput = z.object({ LoadBalancerArn: z.string() });

/** ELB's load balancer name rules, or its ValidationError. Pure. */
export function checkLoadBalancerName(name: string): void {
  const what = `Load balancer name '${name}'`;
  if (name.length < 1 || name.length > 32) throw new ValidationError(`${what} cannot be longer than '32' characters`);
  if (!/^[a-zA-Z0-9-]+$/.test(name)) throw new ValidationError(`${what} can only contain characters that are alphanumeric characters or hyphens(-)`);
  if (name.startsWith('-') || name.endsWith('-')) throw new ValidationError(`${what} cannot begin or end with '-'`);
  if (name.startsWith('internal-')) throw new ValidationError(`${what} cannot begin with 'internal-'`);
}

export function loadBalancerToWire(lb: LoadBalancerRecord, account: Account) {
  const subnets = lb.subnets.length > 0 ? lb.subnets : [WHARF_SUBNET];
  return {
    LoadBalancerArn: lb.arn,
    DNSName: lb.dnsName,
    CanonicalHostedZoneId: HOSTED_ZONE,
    CreatedTime: new Date(lb.createdAt),
    LoadBalancerName: lb.name,
    Scheme: lb.scheme,
    VpcId: lb.vpcId,
    State: { Code: lb.state },
    Type: lb.type,
    AvailabilityZones: subnets.map((s, i) => ({ ZoneName: `${account.region}${String.fromCharCode(97 + (i % 26))}`, SubnetId: s, LoadBalancerAddresses: [] })),
    SecurityGroups: lb.securityGroups,
    IpAddressType: lb.ipAddressType,
  };
}

const createLoadBalancer = operation(createInput, async (ctx, input) => {
  checkLoadBalancerName(input.Name);
  if (input.Subnets?.length && input.SubnetMappings?.length) throw new ValidationError('You can specify subnets or subnet mappings, not both');
  const tags = checkTags(input.Tags ?? []);
  const type = input.Type ?? 'application';
  const scheme = input.Scheme ?? 'internet-facing';
  const id = ctx.ids.hex(8);
  const number = parseInt(id.slice(0, 8), 16);
  const lb: LoadBalancerRecord = {
    arn: loadBalancerArn(ctx.account, type, input.Name, id),
    id,
    name: input.Name,
    type,
    scheme,
    ipAddressType: input.IpAddressType ?? 'ipv4',
    dnsName: `${scheme === 'internal' ? 'internal-' : ''}${input.Name}-${number}.${ctx.account.region}.elb.localhost`,
    state: 'active',
    vpcId: WHARF_VPC,
    subnets: input.Subnets ?? (input.SubnetMappings ?? []).map((m) => m.SubnetId ?? '').filter(Boolean),
    securityGroups: input.SecurityGroups ?? [],
    attributes: defaultLoadBalancerAttributes(type),
    createdAt: ctx.clock().getTime(),
  };
  const { record, created } = await ctx.store.transaction(async (tx) => {
    const existing = await tx.get<LoadBalancerRecord>(LOAD_BALANCERS, input.Name);
    if (existing) {
      // CreateLoadBalancer is idempotent: the same settings answer the load balancer as it is.
      if (existing.type === type && existing.scheme === scheme) return { record: existing, created: false };
      throw new DuplicateLoadBalancerName('A load balancer with the same name exists, but with different settings');
    }
    const sameType = (await listAll<LoadBalancerRecord>(tx, LOAD_BALANCERS)).filter((l) => l.type === type).length;
    if (sameType >= MAX_LOAD_BALANCERS) throw new TooManyLoadBalancers(`You have reached the limit of ${MAX_LOAD_BALANCERS} ${type} load balancers`);
    await tx.put(LOAD_BALANCERS, lb.name, lb);
    await addTags(tx, lb.arn, tags);
    return { record: lb, created: true };
  });
  if (created) ctx.changes?.publish(LB_CONFIG_TOPIC, record.arn);
  return { LoadBalancers: [loadBalancerToWire(record, ctx.account)] };
});

const describeLoadBalancers = operation(describeInput, async (ctx, input) => {
  const arns = input.LoadBalancerArns ?? [];
  const names = input.Names ?? [];
  if (arns.length > 0 && names.length > 0) throw new ValidationError('Load balancer names and load balancer ARNs cannot be specified at the same time');
  let found: LoadBalancerRecord[];
  if (arns.length > 0) {
    arns.forEach((a) => checkArnShape('loadbalancer', a));
    const lbs = await Promise.all(arns.map((a) => findLoadBalancer(ctx.store, a)));
    found = lbs.filter((lb): lb is LoadBalancerRecord => lb !== undefined);
    if (found.length !== arns.length) throw new LoadBalancerNotFound('One or more load balancers not found');
  } else if (names.length > 0) {
    const lbs = await Promise.all(names.map((n) => ctx.store.get<LoadBalancerRecord>(LOAD_BALANCERS, n)));
    const missing = names.filter((_, i) => !lbs[i]);
    if (missing.length > 0) throw new LoadBalancerNotFound(`Load balancers '[${missing.join(', ')}]' not found`);
    found = lbs.filter((lb): lb is LoadBalancerRecord => lb !== undefined);
  } else {
    found = await listAll<LoadBalancerRecord>(ctx.store, LOAD_BALANCERS);
  }
  const { page, nextMarker } = pageOf(found, input.Marker, input.PageSize);
  return { LoadBalancers: page.map((lb) => loadBalancerToWire(lb, ctx.account)), NextMarker: nextMarker };
});

const deleteLoadBalancer = operation(deleteInput, async (ctx, input) => {
  checkArnShape('loadbalancer', input.LoadBalancerArn);
  const deleted = await ctx.store.transaction(async (tx) => {
    // Deleting a load balancer that does not exist succeeds, as ELB's does.
    const lb = await findLoadBalancer(tx, input.LoadBalancerArn);
    if (!lb) return false;
    if (lb.attributes['deletion_protection.enabled'] === 'true') {
      throw new OperationNotPermitted(`Load balancer '${lb.arn}' cannot be deleted because deletion protection is enabled`);
    }
    for (const listener of await listListeners(tx, lb.id)) await deleteListener(tx, lb.id, listener);
    await tx.delete(LOAD_BALANCERS, lb.name);
    await tx.delete(TAGS, lb.arn);
    return true;
  });
  if (deleted) ctx.changes?.publish(LB_CONFIG_TOPIC, input.LoadBalancerArn);
  return {};
});

export const loadBalancerOperations = {
  CreateLoadBalancer: createLoadBalancer,
  DescribeLoadBalancers: describeLoadBalancers,
  DeleteLoadBalancer: deleteLoadBalancer,
};
