// What an agent's report (a TaskState from the session's hello or taskState) does to a task
// record. Forward-only: task and container statuses never move back, timestamps are set once, so
// a repeated or late message changes nothing. Pure.
import {
  CONTAINER_STATUSES, statusRank, TASK_STATUSES, type ContainerState, type ContainerStatus, type TaskState,
} from '../../../protocol/ecs/messages.js';
import type { ContainerRecord, TaskRecord } from './model.js';

const CONTAINER_LAST_STATUS: Record<ContainerStatus, ContainerRecord['lastStatus']> = {
  NONE: 'PENDING',
  PULLED: 'PENDING',
  CREATED: 'PENDING',
  RUNNING: 'RUNNING',
  STOPPED: 'STOPPED',
};

function applyContainer(c: ContainerRecord, s: ContainerState | undefined): ContainerRecord {
  if (!s || statusRank(CONTAINER_STATUSES, s.status) < statusRank(CONTAINER_STATUSES, c.known)) return c;
  const next: ContainerRecord = { ...c, known: s.status, lastStatus: CONTAINER_LAST_STATUS[s.status] };
  if (s.runtimeId !== undefined && c.runtimeId === undefined) next.runtimeId = s.runtimeId;
  if (s.imageDigest !== undefined && c.imageDigest === undefined) next.imageDigest = s.imageDigest;
  if (s.exitCode !== undefined) next.exitCode = s.exitCode;
  if (s.reason !== undefined && c.reason === undefined) next.reason = s.reason;
  if (s.networkBindings.length > 0) next.networkBindings = s.networkBindings;
  if (s.healthStatus !== undefined) next.healthStatus = s.healthStatus;
  return next;
}

function once<K extends keyof TaskRecord>(t: TaskRecord, key: K, value: TaskRecord[K] | undefined): void {
  if (t[key] === undefined && value !== undefined) t[key] = value;
}

/**
 * Whether two JSON values read the same (a key holding undefined counts as absent, key order does
 * not matter). Shared parts compare by identity first: `next` reuses most of `t`'s objects.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k in x) if (!sameJson(x[k], y[k])) return false;
  for (const k in y) if (x[k] === undefined && y[k] !== undefined) return false;
  return true;
}

/** The task after the agent's report, or the same object when the report changes nothing. */
export function applyReport(t: TaskRecord, s: TaskState, now: number): TaskRecord {
  if (t.lastStatus === 'STOPPED') return t;
  const forward = statusRank(TASK_STATUSES, s.status) >= statusRank(TASK_STATUSES, t.lastStatus);
  const next: TaskRecord = { ...t, containers: t.containers.map((c) => applyContainer(c, s.containers.find((r) => r.name === c.name))) };
  if (forward) {
    next.lastStatus = s.status;
    if (s.healthStatus !== undefined) next.healthStatus = s.healthStatus;
  }
  once(next, 'pullStartedAt', s.pullStartedAt);
  once(next, 'pullStoppedAt', s.pullStoppedAt);
  once(next, 'startedAt', s.startedAt);
  once(next, 'executionStoppedAt', s.executionStoppedAt);
  once(next, 'stopCode', s.stopCode);
  once(next, 'stoppedReason', s.stoppedReason);
  if (next.connectivity === undefined) {
    next.connectivity = 'CONNECTED';
    next.connectivityAt = now;
  }
  if (next.lastStatus === 'RUNNING') once(next, 'startedAt', now);
  // The agent stops a task on its own (an essential container exited, a container failed to
  // start): from then on ECS shows desiredStatus STOPPED, as StopTask would have set it.
  if (statusRank(TASK_STATUSES, next.lastStatus) >= statusRank(TASK_STATUSES, 'DEACTIVATING')) {
    next.desiredStatus = 'STOPPED';
    once(next, 'stoppingAt', now);
  }
  if (next.attachment) {
    const attachment = { ...next.attachment };
    if (s.privateIPv4Address !== undefined && attachment.privateIPv4Address === undefined) attachment.privateIPv4Address = s.privateIPv4Address;
    if (next.lastStatus === 'STOPPED') attachment.status = 'DETACHED';
    else if (statusRank(TASK_STATUSES, next.lastStatus) >= statusRank(TASK_STATUSES, 'RUNNING')) attachment.status = 'ATTACHED';
    next.attachment = attachment;
  }
  if (next.lastStatus === 'STOPPED') {
    once(next, 'executionStoppedAt', s.executionStoppedAt ?? now);
    once(next, 'stoppedAt', s.stoppedAt ?? now);
  }
  if (sameJson(next, t)) return t;
  next.version = t.version + 1;
  return next;
}
