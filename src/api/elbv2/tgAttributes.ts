// Target group attributes: ELB's defaults per protocol, the checks of a change, and
// DescribeTargetGroupAttributes / ModifyTargetGroupAttributes.
import { z } from 'zod';
import { InvalidConfigurationRequest, ValidationError } from '../../protocol/errors.js';
import { operation } from '../../protocol/operation.js';
import { isHttpGroup } from './healthCheck.js';
import { TARGET_GROUPS, TARGETS_TOPIC, type TargetGroupRecord } from './model.js';
import { requireTargetGroup } from './repo.js';
import { list } from '../../protocol/querySchema.js';

type Group = Pick<TargetGroupRecord, 'protocol' | 'targetType'>;

export function defaultTargetGroupAttributes(tg: Group): Record<string, string> {
  const common = {
    'deregistration_delay.timeout_seconds': '300',
    'stickiness.enabled': 'false',
    'load_balancing.cross_zone.enabled': 'use_load_balancer_configuration',
  };
  if (isHttpGroup(tg)) {
    return {
      ...common,
      'stickiness.type': 'lb_cookie',
      'stickiness.lb_cookie.duration_seconds': '86400',
      'stickiness.app_cookie.cookie_name': '',
      'stickiness.app_cookie.duration_seconds': '86400',
      'load_balancing.algorithm.type': 'round_robin',
      'slow_start.duration_seconds': '0',
    };
  }
  const preserve = tg.targetType === 'ip' && (tg.protocol === 'TCP' || tg.protocol === 'TLS') ? 'false' : 'true';
  return {
    ...common,
    'stickiness.type': 'source_ip',
    'deregistration_delay.connection_termination.enabled': 'false',
    'proxy_protocol_v2.enabled': 'false',
    'preserve_client_ip.enabled': preserve,
  };
}

const inRange = (lo: number, hi: number) => (v: string) => /^\d+$/.test(v) && Number(v) >= lo && Number(v) <= hi;
const oneOf = (...values: string[]) => (v: string) => values.includes(v);
const CHECKS: Record<string, { check: (v: string) => boolean; expect: string }> = {
  'deregistration_delay.timeout_seconds': { check: inRange(0, 3600), expect: "between '0-3600' inclusive" },
  'stickiness.lb_cookie.duration_seconds': { check: inRange(1, 604800), expect: "between '1-604800' inclusive" },
  'stickiness.app_cookie.duration_seconds': { check: inRange(1, 604800), expect: "between '1-604800' inclusive" },
  'stickiness.app_cookie.cookie_name': { check: (v) => !/^AWSALB/.test(v), expect: "a name not starting with 'AWSALB'" },
  'stickiness.type': { check: oneOf('lb_cookie', 'app_cookie', 'source_ip'), expect: 'one of [lb_cookie, app_cookie, source_ip]' },
  'load_balancing.algorithm.type': { check: oneOf('round_robin', 'least_outstanding_requests'), expect: 'one of [round_robin, least_outstanding_requests]' },
  'slow_start.duration_seconds': { check: (v) => v === '0' || inRange(30, 900)(v), expect: "'0' or between '30-900' inclusive" },
  'load_balancing.cross_zone.enabled': { check: oneOf('true', 'false', 'use_load_balancer_configuration'), expect: 'one of [true, false, use_load_balancer_configuration]' },
};
const BOOLEAN = { check: oneOf('true', 'false'), expect: 'true or false' };

/** The attributes after applying `changes`, or ELB's error for the first bad one. Pure. */
export function applyTargetGroupAttributes(tg: TargetGroupRecord, changes: readonly { Key?: string | undefined; Value?: string | undefined }[]): Record<string, string> {
  const known = defaultTargetGroupAttributes(tg);
  const next = { ...known, ...tg.attributes };
  for (const { Key: key = '', Value: value = '' } of changes) {
    if (!(key in known)) throw new ValidationError(`Target group attribute key '${key}' is not recognized`);
    const rule = CHECKS[key] ?? BOOLEAN;
    if (!rule.check(value)) throw new ValidationError(`'${key}' value '${value}' must be ${rule.expect}`);
    next[key] = value;
  }
  checkCombination(tg, next);
  return next;
}

function checkCombination(tg: TargetGroupRecord, a: Record<string, string>): void {
  const type = a['stickiness.type'] ?? '';
  if (isHttpGroup(tg) ? type === 'source_ip' : type !== 'source_ip') {
    throw new InvalidConfigurationRequest(`Stickiness type '${type}' is not supported for target groups with the ${tg.protocol} protocol`);
  }
  if (a['stickiness.enabled'] === 'true' && type === 'app_cookie' && !a['stickiness.app_cookie.cookie_name']) {
    throw new InvalidConfigurationRequest("You must set an application cookie name to enable stickiness of type 'app_cookie'");
  }
  if (a['load_balancing.algorithm.type'] === 'least_outstanding_requests' && a['slow_start.duration_seconds'] !== '0') {
    throw new InvalidConfigurationRequest('Slow start cannot be enabled together with the least outstanding requests algorithm');
  }
  if (a['preserve_client_ip.enabled'] === 'false' && (tg.protocol === 'UDP' || tg.protocol === 'TCP_UDP')) {
    throw new InvalidConfigurationRequest(`Client IP preservation cannot be disabled for target groups with the ${tg.protocol} protocol`);
  }
}

function toWire(attributes: Record<string, string>) {
  return Object.entries(attributes).map(([Key, Value]) => ({ Key, Value }));
}

const arnInput = z.object({ TargetGroupArn: z.string() });
const modifyInput = z.object({
  TargetGroupArn: z.string(),
  Attributes: list(z.object({ Key: z.string().max(256).regex(/^[a-zA-Z0-9._]+$/).optional(), Value: z.string().optional() })),
});

export const targetGroupAttributeOperations = {
  DescribeTargetGroupAttributes: operation(arnInput, async (ctx, input) => {
    const tg = await requireTargetGroup(ctx.store, input.TargetGroupArn);
    return { Attributes: toWire(tg.attributes) };
  }),
  ModifyTargetGroupAttributes: operation(modifyInput, async (ctx, input) => {
    const tg = await ctx.store.transaction(async (tx) => {
      const current = await requireTargetGroup(tx, input.TargetGroupArn);
      const next = { ...current, attributes: applyTargetGroupAttributes(current, input.Attributes) };
      await tx.put(TARGET_GROUPS, next.name, next);
      return next;
    });
    ctx.changes?.publish(TARGETS_TOPIC, tg.arn);
    return { Attributes: toWire(tg.attributes) };
  }),
};
