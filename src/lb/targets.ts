// The data plane's live view of a target group: its targets with their health, requests in
// flight and draining state, and the precomputed list new requests may go to. Objects live across
// configuration reloads (counters and health carry over); the choice of a target is a few
// array reads per request.
import type { Socket } from 'node:net';
import type { TargetGroupRecord, TargetRecord } from '../api/elbv2/model.js';
import { REGISTERING, type HealthStatus } from './health/state.js';

export interface TargetRuntime {
  /** `<id>/<port>`. */
  key: string;
  id: string;
  port: number;
  /** Where it is reached: the id of an ip target, the instance's address for an instance target. */
  host: string;
  draining: boolean;
  drainingSince: number | undefined;
  health: HealthStatus;
  /** HTTP requests or TCP connections in flight. */
  inFlight: number;
  /** Client connections with a request (HTTP) or a stream (TCP) in flight to it, cut when the deregistration delay ends. */
  sockets: Set<Socket>;
}

export interface GroupRuntime {
  arn: string;
  record: TargetGroupRecord;
  targets: Map<string, TargetRuntime>;
  /** Who gets new requests; recomputed by refreshEligible when health or membership changes. */
  eligible: TargetRuntime[];
  /** Round robin position. */
  next: number;
  leastOutstanding: boolean;
  /** Some listener forwards to it (else no health checks, no traffic). */
  inUse: boolean;
}

export function newGroup(record: TargetGroupRecord): GroupRuntime {
  return { arn: record.arn, record, targets: new Map(), eligible: [], next: 0, leastOutstanding: false, inUse: false };
}

/** Brings the group in line with its records; returns the targets whose records are gone. */
export function syncGroup(
  group: GroupRuntime, record: TargetGroupRecord, records: readonly TargetRecord[], address: (t: TargetRecord) => string,
): TargetRuntime[] {
  group.record = record;
  group.leastOutstanding = record.attributes['load_balancing.algorithm.type'] === 'least_outstanding_requests';
  const seen = new Set<string>();
  for (const r of records) {
    const key = `${r.id}/${r.port}`;
    seen.add(key);
    let t = group.targets.get(key);
    if (!t) {
      t = {
        key, id: r.id, port: r.port, host: '', draining: false, drainingSince: undefined,
        health: REGISTERING, inFlight: 0, sockets: new Set(),
      };
      group.targets.set(key, t);
    }
    t.host = address(r);
    t.draining = r.state === 'draining';
    t.drainingSince = r.drainingSince;
  }
  const removed: TargetRuntime[] = [];
  for (const [key, t] of group.targets) {
    if (seen.has(key)) continue;
    group.targets.delete(key);
    removed.push(t);
  }
  refreshEligible(group);
  return removed;
}

/**
 * Healthy targets get traffic. When none is healthy ELB fails open: every registered target that
 * has shown signs of life or been judged (unhealthy, or initial with a passed check) gets it.
 * Targets still initial that never passed a check get none, so a group of brand-new targets
 * answers 503 until one passes its first check, rather than sending requests to a target that is
 * still starting. Draining targets never get new requests. Without health checks all do.
 */
export function eligibleTargets(group: GroupRuntime): TargetRuntime[] {
  const active = [...group.targets.values()].filter((t) => !t.draining);
  if (!group.record.healthCheck.enabled) return active;
  const healthy = active.filter((t) => t.health.state === 'healthy');
  if (healthy.length > 0) return healthy;
  return active.filter((t) => t.health.state === 'unhealthy' || t.health.everPassed);
}

export function refreshEligible(group: GroupRuntime): void {
  group.eligible = eligibleTargets(group);
}

/** The target for a new request or connection: round robin, or least outstanding requests
 *  (ties broken round robin). Undefined when none may take it. */
export function pickTarget(group: GroupRuntime): TargetRuntime | undefined {
  const list = group.eligible;
  const n = list.length;
  if (n === 0) return undefined;
  let i = group.next;
  if (i >= n) i = 0;
  group.next = i + 1;
  if (!group.leastOutstanding || n === 1) return list[i];
  let best = list[i];
  for (let k = 1; k < n && best && best.inFlight > 0; k++) {
    const t = list[(i + k) % n];
    if (t && t.inFlight < best.inFlight) best = t;
  }
  return best;
}

/** The deregistration delay (attribute deregistration_delay.timeout_seconds, default 300 s). */
export function deregistrationDelayMs(record: TargetGroupRecord): number {
  const s = Number(record.attributes['deregistration_delay.timeout_seconds'] ?? 300);
  return Number.isFinite(s) && s >= 0 ? s * 1000 : 300_000;
}
