// A listener's routing, compiled once per configuration change: its rules in priority order,
// each a predicate over the request's facts, and the action to take, with the target groups
// already resolved. Generic over the target group's runtime type so this stays pure.
import { BlockList, isIPv6 } from 'node:net';
import type { Action, Condition, ListenerRecord, RuleRecord } from '../api/elbv2/model.js';
import { anyWildcard } from './wildcard.js';

/** What rules look at: the Host header without its port, the path before `?`, the query after it. */
export interface RequestFacts {
  method: string;
  host: string;
  path: string;
  query: string;
  sourceIp: string;
  /** A request header's value(s) by lower-case name. */
  header(name: string): string | string[] | undefined;
}

export interface ForwardAction<G> {
  kind: 'forward';
  groups: G[];
  /** Running sums of the groups' weights, for a weighted pick. */
  cumulative: number[];
  total: number;
}

export interface RedirectAction {
  kind: 'redirect';
  status: number;
  protocol: string;
  host: string;
  port: string;
  path: string;
  query: string;
}

export type CompiledAction<G> =
  | ForwardAction<G>
  | { kind: 'fixed-response'; status: number; contentType: string; body: string }
  | RedirectAction
  /** Nothing can answer (e.g. the target group is gone): 503. */
  | { kind: 'unavailable' };

export interface CompiledRule<G> {
  priority: number;
  matches(facts: RequestFacts): boolean;
  action: CompiledAction<G>;
}

export interface RouteTable<G> {
  rules: CompiledRule<G>[];
  defaultAction: CompiledAction<G>;
}

export function compileRoutes<G>(
  listener: Pick<ListenerRecord, 'defaultActions'>, rules: readonly RuleRecord[], group: (arn: string) => G | undefined,
): RouteTable<G> {
  return {
    rules: [...rules].sort((a, b) => a.priority - b.priority).map((r) => ({
      priority: r.priority, matches: compileConditions(r.conditions), action: compileAction(r.actions, group),
    })),
    defaultAction: compileAction(listener.defaultActions, group),
  };
}

export function route<G>(table: RouteTable<G>, facts: RequestFacts): CompiledAction<G> {
  for (const rule of table.rules) if (rule.matches(facts)) return rule.action;
  return table.defaultAction;
}

/** A group of a forward action, by weight; `random` in [0, 1). */
export function pickGroup<G>(action: ForwardAction<G>, random: () => number): G | undefined {
  if (action.groups.length === 1) return action.groups[0];
  const r = random() * action.total;
  for (let i = 0; i < action.groups.length; i++) if (r < (action.cumulative[i] ?? 0)) return action.groups[i];
  return action.groups[action.groups.length - 1];
}

/** The terminal action (lowest order) among those Wharf can perform. */
export function compileAction<G>(actions: readonly Action[], group: (arn: string) => G | undefined): CompiledAction<G> {
  const action = [...actions].sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
    .find((a) => a.type === 'forward' || a.type === 'fixed-response' || a.type === 'redirect');
  if (action?.type === 'fixed-response' && action.fixedResponseConfig) {
    const c = action.fixedResponseConfig;
    return { kind: 'fixed-response', status: Number(c.statusCode), contentType: c.contentType ?? 'text/plain', body: c.messageBody ?? '' };
  }
  if (action?.type === 'redirect' && action.redirectConfig) {
    const c = action.redirectConfig;
    return {
      kind: 'redirect', status: c.statusCode === 'HTTP_302' ? 302 : 301, protocol: c.protocol ?? '#{protocol}',
      host: c.host ?? '#{host}', port: c.port ?? '#{port}', path: c.path ?? '/#{path}', query: c.query ?? '#{query}',
    };
  }
  if (action?.type === 'forward') {
    const weighted = action.forwardConfig?.targetGroups
      ?? (action.targetGroupArn ? [{ targetGroupArn: action.targetGroupArn, weight: 1 }] : []);
    const groups: G[] = [];
    const cumulative: number[] = [];
    let total = 0;
    for (const w of weighted) {
      const g = group(w.targetGroupArn);
      const weight = weighted.length === 1 ? 1 : (w.weight ?? 1);
      if (g === undefined || !(weight > 0)) continue;
      total += weight;
      groups.push(g);
      cumulative.push(total);
    }
    if (groups.length > 0) return { kind: 'forward', groups, cumulative, total };
  }
  return { kind: 'unavailable' };
}

function compileConditions(conditions: readonly Condition[]): (facts: RequestFacts) => boolean {
  const tests = conditions.map(compileCondition);
  if (tests.length === 1 && tests[0]) return tests[0];
  return (facts) => tests.every((t) => t(facts));
}

function compileCondition(c: Condition): (facts: RequestFacts) => boolean {
  switch (c.field) {
    case 'path-pattern': {
      const re = anyWildcard(c.values);
      return (f) => re.test(f.path);
    }
    case 'host-header': {
      const re = anyWildcard(c.values, true);
      return (f) => re.test(f.host);
    }
    case 'http-request-method': {
      const methods = new Set(c.values.map((v) => v.toUpperCase()));
      return (f) => methods.has(f.method);
    }
    case 'source-ip': {
      const list = new BlockList();
      for (const cidr of c.values) {
        const [net, bits] = cidr.split('/');
        if (net) list.addSubnet(net, Number(bits ?? (isIPv6(net) ? 128 : 32)), isIPv6(net) ? 'ipv6' : 'ipv4');
      }
      return (f) => {
        const ip = f.sourceIp.startsWith('::ffff:') ? f.sourceIp.slice(7) : f.sourceIp;
        return list.check(ip, isIPv6(ip) ? 'ipv6' : 'ipv4');
      };
    }
    case 'query-string': {
      // Key/value pairs (a pair without a key matches any key's value), wildcards, any order.
      const given: { key?: string; value: string }[] = c.queryStrings ?? c.values.map((value) => ({ value }));
      const pairs = given.map((p) => ({
        key: p.key === undefined ? undefined : anyWildcard([p.key], true), value: anyWildcard([p.value], true),
      }));
      return (f) => f.query.split('&').some((raw) => {
        const eq = raw.indexOf('=');
        const key = decodeQuery(eq < 0 ? raw : raw.slice(0, eq));
        const value = decodeQuery(eq < 0 ? '' : raw.slice(eq + 1));
        return pairs.some((p) => (p.key === undefined || p.key.test(key)) && p.value.test(value));
      });
    }
    case 'http-header': {
      const name = (c.httpHeaderName ?? '').toLowerCase();
      const re = anyWildcard(c.values, true);
      return (f) => {
        const v = name ? f.header(name) : undefined;
        return typeof v === 'string' ? re.test(v) : Array.isArray(v) && v.some((x) => re.test(x));
      };
    }
    default:
      return () => false;
  }
}

function decodeQuery(pair: string): string {
  try {
    return decodeURIComponent(pair.replace(/\+/g, ' '));
  } catch {
    return pair;
  }
}
