// Stopping tasks from the control plane's side: StopTask's request, and a deregistered
// instance's tasks. Pure.
import type { TaskRecord } from './model.js';

export interface StopRequest {
  /** Epoch ms. */
  now: number;
  stopCode: string;
  reason?: string;
}

/** The task with desiredStatus STOPPED (the agent stops it and reports); unchanged when already asked. */
export function requestStop(t: TaskRecord, req: StopRequest): TaskRecord {
  if (t.desiredStatus === 'STOPPED') return t;
  return {
    ...t,
    desiredStatus: 'STOPPED',
    stopCode: t.stopCode ?? req.stopCode,
    ...(t.stoppedReason === undefined && req.reason !== undefined ? { stoppedReason: req.reason } : {}),
    stoppingAt: t.stoppingAt ?? req.now,
    version: t.version + 1,
  };
}

/** The task as STOPPED at once, in the control plane's view (its instance is gone). */
export function markStopped(t: TaskRecord, req: StopRequest): TaskRecord {
  if (t.lastStatus === 'STOPPED') return t;
  const stopping = requestStop(t, req);
  return {
    ...stopping,
    lastStatus: 'STOPPED',
    executionStoppedAt: t.executionStoppedAt ?? req.now,
    stoppedAt: req.now,
    containers: t.containers.map((c) => ({ ...c, lastStatus: 'STOPPED' as const, known: 'STOPPED' as const })),
    ...(t.attachment ? { attachment: { ...t.attachment, status: 'DETACHED' as const } } : {}),
    version: stopping.version + 1,
  };
}
