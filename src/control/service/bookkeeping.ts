// The steps every service plan takes before deciding launches: account for tasks that stopped,
// stop tasks that failed their health checks, register running tasks as targets, and stop
// retiring tasks once their targets have drained. Pure: they change the Draft and the Plan.
import type { Observed } from './observe.js';
import type { Draft } from './draft.js';
import { targetViewKey, type Plan, type ServiceSnapshot } from './types.js';

/** Stop codes that do not count against a deployment: the user stopped it, or its host was lost. */
const NOT_A_FAILURE = new Set(['UserInitiated', 'ServiceSchedulerInitiated', 'TerminationNotice', 'SpotInterruption', 'InfrastructureHealth']);

/** Seconds ELB waits for a draining target; the controller stops the task a little after at the latest. */
const DRAIN_MARGIN_MS = 5_000;

export function settleStopped(d: Draft, seen: readonly Observed[], plan: Plan): void {
  for (const o of seen) {
    if (o.phase !== 'stopped') continue;
    const id = o.task.taskId;
    const regs = d.s.registered[id];
    if (regs) {
      plan.deregister.push(...regs);
      d.setRegistered(id, undefined);
    }
    delete d.s.retiring[id];
    if (id in d.tracked) {
      const deploymentId = d.tracked[id];
      delete d.tracked[id];
      if (!NOT_A_FAILURE.has(o.task.stopCode ?? '')) d.failure(deploymentId);
    }
  }
}

/** Tasks the controller does not know yet (launched by an earlier run, or before a restart). */
export function trackLive(d: Draft, seen: readonly Observed[]): void {
  for (const o of seen) {
    if (o.phase === 'stopped' || o.phase === 'stopping' || o.task.taskId in d.tracked) continue;
    d.tracked[o.task.taskId] = o.task.startedBy ?? '';
  }
}

/** Stops a task now: its targets are deregistered in the same plan, and the stop is not a failure. */
export function stopNow(d: Draft, o: Observed, plan: Plan, reason: string): void {
  const id = o.task.taskId;
  const regs = d.s.registered[id];
  if (regs) plan.deregister.push(...regs);
  d.setRegistered(id, undefined);
  delete d.s.retiring[id];
  delete d.tracked[id];
  plan.stops.push({ taskId: id, reason });
  o.phase = 'stopping';
}

export function stopUnhealthy(d: Draft, seen: readonly Observed[], plan: Plan): void {
  for (const o of seen) {
    if (o.phase !== 'unhealthy') continue;
    d.event(o.problem ?? `(service ${d.s.name}) (task ${o.task.taskId}) is unhealthy.`);
    // A task on a host whose agent is gone fails its checks because the host is down: replaced
    // at once, but not held against the deployment (nor does it throttle launches).
    if (!o.hostDown) d.failure(o.task.startedBy);
    stopNow(d, o, plan, o.problem?.includes('ELB') ? 'Task failed ELB health checks' : 'Task failed container health checks');
  }
}

/** Running tasks whose containers are ready join their target groups (once). */
export function registerTargets(d: Draft, seen: readonly Observed[], plan: Plan): void {
  for (const o of seen) {
    if (o.retiring || !o.containerReady || (o.phase !== 'unready' && o.phase !== 'ready') || o.targets.length === 0) continue;
    const have = new Set((d.s.registered[o.task.taskId] ?? []).map(targetViewKey));
    const missing = o.targets.filter((t) => !have.has(targetViewKey(t)));
    if (missing.length === 0) continue;
    plan.register.push(...missing);
    d.setRegistered(o.task.taskId, [...(d.s.registered[o.task.taskId] ?? []), ...missing]);
    for (const t of missing) d.registered(t.targetGroupArn);
  }
}

/** Starts retiring a task: deregistered now (draining), stopped by `finishRetiring` once drained. */
export function retire(d: Draft, o: Observed, plan: Plan, reason: string): void {
  if (o.retiring) return;
  const regs = d.s.registered[o.task.taskId] ?? [];
  if (regs.length === 0) {
    stopNow(d, o, plan, reason);
    return;
  }
  plan.deregister.push(...regs);
  d.s.retiring[o.task.taskId] = { since: d.now, reason };
  o.retiring = true;
  d.draining(new Set(regs.map((t) => t.targetGroupArn)));
}

function drainDeadline(snap: ServiceSnapshot, o: Observed, since: number): number {
  let delay = 0;
  for (const r of snap.service.registered[o.task.taskId] ?? []) {
    const seconds = Number(snap.targetGroups.get(r.targetGroupArn)?.attributes['deregistration_delay.timeout_seconds'] ?? 300);
    delay = Math.max(delay, Number.isFinite(seconds) ? seconds * 1000 : 300_000);
  }
  return since + delay + DRAIN_MARGIN_MS;
}

/** Retiring tasks whose targets are gone (drained) or past the delay are stopped. */
export function finishRetiring(snap: ServiceSnapshot, d: Draft, seen: readonly Observed[], plan: Plan): void {
  for (const o of seen) {
    const entry = d.s.retiring[o.task.taskId];
    if (!entry || o.phase === 'stopped' || o.phase === 'stopping') continue;
    const regs = d.s.registered[o.task.taskId] ?? [];
    // The data plane deletes a draining target's record once it has drained.
    const drained = regs.every((r) => !snap.targets.has(targetViewKey(r)));
    const deadline = drainDeadline(snap, o, entry.since);
    if (drained || d.now >= deadline) {
      stopNow(d, o, plan, entry.reason);
      d.stopped(o.task.taskId);
    } else {
      plan.wakeAt = Math.min(plan.wakeAt ?? Infinity, deadline);
    }
  }
}
