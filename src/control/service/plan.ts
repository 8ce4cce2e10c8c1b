// The service controller's decision: `(snapshot, now) -> Plan`. Reads nothing and writes
// nothing; apply.ts carries the plan out in one transaction. Pure.
import { Draft } from './draft.js';
import { finishRetiring, registerTargets, settleStopped, stopUnhealthy, trackLive } from './bookkeeping.js';
import { daemonStep } from './daemon.js';
import { observe } from './observe.js';
import { checkFailure, completeDeployments, resetFailures, throttledUntil, updateCounts } from './rollout.js';
import { rollingStep } from './rolling.js';
import { shiftsTraffic, trafficShiftStep } from './trafficShift.js';
import type { Plan, ServiceSnapshot } from './types.js';

export interface PlanOptions {
  /** Ids for new service events. */
  newId: () => string;
}

export function planService(snap: ServiceSnapshot, opts: PlanOptions): Plan {
  const d = new Draft(snap.service, snap.now, opts.newId);
  const plan: Plan = { service: snap.service, launches: [], stops: [], register: [], deregister: [], shifts: [] };
  if (snap.service.status === 'INACTIVE' || d.s.deployments.length === 0) return plan;
  const seen = observe(snap);
  settleStopped(d, seen, plan);
  trackLive(d, seen);
  stopUnhealthy(d, seen, plan);
  registerTargets(d, seen, plan);
  finishRetiring(snap, d, seen, plan);
  resetFailures(d, seen);
  checkFailure(d);

  const throttle = throttledUntil(d);
  if (throttle !== undefined) plan.wakeAt = Math.min(plan.wakeAt ?? Infinity, throttle);
  const failedForGood = d.primary.rolloutState === 'FAILED';
  const mayLaunch = throttle === undefined && !failedForGood;
  if (d.s.schedulingStrategy === 'DAEMON') daemonStep(snap, d, seen, plan, mayLaunch);
  else if (shiftsTraffic(d.s) && d.s.status === 'ACTIVE') trafficShiftStep(d, seen, plan, mayLaunch);
  else rollingStep(d, seen, plan, { desired: d.s.status === 'ACTIVE' ? d.s.desiredCount : 0, mayLaunch });

  d.flushEvents();
  updateCounts(d, seen);
  if (d.s.status === 'DRAINING') {
    if (seen.every((o) => o.phase === 'stopped') && plan.launches.length === 0) {
      d.s.status = 'INACTIVE';
      d.s.deletedAt = snap.now;
    }
  } else {
    completeDeployments(d, seen);
  }
  plan.service = d.result();
  return plan;
}
