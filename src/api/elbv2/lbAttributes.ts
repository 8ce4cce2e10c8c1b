// Load balancer attributes: ELB's defaults per type, the checks of a change, and
// DescribeLoadBalancerAttributes / ModifyLoadBalancerAttributes.
import { z } from 'zod';
import type { Context } from '../../protocol/context.js';
import { InvalidConfigurationRequest, ValidationError } from '../../protocol/errors.js';
import { operation } from '../../protocol/operation.js';
import { LB_CONFIG_TOPIC, LOAD_BALANCERS, type LoadBalancerRecord, type LoadBalancerType } from './model.js';
import { requireLoadBalancer } from './repo.js';
import { list } from '../../protocol/querySchema.js';

const COMMON: Record<string, string> = {
  'deletion_protection.enabled': 'false',
  'access_logs.s3.enabled': 'false',
  'access_logs.s3.bucket': '',
  'access_logs.s3.prefix': '',
};

const DEFAULTS: Record<LoadBalancerType, Record<string, string>> = {
  application: {
    ...COMMON,
    'idle_timeout.timeout_seconds': '60',
    'routing.http2.enabled': 'true',
    'routing.http.drop_invalid_header_fields.enabled': 'false',
    'routing.http.desync_mitigation_mode': 'defensive',
    'routing.http.preserve_host_header.enabled': 'false',
    'routing.http.x_amzn_tls_version_and_cipher_suite.enabled': 'false',
    'routing.http.xff_client_port.enabled': 'false',
    'routing.http.xff_header_processing.mode': 'append',
    'waf.fail_open.enabled': 'false',
    'load_balancing.cross_zone.enabled': 'true',
  },
  network: { ...COMMON, 'load_balancing.cross_zone.enabled': 'false' },
};

export function defaultLoadBalancerAttributes(type: LoadBalancerType): Record<string, string> {
  return { ...DEFAULTS[type] };
}

type Check = (value: string) => boolean;
const isBool: Check = (v) => v === 'true' || v === 'false';
const CHECKS: Record<string, { check: Check; expect: string }> = {
  'idle_timeout.timeout_seconds': { check: (v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 4000, expect: 'an integer between 1 and 4000' },
  'routing.http.desync_mitigation_mode': { check: (v) => ['monitor', 'defensive', 'strictest'].includes(v), expect: 'one of [monitor, defensive, strictest]' },
  'routing.http.xff_header_processing.mode': { check: (v) => ['append', 'preserve', 'remove'].includes(v), expect: 'one of [append, preserve, remove]' },
  'access_logs.s3.bucket': { check: () => true, expect: '' },
  'access_logs.s3.prefix': { check: () => true, expect: '' },
};

/** The attributes after applying `changes`, or ELB's error for the first bad one. Pure. */
export function applyLoadBalancerAttributes(lb: LoadBalancerRecord, changes: readonly { Key?: string | undefined; Value?: string | undefined }[]): Record<string, string> {
  const next = { ...lb.attributes };
  for (const { Key: key = '', Value: value = '' } of changes) {
    if (!(key in DEFAULTS[lb.type])) throw new ValidationError(`Load balancer attribute key '${key}' is not recognized`);
    if (key === 'load_balancing.cross_zone.enabled' && lb.type === 'application' && value !== 'true') {
      throw new InvalidConfigurationRequest("Cross-zone load balancing cannot be disabled for Application Load Balancers");
    }
    const rule = CHECKS[key] ?? { check: isBool, expect: 'true or false' };
    if (!rule.check(value)) throw new ValidationError(`Load balancer attribute '${key}' value '${value}' must be ${rule.expect}`);
    next[key] = value;
  }
  if (next['access_logs.s3.enabled'] === 'true' && !next['access_logs.s3.bucket']) {
    throw new InvalidConfigurationRequest('The value of access_logs.s3.bucket cannot be empty when access logs are enabled');
  }
  return next;
}

export function attributesToWire(attributes: Record<string, string>) {
  return Object.entries(attributes).map(([Key, Value]) => ({ Key, Value }));
}

const arnInput = z.object({ LoadBalancerArn: z.string() });
const modifyInput = z.object({
  LoadBalancerArn: z.string(),
  Attributes: list(z.object({ Key: z.string().max(256).regex(/^[a-zA-Z0-9._]+$/).optional(), Value: z.string().max(1024).optional() }), 20),
});

export const loadBalancerAttributeOperations = {
  DescribeLoadBalancerAttributes: operation(arnInput, async (ctx, input) => {
    const lb = await requireLoadBalancer(ctx.store, input.LoadBalancerArn);
    return { Attributes: attributesToWire(lb.attributes) };
  }),
  ModifyLoadBalancerAttributes: operation(modifyInput, async (ctx: Context, input) => {
    const lb = await ctx.store.transaction(async (tx) => {
      const current = await requireLoadBalancer(tx, input.LoadBalancerArn);
      const next = { ...current, attributes: applyLoadBalancerAttributes(current, input.Attributes) };
      await tx.put(LOAD_BALANCERS, next.name, next);
      return next;
    });
    ctx.changes?.publish(LB_CONFIG_TOPIC, lb.arn);
    return { Attributes: attributesToWire(lb.attributes) };
  }),
};
