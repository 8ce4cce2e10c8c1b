// Listener and rule actions: their wire schema, ELB's checks of their shape, the records they
// become and the answer they give back. Pure; actionTargets.ts checks the target groups they name.
import { z } from 'zod';
import { InvalidLoadBalancerAction, TooManyActions, ValidationError } from '../../protocol/errors.js';
import type { Action, LoadBalancerType, WeightedTargetGroup } from './model.js';
import { bool, int, list } from '../../protocol/querySchema.js';

export const actionSchema = z.object({
  Type: z.enum(['forward', 'authenticate-oidc', 'authenticate-cognito', 'redirect', 'fixed-response']),
  TargetGroupArn: z.string().optional(),
  Order: int(1, 50000).optional(),
  RedirectConfig: z.object({
    Protocol: z.string().regex(/^(HTTPS?|#\{protocol\})$/).optional(),
    Port: z.string().optional(),
    Host: z.string().min(1).max(128).optional(),
    Path: z.string().min(1).max(128).optional(),
    Query: z.string().max(128).optional(),
    StatusCode: z.enum(['HTTP_301', 'HTTP_302']),
  }).optional(),
  FixedResponseConfig: z.object({
    MessageBody: z.string().max(1024).optional(),
    StatusCode: z.string().regex(/^(2|4|5)\d\d$/),
    ContentType: z.string().max(32).optional(),
  }).optional(),
  ForwardConfig: z.object({
    TargetGroups: list(z.object({ TargetGroupArn: z.string().optional(), Weight: int(0, 999).optional() })).optional(),
    TargetGroupStickinessConfig: z.object({ Enabled: bool().optional(), DurationSeconds: int(1, 604800).optional() }).optional(),
  }).optional(),
});

export type WireAction = z.output<typeof actionSchema>;
export const actionList = list(actionSchema);

const MAX_ACTIONS = 5;
const MAX_FORWARD_GROUPS = 5;
const CONTENT_TYPES = ['text/plain', 'text/css', 'text/html', 'application/javascript', 'application/json'];
const TERMINAL = new Set(['forward', 'redirect', 'fixed-response']);

/** Checks actions as ELB does for a load balancer of `lbType` and returns their records. */
export function parseActions(actions: readonly WireAction[], lbType: LoadBalancerType): Action[] {
  if (actions.length === 0) throw new ValidationError('At least one action must be specified');
  if (actions.length > MAX_ACTIONS) throw new TooManyActions(`A rule or listener can have at most ${MAX_ACTIONS} actions`);
  if (actions.length > 1) checkOrders(actions);
  const terminal = actions.filter((a) => TERMINAL.has(a.Type));
  if (terminal.length !== 1) {
    throw new InvalidLoadBalancerAction('Exactly one action of type forward, redirect or fixed-response must be specified');
  }
  return actions.map((a) => parseAction(a, lbType));
}

function checkOrders(actions: readonly WireAction[]): void {
  const seen = new Set<number>();
  for (const a of actions) {
    if (a.Order === undefined) throw new ValidationError('An action order must be specified for each action when there are several');
    if (seen.has(a.Order)) throw new ValidationError(`Action order '${a.Order}' was specified more than once`);
    seen.add(a.Order);
  }
}

function parseAction(a: WireAction, lbType: LoadBalancerType): Action {
  const order = a.Order === undefined ? {} : { order: a.Order };
  if (a.Type === 'authenticate-oidc' || a.Type === 'authenticate-cognito') {
    throw new InvalidLoadBalancerAction(`Action type '${a.Type}' is not supported by Wharf`);
  }
  if (a.Type !== 'forward' && lbType === 'network') {
    throw new InvalidLoadBalancerAction(`Action type '${a.Type}' is not supported by Network Load Balancers; use 'forward'`);
  }
  if (a.Type === 'fixed-response') {
    const c = a.FixedResponseConfig;
    if (!c) throw new ValidationError('A fixed-response config must be specified for an action of type fixed-response');
    if (c.ContentType && !CONTENT_TYPES.includes(c.ContentType)) {
      throw new InvalidLoadBalancerAction(`The ContentType must be one of: ${CONTENT_TYPES.map((t) => `'${t}'`).join(', ')}`);
    }
    return {
      type: 'fixed-response', ...order,
      fixedResponseConfig: { statusCode: c.StatusCode, ...(c.ContentType ? { contentType: c.ContentType } : {}), ...(c.MessageBody !== undefined ? { messageBody: c.MessageBody } : {}) },
    };
  }
  if (a.Type === 'redirect') {
    const c = a.RedirectConfig;
    if (!c) throw new ValidationError('A redirect config must be specified for an action of type redirect');
    const cfg = { protocol: c.Protocol ?? '#{protocol}', port: c.Port ?? '#{port}', host: c.Host ?? '#{host}', path: c.Path ?? '/#{path}', query: c.Query ?? '#{query}' };
    if (cfg.protocol === '#{protocol}' && cfg.port === '#{port}' && cfg.host === '#{host}' && cfg.path === '/#{path}' && cfg.query === '#{query}') {
      throw new InvalidLoadBalancerAction('The redirect must change at least one of protocol, port, host, path or query, or it would loop');
    }
    if (cfg.path !== '/#{path}' && !cfg.path.startsWith('/')) throw new ValidationError(`Redirect path '${cfg.path}' must begin with a '/' character`);
    return { type: 'redirect', ...order, redirectConfig: { ...cfg, statusCode: c.StatusCode } };
  }
  return { type: 'forward', ...order, ...forwardTargets(a, lbType) };
}

function forwardTargets(a: WireAction, lbType: LoadBalancerType): Pick<Action, 'targetGroupArn' | 'forwardConfig'> {
  const listed = a.ForwardConfig?.TargetGroups ?? [];
  const groups: WeightedTargetGroup[] = listed.map((t) => {
    if (!t.TargetGroupArn) throw new ValidationError('A target group ARN must be specified for each target group of a forward config');
    return { targetGroupArn: t.TargetGroupArn, weight: t.Weight ?? 1 };
  });
  if (groups.length === 0 && !a.TargetGroupArn) throw new ValidationError('A target group ARN must be specified for an action of type forward');
  if (a.TargetGroupArn && groups.length > 0 && (groups.length > 1 || groups[0]?.targetGroupArn !== a.TargetGroupArn)) {
    throw new ValidationError('You cannot specify a target group ARN and a forward config with other target groups in the same action');
  }
  const final = groups.length > 0 ? groups : [{ targetGroupArn: a.TargetGroupArn ?? '', weight: 1 }];
  if (new Set(final.map((g) => g.targetGroupArn)).size !== final.length) throw new ValidationError('A target group can be specified only once in a forward action');
  if (final.length > MAX_FORWARD_GROUPS) throw new ValidationError(`A forward action can have at most ${MAX_FORWARD_GROUPS} target groups`);
  if (final.length > 1 && lbType === 'network') throw new InvalidLoadBalancerAction('Network Load Balancers can forward to only one target group per action');
  const s = a.ForwardConfig?.TargetGroupStickinessConfig;
  const stickiness = s?.Enabled ? { stickiness: { enabled: true, ...(s.DurationSeconds ? { durationSeconds: s.DurationSeconds } : {}) } } : {};
  return forwardOf(final, stickiness);
}

/** A forward action's targets as records hold them: the weights, and the ARN when there is one group. */
export function forwardOf(groups: WeightedTargetGroup[], extra: { stickiness?: { enabled: boolean; durationSeconds?: number } } = {}): Pick<Action, 'targetGroupArn' | 'forwardConfig'> {
  const single = groups.length === 1 ? groups[0]?.targetGroupArn : undefined;
  return { ...(single ? { targetGroupArn: single } : {}), forwardConfig: { targetGroups: groups, ...extra } };
}

/** An action as ELB answers it: forward actions always show their ForwardConfig. */
export function actionToWire(a: Action) {
  const groups = a.forwardConfig?.targetGroups ?? (a.targetGroupArn ? [{ targetGroupArn: a.targetGroupArn, weight: 1 }] : []);
  const single = groups.length === 1 ? groups[0]?.targetGroupArn : undefined;
  const s = a.forwardConfig?.stickiness;
  return {
    Type: a.type,
    Order: a.order,
    ...(a.type === 'forward' ? {
      TargetGroupArn: a.targetGroupArn ?? single,
      ForwardConfig: {
        TargetGroups: groups.map((g) => ({ TargetGroupArn: g.targetGroupArn, Weight: g.weight })),
        TargetGroupStickinessConfig: { Enabled: s?.enabled ?? false, DurationSeconds: s?.durationSeconds },
      },
    } : {}),
    RedirectConfig: a.redirectConfig && {
      Protocol: a.redirectConfig.protocol, Port: a.redirectConfig.port, Host: a.redirectConfig.host,
      Path: a.redirectConfig.path, Query: a.redirectConfig.query, StatusCode: a.redirectConfig.statusCode,
    },
    FixedResponseConfig: a.fixedResponseConfig && {
      MessageBody: a.fixedResponseConfig.messageBody, StatusCode: a.fixedResponseConfig.statusCode, ContentType: a.fixedResponseConfig.contentType,
    },
  };
}
