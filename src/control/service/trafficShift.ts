// Blue/green, linear and canary deployments (ECS's native BLUE_GREEN / LINEAR / CANARY
// strategies, and the CODE_DEPLOY controller's behaviour): the new task set starts beside the old
// one in the alternate target group, production traffic shifts to it at once or in steps by
// rewriting the production listener rule's forward weights, the old set stays until the bake
// time ends, then is drained and stopped. A rollback shifts all traffic back. Pure.
import type { DeploymentRecord, ServiceRecord } from '../../api/ecs/service/model.js';
import type { Draft } from './draft.js';
import { retire } from './bookkeeping.js';
import { deploymentTargetGroups, type Observed } from './observe.js';
import { rollingStep } from './rolling.js';
import type { Plan } from './types.js';

const MINUTE = 60_000;

export function shiftsTraffic(s: Pick<ServiceRecord, 'deploymentConfiguration' | 'deploymentController'>): boolean {
  return s.deploymentConfiguration.strategy !== 'ROLLING' || s.deploymentController.type === 'CODE_DEPLOY';
}

/** The production traffic percentages a deployment moves through, and the wait after each but the last. */
export function trafficSteps(s: ServiceRecord): { percents: number[]; stepWaitMs: number } {
  const cfg = s.deploymentConfiguration;
  if (cfg.strategy === 'CANARY' && cfg.canaryConfiguration) {
    return { percents: [cfg.canaryConfiguration.canaryPercent, 100], stepWaitMs: cfg.canaryConfiguration.canaryBakeTimeInMinutes * MINUTE };
  }
  if (cfg.strategy === 'LINEAR' && cfg.linearConfiguration) {
    const step = Math.max(1, cfg.linearConfiguration.stepPercent);
    const percents: number[] = [];
    for (let p = step; p < 100; p += step) percents.push(p);
    percents.push(100);
    return { percents, stepWaitMs: cfg.linearConfiguration.stepBakeTimeInMinutes * MINUTE };
  }
  return { percents: [100], stepWaitMs: 0 };
}

/** The other target group of a load balancer entry: the alternate one, or the primary one. */
function otherGroup(s: ServiceRecord, i: number, current: string | undefined): string | undefined {
  const lb = s.loadBalancers[i];
  const alt = lb?.advancedConfiguration?.alternateTargetGroupArn;
  if (!lb || !alt) return current;
  return current === lb.targetGroupArn ? alt : lb.targetGroupArn;
}

function shift(d: Draft, plan: Plan, to: DeploymentRecord, from: DeploymentRecord, percent: number): void {
  const toGroups = deploymentTargetGroups(d.s, to);
  const fromGroups = deploymentTargetGroups(d.s, from);
  d.s.loadBalancers.forEach((lb, i) => {
    const rule = lb.advancedConfiguration?.productionListenerRule;
    const green = toGroups[i];
    const blue = fromGroups[i];
    if (!rule || !green || !blue || green === blue) return;
    plan.shifts.push({ rule, weights: [{ targetGroupArn: blue, weight: 100 - percent }, { targetGroupArn: green, weight: percent }] });
  });
  to.trafficPercent = percent;
}

function enter(d: Draft, p: DeploymentRecord, stage: DeploymentRecord['stage']): void {
  p.stage = stage;
  p.stageStartedAt = d.now;
  p.updatedAt = d.now;
}

function wakeAt(plan: Plan, at: number): void {
  plan.wakeAt = Math.min(plan.wakeAt ?? Infinity, at);
}

export function trafficShiftStep(d: Draft, seen: Observed[], plan: Plan, mayLaunch: boolean): void {
  const p = d.primary;
  const live = seen.filter((o) => o.phase !== 'stopped');
  const old = d.s.deployments.slice(1).find((dep) => live.some((o) => o.task.startedBy === dep.id));
  if (!p.targetGroupArns) {
    p.targetGroupArns = d.s.loadBalancers.map((lb, i) => (old ? otherGroup(d.s, i, deploymentTargetGroups(d.s, old)[i]) : lb.targetGroupArn) ?? '');
  }
  const desired = d.s.status === 'ACTIVE' ? d.s.desiredCount : 0;
  if (!old || p.rolloutState !== 'IN_PROGRESS') {
    rollingStep(d, seen, plan, { desired, mayLaunch });
    return;
  }
  if (p.rollback && !p.stage) {
    // Rolled back: all traffic returns to this (the old) task set at once; the failed set goes.
    shift(d, plan, p, old, 100);
    enter(d, p, 'CLEAN_UP');
  }
  const { percents, stepWaitMs } = trafficSteps(d.s);
  switch (p.stage) {
    case undefined:
      enter(d, p, 'SCALE_UP');
      // The new target group joins the production rule at weight 0, so its health is checked.
      shift(d, plan, p, old, 0);
      rollingStep(d, seen, plan, { desired, mayLaunch, unbounded: true, keepOthers: true });
      return;
    case 'SCALE_UP': {
      rollingStep(d, seen, plan, { desired, mayLaunch, unbounded: true, keepOthers: true });
      const ready = seen.filter((o) => o.deployment?.id === p.id && o.phase === 'ready' && !o.retiring && !o.displaced).length;
      if (ready >= desired) {
        enter(d, p, 'PRODUCTION_TRAFFIC_SHIFT');
        shift(d, plan, p, old, percents[0] ?? 100);
        d.event(`(service ${d.s.name}) (deployment ${p.id}) shifted ${p.trafficPercent ?? 0} percent of production traffic.`);
      }
      return;
    }
    case 'PRODUCTION_TRAFFIC_SHIFT': {
      rollingStep(d, seen, plan, { desired, mayLaunch, unbounded: true, keepOthers: true });
      const current = p.trafficPercent ?? 0;
      if (current >= 100) {
        enter(d, p, 'BAKE_TIME');
        wakeAt(plan, d.now + (d.s.deploymentConfiguration.bakeTimeInMinutes ?? 0) * MINUTE);
        return;
      }
      const due = (p.stageStartedAt ?? d.now) + stepWaitMs;
      if (d.now < due) return wakeAt(plan, due);
      const next = percents.find((x) => x > current) ?? 100;
      shift(d, plan, p, old, next);
      enter(d, p, 'PRODUCTION_TRAFFIC_SHIFT');
      d.event(`(service ${d.s.name}) (deployment ${p.id}) shifted ${next} percent of production traffic.`);
      wakeAt(plan, d.now);
      return;
    }
    case 'BAKE_TIME': {
      rollingStep(d, seen, plan, { desired, mayLaunch, unbounded: true, keepOthers: true });
      const due = (p.stageStartedAt ?? d.now) + (d.s.deploymentConfiguration.bakeTimeInMinutes ?? 0) * MINUTE;
      if (d.now < due) return wakeAt(plan, due);
      enter(d, p, 'CLEAN_UP');
      wakeAt(plan, d.now);
      return;
    }
    case 'CLEAN_UP':
      rollingStep(d, seen, plan, { desired, mayLaunch, unbounded: true, keepOthers: true });
      for (const o of live) {
        if (o.deployment?.id !== p.id && o.phase !== 'stopping') retire(d, o, plan, `Scaling activity initiated by (deployment ${p.id})`);
      }
      return;
  }
}
