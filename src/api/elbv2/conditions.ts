// Rule conditions: the wire schema (Values and the *Config forms), ELB's checks, the records they
// become and the answer they give back. Pure.
import { isIPv4 } from 'node:net';
import { z } from 'zod';
import { ValidationError } from '../../protocol/errors.js';
import type { Condition } from './model.js';
import { list } from '../../protocol/querySchema.js';
import { stringList } from './schema.js';

const valuesConfig = z.object({ Values: stringList.optional() }).optional();

export const conditionSchema = z.object({
  Field: z.string().max(64).optional(),
  Values: stringList.optional(),
  HostHeaderConfig: valuesConfig,
  PathPatternConfig: valuesConfig,
  HttpHeaderConfig: z.object({ HttpHeaderName: z.string().optional(), Values: stringList.optional() }).optional(),
  QueryStringConfig: z.object({ Values: list(z.object({ Key: z.string().optional(), Value: z.string().optional() })).optional() }).optional(),
  HttpRequestMethodConfig: valuesConfig,
  SourceIpConfig: valuesConfig,
});

export type WireCondition = z.output<typeof conditionSchema>;
export const conditionList = list(conditionSchema);

const FIELDS: readonly Condition['field'][] = ['path-pattern', 'host-header', 'http-header', 'http-request-method', 'query-string', 'source-ip'];
const CONFIG_OF: Record<Condition['field'], keyof WireCondition> = {
  'path-pattern': 'PathPatternConfig',
  'host-header': 'HostHeaderConfig',
  'http-header': 'HttpHeaderConfig',
  'http-request-method': 'HttpRequestMethodConfig',
  'query-string': 'QueryStringConfig',
  'source-ip': 'SourceIpConfig',
};
const MAX_VALUE_LENGTH = 128;

function isField(f: string): f is Condition['field'] {
  return (FIELDS as readonly string[]).includes(f);
}

export function parseConditions(conditions: readonly WireCondition[]): Condition[] {
  return conditions.map(parseCondition);
}

function parseCondition(c: WireCondition): Condition {
  const field = c.Field ?? '';
  if (!isField(field)) throw new ValidationError(`Condition field '${field}' must be one of '[${FIELDS.join(',')}]'`);
  const config = CONFIG_OF[field];
  const hasConfig = c[config] !== undefined;
  if (hasConfig && c.Values && c.Values.length > 0) {
    throw new ValidationError(`You cannot specify both 'Values' and '${config}' for a condition of field '${field}'`);
  }
  if (c.Values && c.Values.length > 0 && field !== 'path-pattern' && field !== 'host-header') {
    throw new ValidationError(`Condition field '${field}' takes its values in '${config}', not 'Values'`);
  }
  const out = conditionOf(field, c);
  if (out.values.length === 0) throw new ValidationError('A condition value must be specified');
  for (const v of out.values) checkValue(field, v);
  return out;
}

function conditionOf(field: Condition['field'], c: WireCondition): Condition {
  switch (field) {
    case 'path-pattern':
      return { field, values: c.PathPatternConfig?.Values ?? c.Values ?? [] };
    case 'host-header':
      return { field, values: c.HostHeaderConfig?.Values ?? c.Values ?? [] };
    case 'http-header': {
      const name = c.HttpHeaderConfig?.HttpHeaderName ?? '';
      if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$/.test(name)) throw new ValidationError(`The HTTP header name '${name}' is not valid`);
      return { field, httpHeaderName: name, values: c.HttpHeaderConfig?.Values ?? [] };
    }
    case 'http-request-method':
      return { field, values: c.HttpRequestMethodConfig?.Values ?? [] };
    case 'query-string': {
      const pairs = (c.QueryStringConfig?.Values ?? []).map((p) => ({ ...(p.Key !== undefined ? { key: p.Key } : {}), value: p.Value ?? '' }));
      return { field, values: pairs.map((p) => p.value), queryStrings: pairs };
    }
    default:
      return { field, values: c.SourceIpConfig?.Values ?? [] };
  }
}

function checkValue(field: Condition['field'], v: string): void {
  if (v.length > MAX_VALUE_LENGTH) throw new ValidationError(`Condition value '${v}' cannot be longer than ${MAX_VALUE_LENGTH} characters`);
  if (field === 'http-request-method' && !/^[A-Za-z_-]+$/.test(v)) {
    throw new ValidationError(`The HTTP request method '${v}' is not valid: use only A-Z, hyphen (-) and underscore (_)`);
  }
  if (field === 'source-ip' && !isCidr(v)) throw new ValidationError(`The source IP '${v}' is not a valid IPv4 CIDR block`);
  if (field === 'query-string' && v.length === 0) throw new ValidationError('A query string condition value must be specified');
}

function isCidr(v: string): boolean {
  const [ip, bits, ...rest] = v.split('/');
  return rest.length === 0 && isIPv4(ip ?? '') && bits !== undefined && /^\d+$/.test(bits) && Number(bits) <= 32;
}

export function conditionToWire(c: Condition) {
  const values = { Values: c.values };
  return {
    Field: c.field,
    Values: c.field === 'path-pattern' || c.field === 'host-header' ? c.values : undefined,
    PathPatternConfig: c.field === 'path-pattern' ? values : undefined,
    HostHeaderConfig: c.field === 'host-header' ? values : undefined,
    HttpHeaderConfig: c.field === 'http-header' ? { HttpHeaderName: c.httpHeaderName, Values: c.values } : undefined,
    HttpRequestMethodConfig: c.field === 'http-request-method' ? values : undefined,
    QueryStringConfig: c.field === 'query-string'
      ? { Values: queryPairs(c).map((p) => ({ Key: p.key, Value: p.value })) }
      : undefined,
    SourceIpConfig: c.field === 'source-ip' ? values : undefined,
  };
}

function queryPairs(c: Condition): { key?: string; value: string }[] {
  return c.queryStrings ?? c.values.map((value) => ({ value }));
}
