// The service controller: level-triggered and keyed by service (`<cluster>/<name>`). Signals
// (a service changed, one of its tasks changed, its targets or their health changed) only
// enqueue the key; the handler reads a fresh snapshot, plans (plan.ts, pure) and applies the plan
// in one transaction (apply.ts). A plan refused because the service changed under it goes back to
// the queue as 'retry' (its per-key backoff bounds the loop). A periodic resync and per-service
// wake-up times (launch backoff, bake times, drain deadlines), both on the injected timers, catch
// whatever no signal announces.
import type { Logger } from 'pino';
import { LB_CONFIG_TOPIC, TARGET_HEALTH_TOPIC, TARGETS_TOPIC, type LoadBalancerDataPlane } from '../../api/elbv2/model.js';
import { INSTANCE_TASKS_TOPIC, publishInstanceTasks, SERVICE_TASKS_TOPIC, splitClusterKey } from '../../api/ecs/changes.js';
import { SERVICE_TOPIC, SERVICES, type ServiceRecord } from '../../api/ecs/service/model.js';
import type { Services } from '../../protocol/context.js';
import { randomFrom } from '../../util/random.js';
import { realTimers, type Timer, type Timers } from '../../util/timers.js';
import { KeyedQueue, type KeyResult } from '../keyedQueue.js';
import { applyPlan } from './apply.js';
import { loadSnapshot, serviceTargetGroups } from './load.js';
import { planService } from './plan.js';

/** Carries out a plan in the controller's transaction: `applyPlan`, or a test's recording applier. */
export type Applier = typeof applyPlan;

export interface ServiceControllerOptions {
  services: Services;
  log: Logger;
  dataPlane?: () => LoadBalancerDataPlane | undefined;
  /** How often every service is looked at regardless of signals (ms). */
  resyncMs?: number;
  timers?: Timers;
  /** How a plan is applied (default `applyPlan`). */
  apply?: Applier;
}

export interface ServiceController {
  /** Resolves once nothing is queued or running (tests). */
  drained(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_RESYNC_MS = 2_000;

export function startServiceController(opts: ServiceControllerOptions): ServiceController {
  const { services } = opts;
  const log = opts.log.child({ component: 'service-controller' });
  const timers = opts.timers ?? realTimers;
  const apply: Applier = opts.apply ?? applyPlan;
  /** Target group ARN -> keys of the services that use it (learned from each run). */
  const byTargetGroup = new Map<string, Set<string>>();
  /** Cluster -> keys of its services that are not INACTIVE (learned from each run and resync). */
  const byCluster = new Map<string, Set<string>>();
  const know = (key: string, clusterName: string, active: boolean) => {
    let set = byCluster.get(clusterName);
    if (!set) byCluster.set(clusterName, (set = new Set()));
    if (active) set.add(key);
    else set.delete(key);
  };
  const wakeups = new Map<string, { at: number; timer: Timer }>();
  let closed = false;

  const deps = { account: services.account, ids: services.ids, random: randomFrom(services.ids) };

  const remember = (key: string, service: ServiceRecord) => {
    for (const arn of serviceTargetGroups(service)) {
      let set = byTargetGroup.get(arn);
      if (!set) byTargetGroup.set(arn, (set = new Set()));
      set.add(key);
    }
  };

  const wake = (key: string, at: number) => {
    const existing = wakeups.get(key);
    if (closed || (existing && existing.at <= at)) return;
    existing?.timer.cancel();
    const timer = timers.after(Math.max(0, at - services.clock().getTime()), () => {
      wakeups.delete(key);
      queue.enqueue(key);
    });
    wakeups.set(key, { at, timer });
  };

  const handle = async (key: string): Promise<KeyResult> => {
    const { clusterName, rest: name } = splitClusterKey(key);
    const now = services.clock().getTime();
    const snap = await loadSnapshot({ reader: services.store, account: services.account, dataPlane: opts.dataPlane?.() }, clusterName, name, now);
    know(key, clusterName, snap?.service.status !== undefined && snap.service.status !== 'INACTIVE');
    if (!snap) return;
    remember(key, snap.service);
    const plan = planService(snap, { newId: () => services.ids.uuid() });
    const applied = await services.store.transaction((tx) => apply(tx, deps, snap, plan));
    // The service changed under the plan: plan again from a fresh snapshot, after the queue's
    // backoff (bounded: a key that keeps losing is given up until its next signal or resync).
    if (!applied.committed) return 'retry';
    publishInstanceTasks(services, applied.tasks.map((t) => ({ clusterName: t.clusterName, containerInstanceId: t.containerInstanceId })));
    for (const arn of applied.targetGroups) services.changes?.publish(TARGETS_TOPIC, arn);
    for (const arn of applied.loadBalancers) services.changes?.publish(LB_CONFIG_TOPIC, arn);
    if (plan.wakeAt !== undefined) wake(key, plan.wakeAt);
  };

  const queue = new KeyedQueue({
    handler: handle,
    onError: (key, err) => log.error({ err, key }, 'service reconcile failed'),
    onGiveUp: (key, failures) => log.error({ key, failures }, 'service reconcile keeps failing; waiting for the next signal or resync'),
    timers,
  });

  // An instance changed (drained, joined, left): its cluster's services look again. Read from
  // memory: this fires for every task placed, and most clusters have no service.
  const enqueueCluster = (clusterName: string) => {
    for (const key of byCluster.get(clusterName) ?? []) queue.enqueue(key);
  };

  const enqueueAll = async () => {
    const rows = await services.store.list<ServiceRecord>(SERVICES);
    for (const r of rows) {
      const active = r.value.status !== 'INACTIVE';
      know(r.key, r.value.clusterName, active);
      if (active) queue.enqueue(r.key);
    }
  };

  const onError = (err: unknown) => log.error({ err }, 'service controller signal failed');
  const unsubscribe = [
    services.changes?.subscribe(SERVICE_TOPIC, (key) => queue.enqueue(key)),
    services.changes?.subscribe(SERVICE_TASKS_TOPIC, (key) => queue.enqueue(key)),
    services.changes?.subscribe(INSTANCE_TASKS_TOPIC, (key) => enqueueCluster(splitClusterKey(key).clusterName)),
    services.changes?.subscribe(TARGETS_TOPIC, (arn) => byTargetGroup.get(arn)?.forEach((k) => queue.enqueue(k))),
    services.changes?.subscribe(TARGET_HEALTH_TOPIC, (arn) => byTargetGroup.get(arn)?.forEach((k) => queue.enqueue(k))),
  ];
  const ticker = timers.every(opts.resyncMs ?? DEFAULT_RESYNC_MS, () => void enqueueAll().catch(onError));
  void enqueueAll().catch(onError);

  return {
    drained: () => queue.drained(),
    async close() {
      closed = true;
      ticker.cancel();
      for (const u of unsubscribe) u?.();
      for (const w of wakeups.values()) w.timer.cancel();
      wakeups.clear();
      queue.close();
      await queue.drained();
    },
  };
}
