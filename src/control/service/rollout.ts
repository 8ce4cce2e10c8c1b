// A deployment's progress: counts, launch throttling, the circuit breaker and rollback, and
// completion with the steady-state event. Pure.
import { circuitBreakerThreshold, type DeploymentRecord } from '../../api/ecs/service/model.js';
import type { Draft } from './draft.js';
import type { Observed } from './observe.js';

/** After this many consecutive failures, launches wait (5 s, doubling, at most 5 minutes). */
const THROTTLE_AFTER = 3;
const THROTTLE_BASE_MS = 5_000;
const THROTTLE_MAX_MS = 300_000;

/** When launches may resume (epoch ms); undefined when they are not throttled. */
export function throttledUntil(d: Draft): number | undefined {
  const { consecutive, lastAt } = d.s.failures;
  if (consecutive < THROTTLE_AFTER || lastAt === undefined) return undefined;
  const wait = Math.min(THROTTLE_MAX_MS, THROTTLE_BASE_MS * 2 ** (consecutive - THROTTLE_AFTER));
  return lastAt + wait > d.now ? lastAt + wait : undefined;
}

/** A ready task of the primary deployment that started after the last failure ends the streak. */
export function resetFailures(d: Draft, seen: readonly Observed[]): void {
  const { consecutive, lastAt } = d.s.failures;
  if (consecutive === 0) return;
  const recovered = seen.some((o) => o.phase === 'ready' && o.deployment?.id === d.primary.id && (o.task.startedAt ?? 0) >= (lastAt ?? 0));
  if (recovered) d.s.failures = { consecutive: 0 };
}

export function updateCounts(d: Draft, seen: readonly Observed[]): void {
  let running = 0;
  let pending = 0;
  for (const dep of d.s.deployments) {
    const tasks = seen.filter((o) => o.phase !== 'stopped' && o.task.startedBy === dep.id);
    const r = tasks.filter((o) => o.task.lastStatus === 'RUNNING').length;
    const p = tasks.length - r;
    running += r;
    pending += p;
    if (dep.runningCount !== r || dep.pendingCount !== p) {
      dep.runningCount = r;
      dep.pendingCount = p;
      dep.updatedAt = d.now;
    }
  }
  d.s.runningCount = running;
  d.s.pendingCount = pending;
}

function reactivate(d: Draft, target: DeploymentRecord, failed: DeploymentRecord, reason: string): void {
  failed.status = 'ACTIVE';
  failed.updatedAt = d.now;
  target.status = 'PRIMARY';
  target.rolloutState = 'IN_PROGRESS';
  target.rolloutStateReason = reason;
  target.desiredCount = d.s.desiredCount;
  target.updatedAt = d.now;
  target.rollback = true;
  delete target.stage;
  delete target.stopRequested;
  d.s.deployments = [target, ...d.s.deployments.filter((x) => x !== target)];
  d.s.taskDefinitionArn = target.taskDefinitionArn;
  // The failed deployment's streak says nothing about the one rolled back to.
  d.s.failures = { consecutive: 0 };
}

/** The last deployment before the primary that completed: what a rollback returns to. */
export function lastCompleted(d: Draft): DeploymentRecord | undefined {
  return d.s.deployments.slice(1).find((x) => x.rolloutState === 'COMPLETED');
}

/** Rolls the primary back to the last completed deployment; false when there is none. */
export function rollBack(d: Draft, why: string): boolean {
  const failed = d.primary;
  const target = lastCompleted(d);
  if (!target) return false;
  reactivate(d, target, failed, `${why} rolling back to deploymentId ${target.id}.`);
  failed.rolledBackTo = target.id;
  d.event(`(service ${d.s.name}) (deployment ${failed.id}) rolling back to (deployment ${target.id}).`);
  return true;
}

/** The circuit breaker and StopServiceDeployment: FAILED, and rolled back when asked. */
export function checkFailure(d: Draft): void {
  const p = d.primary;
  if (p.rolloutState !== 'IN_PROGRESS') return;
  const cb = d.s.deploymentConfiguration.deploymentCircuitBreaker;
  if (p.stopRequested) {
    const rollback = p.stopRequested === 'ROLLBACK';
    p.rolloutState = 'FAILED';
    p.rolloutStateReason = rollback ? 'Service deployment rolled back because of a stop request.' : 'Service deployment stopped by request.';
    p.finishedAt = d.now;
    p.updatedAt = d.now;
    if (rollback) rollBack(d, 'Stop requested:');
    return;
  }
  if (!cb.enable || p.failedTasks < circuitBreakerThreshold(p.desiredCount)) return;
  p.rolloutState = 'FAILED';
  p.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.';
  p.finishedAt = d.now;
  p.updatedAt = d.now;
  d.event(`(service ${d.s.name}) (deployment ${p.id}) deployment failed: tasks failed to start.`);
  if (cb.rollback) rollBack(d, 'ECS deployment circuit breaker:');
}

/**
 * The primary deployment completes once it runs the desired count, all ready, and nothing else
 * of the service is left; older deployments without tasks are dropped. Writes the steady-state
 * event when the service becomes steady.
 */
export function completeDeployments(d: Draft, seen: readonly Observed[]): void {
  const p = d.primary;
  const live = seen.filter((o) => o.phase !== 'stopped');
  const hasTasks = (dep: DeploymentRecord) => live.some((o) => o.task.startedBy === dep.id);
  const mine = live.filter((o) => o.task.startedBy === p.id);
  const steady = live.length === d.s.desiredCount && mine.length === d.s.desiredCount
    && mine.every((o) => o.phase === 'ready' && !o.retiring && !o.displaced) && !d.s.deployments.slice(1).some(hasTasks);
  if (steady && p.rolloutState === 'IN_PROGRESS') {
    p.rolloutState = 'COMPLETED';
    p.rolloutStateReason = `ECS deployment ${p.id} completed.`;
    p.finishedAt = d.now;
    p.updatedAt = d.now;
    d.event(`(service ${d.s.name}) (deployment ${p.id}) deployment completed.`);
  }
  // Older deployments go once their tasks have; finished ones stay while the primary is in progress.
  d.s.deployments = d.s.deployments.filter((dep, i) => i === 0 || hasTasks(dep) || (dep.rolloutState !== 'IN_PROGRESS' && p.rolloutState === 'IN_PROGRESS'));
  if (steady !== (d.s.steady ?? false)) {
    d.s.steady = steady;
    if (steady) d.event(`(service ${d.s.name}) has reached a steady state.`);
  }
}
