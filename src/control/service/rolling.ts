// The REPLICA scheduler's rolling step: start the primary deployment's tasks up to the desired
// count within maximumPercent, and retire tasks of older deployments (and tasks on draining
// instances, and any excess) while at least minimumHealthyPercent of the desired count stays
// ready. A task counts as ready only once its container and load balancer health checks pass,
// and a retired task is stopped only after its targets have drained. Pure.
import type { Draft } from './draft.js';
import { retire } from './bookkeeping.js';
import type { Observed } from './observe.js';
import type { Plan } from './types.js';

export interface RollingLimits {
  /** Tasks the primary deployment should run. */
  desired: number;
  /** Whether new tasks may start now (not throttled, deployment not failed). */
  mayLaunch: boolean;
  /** Ignore maximumPercent (blue/green scales the new set up beside the old one). */
  unbounded?: boolean;
  /** Retire nothing of other deployments (blue/green keeps them until the bake time ends). */
  keepOthers?: boolean;
}

function isLive(o: Observed): boolean {
  return o.phase !== 'stopped';
}

function isActive(o: Observed): boolean {
  return isLive(o) && o.phase !== 'stopping' && !o.retiring;
}

/** Not-ready tasks first (they hold no traffic), then the newest. */
function retireOrder(a: Observed, b: Observed): number {
  const ra = a.phase === 'ready' ? 1 : 0;
  const rb = b.phase === 'ready' ? 1 : 0;
  return ra - rb || b.task.createdAt - a.task.createdAt;
}

export function rollingStep(d: Draft, seen: Observed[], plan: Plan, limits: RollingLimits): void {
  const cfg = d.s.deploymentConfiguration;
  const primary = d.primary;
  const D = limits.desired;
  const live = seen.filter(isLive);
  const active = live.filter(isActive);
  const mine = (o: Observed) => o.deployment?.id === primary.id && !o.displaced;
  const keep = active.filter(mine).sort(retireOrder).reverse();
  const excess = keep.splice(D);
  const others = limits.keepOthers ? active.filter((o) => !mine(o) && o.displaced) : active.filter((o) => !mine(o));
  const maxTotal = limits.unbounded ? Infinity : Math.floor((D * cfg.maximumPercent) / 100);
  const minReady = Math.ceil((D * cfg.minimumHealthyPercent) / 100);

  const need = D - keep.length;
  if (need > 0 && limits.mayLaunch) {
    const room = limits.unbounded ? need : maxTotal - live.length;
    // maximumPercent 100 with tasks still to replace: nothing can start until one stops.
    const count = Math.max(0, Math.min(need, room));
    if (count > 0) plan.launches.push({ deploymentId: primary.id, count });
  }

  let allowance = active.filter((o) => o.phase === 'ready').length - minReady;
  for (const o of [...excess, ...others].sort(retireOrder)) {
    const ready = o.phase === 'ready';
    if (ready && allowance <= 0) continue;
    if (ready) allowance--;
    retire(d, o, plan, o.displaced ? 'Task replaced: its container instance is draining' : `Scaling activity initiated by (deployment ${primary.id})`);
  }
}
