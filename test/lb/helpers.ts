// Load balancer test fixtures: ELBv2 records written straight into a test server's Store (as the
// ELBv2 API would write them, topics published after commit), real node:http backends on
// 127.0.0.1, plain HTTP requests, and bounded polling.
import { randomBytes } from 'node:crypto';
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import {
  LB_CONFIG_TOPIC, LISTENERS, LOAD_BALANCERS, RULES, TARGETS, TARGETS_TOPIC, TARGET_GROUPS, targetKey,
  type Action, type Condition, type HealthCheck, type ListenerRecord, type LoadBalancerRecord, type RuleRecord,
  type TargetGroupRecord, type TargetRecord,
} from '../../src/api/elbv2/model.js';
import type { RunningServer } from '../../src/server/start.js';

/** What the fixtures need of a server (a TestServer, or a bench's own). */
type TestServer = Pick<RunningServer, 'services' | 'loadBalancers'>;

const ARN = 'arn:aws:elasticloadbalancing:us-east-1:000000000000';
const hex = (): string => randomBytes(8).toString('hex');

/** Fast checks so that tests need not wait: every 200 ms, two passes or failures decide. */
export const FAST_CHECK: HealthCheck = {
  enabled: true, protocol: 'HTTP', port: 'traffic-port', path: '/health', intervalSeconds: 0.2, timeoutSeconds: 0.5,
  healthyThresholdCount: 2, unhealthyThresholdCount: 2, matcher: { httpCode: '200' },
};

export async function createLoadBalancer(s: TestServer, opts: { type?: 'application' | 'network'; attributes?: Record<string, string> } = {}): Promise<LoadBalancerRecord> {
  const id = hex();
  const name = `lb-${id.slice(0, 8)}`;
  const type = opts.type ?? 'application';
  const lb: LoadBalancerRecord = {
    arn: `${ARN}:loadbalancer/${type === 'application' ? 'app' : 'net'}/${name}/${id}`, id, name, type, scheme: 'internal',
    ipAddressType: 'ipv4', dnsName: `${name}.wharf.local`, state: 'active', vpcId: 'vpc-wharf', subnets: [], securityGroups: [],
    attributes: opts.attributes ?? {}, createdAt: Date.now(),
  };
  await s.services.store.transaction((tx) => tx.put(LOAD_BALANCERS, name, lb));
  return lb;
}

export async function createTargetGroup(
  s: TestServer,
  opts: { protocol?: 'HTTP' | 'TCP'; targetType?: 'ip' | 'instance'; healthCheck?: Partial<HealthCheck>; attributes?: Record<string, string> } = {},
): Promise<TargetGroupRecord> {
  const id = hex();
  const name = `tg-${id.slice(0, 8)}`;
  const protocol = opts.protocol ?? 'HTTP';
  const tg: TargetGroupRecord = {
    arn: `${ARN}:targetgroup/${name}/${id}`, id, name, protocol, port: 80, targetType: opts.targetType ?? 'ip', vpcId: 'vpc-wharf',
    healthCheck: { ...FAST_CHECK, ...(protocol === 'TCP' ? { protocol: 'TCP', path: undefined, matcher: undefined } : {}), ...opts.healthCheck },
    attributes: opts.attributes ?? {}, createdAt: Date.now(),
  };
  await s.services.store.transaction((tx) => tx.put(TARGET_GROUPS, name, tg));
  await publish(s, TARGETS_TOPIC, tg.arn);
  return tg;
}

export async function createListener(
  s: TestServer, lb: LoadBalancerRecord, port: number, defaultActions: Action[], protocol: 'HTTP' | 'TCP' = 'HTTP',
): Promise<ListenerRecord> {
  const id = hex();
  const l: ListenerRecord = {
    arn: `${ARN}:listener/${lb.type === 'application' ? 'app' : 'net'}/${lb.name}/${lb.id}/${id}`, id, loadBalancerArn: lb.arn,
    port, protocol, defaultActions, createdAt: Date.now(),
  };
  await s.services.store.transaction((tx) => tx.put(LISTENERS, `${lb.id}/${id}`, l));
  await publish(s, LB_CONFIG_TOPIC, lb.arn);
  return l;
}

export async function createRule(
  s: TestServer, lb: LoadBalancerRecord, listener: ListenerRecord, priority: number, conditions: Condition[], actions: Action[],
): Promise<RuleRecord> {
  const id = hex();
  const rule: RuleRecord = { arn: `${listener.arn.replace(':listener/', ':listener-rule/')}/${id}`, id, listenerArn: listener.arn, priority, conditions, actions };
  await s.services.store.transaction((tx) => tx.put(RULES, `${listener.id}/${id}`, rule));
  await publish(s, LB_CONFIG_TOPIC, lb.arn);
  return rule;
}

export const forwardTo = (tg: TargetGroupRecord): Action[] => [{ type: 'forward', targetGroupArn: tg.arn }];

export async function deleteListener(s: TestServer, lb: LoadBalancerRecord, listener: ListenerRecord): Promise<void> {
  await s.services.store.transaction((tx) => tx.delete(LISTENERS, `${lb.id}/${listener.id}`));
  await publish(s, LB_CONFIG_TOPIC, lb.arn);
}

export async function registerTargets(s: TestServer, tg: TargetGroupRecord, ports: number[], id = '127.0.0.1'): Promise<void> {
  await s.services.store.transaction(async (tx) => {
    for (const port of ports) {
      const t: TargetRecord = { targetGroupArn: tg.arn, id, port, registeredAt: Date.now(), state: 'registered' };
      await tx.put(TARGETS, targetKey(tg.id, id, port), t);
    }
  });
  await publish(s, TARGETS_TOPIC, tg.arn);
}

/** DeregisterTargets: the record turns draining. */
export async function deregisterTarget(s: TestServer, tg: TargetGroupRecord, port: number, id = '127.0.0.1'): Promise<void> {
  await s.services.store.transaction(async (tx) => {
    const key = targetKey(tg.id, id, port);
    const t = await tx.get<TargetRecord>(TARGETS, key);
    if (t) await tx.put(TARGETS, key, { ...t, state: 'draining', drainingSince: Date.now() });
  });
  await publish(s, TARGETS_TOPIC, tg.arn);
}

export function targetRecord(s: TestServer, tg: TargetGroupRecord, port: number, id = '127.0.0.1'): Promise<TargetRecord | undefined> {
  return s.services.store.get<TargetRecord>(TARGETS, targetKey(tg.id, id, port));
}

async function publish(s: TestServer, topic: string, key: string): Promise<void> {
  s.services.changes?.publish(topic, key);
  await s.loadBalancers.settled();
}

export interface Backend {
  name: string;
  port: number;
  /** Requests received on paths other than /health. */
  hits: number;
  lastHeaders: IncomingHttpHeaders | undefined;
  /** Status /health answers (200 by default). */
  healthStatus: number;
  close(): Promise<void>;
}

/** A backend answering its name; `handle` may take over a request (return true when it did). */
export async function startBackend(name: string, handle?: (req: IncomingMessage, res: ServerResponse) => boolean): Promise<Backend> {
  const b: Backend = { name, port: 0, hits: 0, lastHeaders: undefined, healthStatus: 200, close: async () => undefined };
  const server = createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(b.healthStatus).end();
      return;
    }
    b.hits++;
    b.lastHeaders = req.headers;
    if (handle?.(req, res)) return;
    res.setHeader('content-type', 'text/plain');
    res.end(name);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  b.port = (server.address() as AddressInfo).port;
  b.close = () => new Promise((r) => {
    server.close(() => r());
    server.closeAllConnections();
  });
  return b;
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request through node:http (a fresh connection each: no client-side pooling effects). */
export function get(port: number, path = '/', headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Polls `fn` every 50 ms until it returns a truthy value; fails after `timeoutMs`. */
export async function waitFor<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** How many of `n` requests each backend answered (by body). */
export async function tally(port: number, n: number, path = '/', headers: Record<string, string> = {}): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const r = await get(port, path, headers);
    const key = r.status === 200 ? r.body : String(r.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
