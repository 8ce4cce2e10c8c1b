// The data plane's state and its reconciliation: given a snapshot of the records, bring target
// groups, health check loops and listening servers in line; answer health() and checkPort();
// remove drained targets.
import type { Logger } from 'pino';
import {
  TARGETS_TOPIC, TARGET_HEALTH_TOPIC, type ListenerRecord, type LoadBalancerDataPlane, type TargetHealth,
} from '../api/elbv2/model.js';
import type { Services } from '../protocol/context.js';
import type { Timers } from '../util/timers.js';
import { dueForRemoval, removeDrained } from './drain.js';
import { HealthMonitor } from './health/monitor.js';
import type { probe } from './health/probe.js';
import { UpstreamPool } from './http1/pool.js';
import { createHttpListener, type ProxyContext } from './httpProxy.js';
import { closeServer, idleTimeoutMs, listen, tryBind, type ListenerRuntime } from './listeners.js';
import { compileRoutes } from './routes.js';
import { groupsInUse, targetAddress, type LbSnapshot } from './snapshot.js';
import { newGroup, refreshEligible, syncGroup, type GroupRuntime } from './targets.js';
import { createTcpListener } from './tcpProxy.js';

export interface PlaneOptions {
  services: Services;
  host: string;
  log: Logger;
  timers: Timers;
  random?: () => number;
  probe?: typeof probe;
}

const SERVED = new Set<ListenerRecord['protocol']>(['HTTP', 'TCP']);

export class DataPlane implements LoadBalancerDataPlane {
  private readonly groups = new Map<string, GroupRuntime>();
  private readonly listeners = new Map<string, ListenerRuntime>();
  private readonly warned = new Set<string>();
  private readonly monitor: HealthMonitor;
  private readonly pool = new UpstreamPool();
  private readonly ctx: ProxyContext;
  private sweeping: Promise<void> | undefined;
  private sweepAgain = false;
  private closed = false;

  constructor(private readonly opts: PlaneOptions) {
    this.ctx = { pool: this.pool, random: opts.random ?? Math.random, drained: () => setImmediate(() => void this.sweep()) };
    this.monitor = new HealthMonitor({
      timers: opts.timers,
      probe: opts.probe,
      onChange: (group, target) => {
        opts.log.info({ targetGroup: group.arn, target: target.key, health: target.health.state, reason: target.health.reason }, 'target health changed');
        opts.services.changes?.publish(TARGET_HEALTH_TOPIC, group.arn);
      },
    });
  }

  async apply(snapshot: LbSnapshot): Promise<void> {
    const used = groupsInUse(snapshot);
    for (const [arn, record] of snapshot.targetGroups) {
      let group = this.groups.get(arn);
      if (!group) this.groups.set(arn, (group = newGroup(record)));
      group.inUse = used.has(arn);
      syncGroup(group, record, snapshot.targetsByGroup.get(arn) ?? [], (t) => targetAddress(snapshot, record, t));
    }
    for (const [arn, group] of this.groups) {
      if (snapshot.targetGroups.has(arn)) continue;
      this.groups.delete(arn);
      group.inUse = false;
      group.eligible = [];
    }
    this.monitor.sync(this.groups.values());
    for (const group of this.groups.values()) refreshEligible(group);
    await this.syncListeners(snapshot);
  }

  health(targetGroupArn: string, target: { id: string; port: number }): TargetHealth | undefined {
    const group = this.groups.get(targetGroupArn);
    const t = group?.inUse ? group.targets.get(`${target.id}/${target.port}`) : undefined;
    if (!group || !t) return undefined;
    if (t.draining) return { state: 'draining', reason: 'Target.DeregistrationInProgress', description: 'Target deregistration is in progress' };
    if (!group.record.healthCheck.enabled) {
      return { state: 'unavailable', reason: 'Target.HealthCheckDisabled', description: 'Health checks are disabled' };
    }
    const h = t.health;
    if (h.passes + h.failures === 0 && h.state === 'initial') return undefined;
    return h.reason === undefined ? { state: h.state } : { state: h.state, reason: h.reason, description: h.description ?? '' };
  }

  async checkPort(port: number, _protocol: ListenerRecord['protocol']): Promise<string | undefined> {
    for (const l of this.listeners.values()) {
      if (l.port === port && l.server) return `port ${port} is already used by listener ${l.arn}`;
    }
    return tryBind(this.opts.host, port);
  }

  /** Removes the draining targets that are done; one at a time, again if asked meanwhile. */
  sweep(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.sweeping) {
      this.sweepAgain = true;
      return this.sweeping;
    }
    this.sweeping = (async () => {
      do {
        this.sweepAgain = false;
        const due = dueForRemoval(this.groups.values(), this.opts.services.clock().getTime());
        if (due.length === 0) continue;
        const changed = await removeDrained(this.opts.services.store, due);
        for (const d of due) if (d.expired) for (const socket of d.target.sockets) socket.destroy();
        for (const arn of changed) this.opts.services.changes?.publish(TARGETS_TOPIC, arn);
      } while (this.sweepAgain);
    })().catch((err: unknown) => this.opts.log.error({ err }, 'removing drained targets failed'))
      .finally(() => {
        this.sweeping = undefined;
      });
    return this.sweeping;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.monitor.close();
    await this.sweeping;
    await Promise.all([...this.listeners.values()].map((l) => (l.server ? closeServer(l.server, l.sockets) : undefined)));
    this.listeners.clear();
    this.pool.close();
  }

  private async syncListeners(snapshot: LbSnapshot): Promise<void> {
    const wanted = new Map<string, ListenerRecord>();
    for (const record of snapshot.listeners) {
      if (!snapshot.loadBalancers.has(record.loadBalancerArn)) continue;
      if (SERVED.has(record.protocol)) wanted.set(record.arn, record);
      else this.warnOnce(record.arn, `${record.protocol} listeners are not served by Wharf's data plane`);
    }
    // Close first, so that a port moving from one listener to another is free to bind.
    for (const [arn, l] of this.listeners) {
      const record = wanted.get(arn);
      if (record && record.port === l.port && record.protocol === l.protocol) continue;
      this.listeners.delete(arn);
      if (l.server) await closeServer(l.server, l.sockets);
      this.opts.log.info({ listener: arn, port: l.port }, 'load balancer listener closed');
    }
    for (const record of wanted.values()) {
      const lb = snapshot.loadBalancers.get(record.loadBalancerArn);
      const table = compileRoutes(record, snapshot.rulesByListener.get(record.arn) ?? [], (arn) => this.groups.get(arn));
      let l = this.listeners.get(record.arn);
      if (!l) {
        l = {
          arn: record.arn, loadBalancerArn: record.loadBalancerArn, port: record.port, protocol: record.protocol, table,
          idleTimeoutMs: 60_000, portText: String(record.port), server: undefined, sockets: new Set(), bindError: undefined,
        };
        this.listeners.set(record.arn, l);
      }
      l.table = table;
      l.idleTimeoutMs = idleTimeoutMs(lb?.attributes ?? {});
      if (!l.server) await this.bind(l);
    }
  }

  private async bind(l: ListenerRuntime): Promise<void> {
    const server = l.protocol === 'TCP' ? createTcpListener(l, this.ctx) : createHttpListener(l, this.ctx);
    const error = await listen(server, this.opts.host, l.port, l.sockets);
    if (error) {
      if (l.bindError !== error) this.opts.log.warn({ listener: l.arn, port: l.port, error }, 'load balancer listener cannot listen');
      l.bindError = error;
      return;
    }
    if (this.listeners.get(l.arn) !== l) {
      await closeServer(server, l.sockets);
      return;
    }
    l.server = server;
    l.bindError = undefined;
    this.opts.log.info({ listener: l.arn, port: l.port, protocol: l.protocol }, 'load balancer listener open');
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.opts.log.warn({ listener: key }, message);
  }
}
