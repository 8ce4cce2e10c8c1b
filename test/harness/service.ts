// The service controller's write side, one step at a time: the snapshot it reads (loadSnapshot),
// the plan it makes (planService, ids from the world), and the plan applied in one transaction
// (applyPlan, or any Applier). `reconcile` is one controller run without the controller's loop,
// so a test can also change the Store between the snapshot and the apply.
import type { ServiceRecord } from '../../src/api/ecs/service/model.js';
import { applyPlan, type Applied } from '../../src/control/service/apply.js';
import type { Applier } from '../../src/control/service/index.js';
import { loadSnapshot } from '../../src/control/service/load.js';
import { planService } from '../../src/control/service/plan.js';
import type { Plan, ServiceSnapshot } from '../../src/control/service/types.js';
import type { World } from './world.js';

type ServiceRef = Pick<ServiceRecord, 'clusterName' | 'name'>;

/** One run's three parts: what was read, what was decided, what the apply answered. */
export interface Run {
  snapshot: ServiceSnapshot;
  plan: Plan;
  applied: Applied;
}

/** The service's snapshot now, as the controller loads it (no load balancer data plane). */
export async function snapshotOf(world: World, service: ServiceRef): Promise<ServiceSnapshot> {
  const snap = await loadSnapshot({ reader: world.store, account: world.account, dataPlane: undefined }, service.clusterName, service.name, world.now());
  if (!snap) throw new Error(`no service ${service.clusterName}/${service.name} in the Store`);
  return snap;
}

export function planOf(world: World, snapshot: ServiceSnapshot): Plan {
  return planService(snapshot, { newId: () => world.ids.uuid() });
}

/** Applies `plan` in one transaction, as the controller does. */
export function applyTo(world: World, run: { snapshot: ServiceSnapshot; plan: Plan; apply?: Applier }): Promise<Applied> {
  const apply = run.apply ?? applyPlan;
  return world.store.transaction((tx) => apply(tx, world.deps, run.snapshot, run.plan));
}

/** Snapshot, plan and apply: one controller run for the service. */
export async function reconcile(world: World, service: ServiceRef, apply?: Applier): Promise<Run> {
  const snapshot = await snapshotOf(world, service);
  const plan = planOf(world, snapshot);
  return { snapshot, plan, applied: await applyTo(world, { snapshot, plan, apply }) };
}
