// Which container instances count as lost hosts at `now`, and what becomes of their tasks. Pure:
// the liveness loop (../liveness.ts) reads the records, asks here, and writes the answer.
import type { ContainerInstanceRecord } from '../../api/ecs/containerInstance/model.js';
import type { TaskRecord } from '../../api/ecs/task/model.js';
import { markStopped } from '../../api/ecs/task/stop.js';

/** How long an agent may stay disconnected before its host counts as lost (default 10 s). */
export const DEFAULT_LOST_AGENT_GRACE_MS = 10_000;

/**
 * ECS's TaskStopCode for a task stopped because of the health of the infrastructure under it:
 * the task did not fail to start, exit, or get stopped by a user or a scheduler; its host went away.
 */
export const LOST_HOST_STOP_CODE = 'InfrastructureHealth';

export interface LivenessPolicy {
  /** Epoch ms. */
  now: number;
  graceMs: number;
}

export type LivenessView = Pick<ContainerInstanceRecord, 'status' | 'agentConnected' | 'disconnectedAt' | 'lostAt' | 'placed'>;

/**
 * Whether the instance is a lost host to handle now: ACTIVE or DRAINING, its agent disconnected
 * for longer than the grace, and either not handled yet or holding tasks again.
 */
export function isLost(ci: LivenessView, policy: LivenessPolicy): boolean {
  if (ci.status !== 'ACTIVE' && ci.status !== 'DRAINING') return false;
  if (ci.agentConnected || ci.disconnectedAt === undefined) return false;
  if (policy.now - ci.disconnectedAt <= policy.graceMs) return false;
  return ci.lostAt === undefined || Object.keys(ci.placed).length > 0;
}

export function lostInstances<T extends LivenessView>(instances: readonly T[], policy: LivenessPolicy): T[] {
  return instances.filter((ci) => isLost(ci, policy));
}

export function lostHostReason(graceMs: number): string {
  const seconds = Math.round(graceMs / 100) / 10;
  return `Task stopped because the container instance's agent was disconnected for more than ${seconds} seconds (host lost)`;
}

/** The lost host's tasks as STOPPED at once (containers too); those already STOPPED are left out. */
export function stopLostTasks(tasks: readonly TaskRecord[], policy: LivenessPolicy): TaskRecord[] {
  const req = { now: policy.now, stopCode: LOST_HOST_STOP_CODE, reason: lostHostReason(policy.graceMs) };
  return tasks.filter((t) => t.lastStatus !== 'STOPPED').map((t) => markStopped(t, req));
}
