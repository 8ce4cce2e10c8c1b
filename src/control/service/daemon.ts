// The DAEMON scheduler's step: one task of the primary deployment on every ACTIVE container
// instance that meets the memberOf constraints; an instance's old task is stopped (after draining) before its new one starts, and
// tasks on instances that are draining or gone are stopped. Pure.
import { placementView } from '../../api/ecs/containerInstance/model.js';
import type { ContainerInstanceRecord } from '../../api/ecs/containerInstance/model.js';
import { matchesQuery, parseQuery, type QueryNode } from '../../placement/index.js';
import type { Draft } from './draft.js';
import { retire } from './bookkeeping.js';
import type { Observed } from './observe.js';
import type { Plan, ServiceSnapshot } from './types.js';

/** The memberOf expressions of the service and its task definition (validated when they were given). */
function memberOf(snap: ServiceSnapshot, d: Draft): QueryNode[] {
  const td = snap.definitions.get(d.primary.taskDefinitionArn);
  const all = [...d.s.placementConstraints, ...(td?.placementConstraints ?? [])];
  return all.filter((c) => c.type === 'memberOf' && c.expression).map((c) => parseQuery(c.expression ?? ''));
}

function eligibleInstances(snap: ServiceSnapshot, d: Draft): ContainerInstanceRecord[] {
  if (d.s.status !== 'ACTIVE') return [];
  const queries = memberOf(snap, d);
  // Every ACTIVE instance that meets the constraints, but a lost host (its agent gone past the grace period).
  return snap.instances.filter((ci) => ci.status === 'ACTIVE' && ci.lostAt === undefined
    && queries.every((q) => matchesQuery(q, placementView(ci))));
}

export function daemonStep(snap: ServiceSnapshot, d: Draft, seen: Observed[], plan: Plan, mayLaunch: boolean): void {
  const eligible = eligibleInstances(snap, d);
  if (d.s.desiredCount !== eligible.length) {
    d.s.desiredCount = eligible.length;
    d.primary.desiredCount = eligible.length;
  }
  const live = seen.filter((o) => o.phase !== 'stopped');
  const eligibleIds = new Set(eligible.map((ci) => ci.id));
  for (const o of live) {
    if (o.phase !== 'stopping' && !eligibleIds.has(o.task.containerInstanceId)) retire(d, o, plan, 'Task stopped: its container instance is no longer eligible for the daemon');
  }
  for (const ci of eligible) {
    const here = live.filter((o) => o.task.containerInstanceId === ci.id);
    const settled = here.filter((o) => o.phase !== 'stopping' && !o.retiring);
    const current = settled.filter((o) => o.deployment?.id === d.primary.id);
    for (const o of settled.filter((x) => x.deployment?.id !== d.primary.id)) {
      retire(d, o, plan, `Scaling activity initiated by (deployment ${d.primary.id})`);
    }
    for (const o of current.slice(1)) retire(d, o, plan, `Scaling activity initiated by (deployment ${d.primary.id})`);
    const busy = here.some((o) => o.deployment?.id !== d.primary.id && o.phase !== 'stopped');
    if (current.length === 0 && !busy && mayLaunch) plan.launches.push({ deploymentId: d.primary.id, count: 1, instanceId: ci.id });
  }
}
