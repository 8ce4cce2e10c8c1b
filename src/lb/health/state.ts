// The active health check's state machine for one target, pure: consecutive passes and failures
// against the group's thresholds decide initial -> healthy / unhealthy and back.
import type { HealthCheck } from '../../api/elbv2/model.js';

export type FailureReason = 'Target.ResponseCodeMismatch' | 'Target.Timeout' | 'Target.FailedHealthChecks';

export type CheckResult = { ok: true } | { ok: false; reason: FailureReason; description: string };

export interface HealthStatus {
  state: 'initial' | 'healthy' | 'unhealthy';
  reason?: string;
  description?: string;
  /** Consecutive passes and failures up to now. */
  passes: number;
  failures: number;
  /** Whether any check has passed since the target was registered. */
  everPassed: boolean;
}

/** A target just registered, before its first check answers. */
export const REGISTERING: HealthStatus = Object.freeze({
  state: 'initial', reason: 'Elb.RegistrationInProgress', description: 'Target registration is in progress',
  passes: 0, failures: 0, everPassed: false,
});

export type Thresholds = Pick<HealthCheck, 'healthyThresholdCount' | 'unhealthyThresholdCount'>;

export function nextHealth(s: HealthStatus, r: CheckResult, t: Thresholds): HealthStatus {
  const passes = r.ok ? s.passes + 1 : 0;
  const failures = r.ok ? 0 : s.failures + 1;
  const everPassed = s.everPassed || r.ok;
  if (r.ok && (s.state === 'healthy' || passes >= Math.max(1, t.healthyThresholdCount))) {
    return { state: 'healthy', passes, failures, everPassed };
  }
  if (!r.ok && (s.state === 'unhealthy' || failures >= Math.max(1, t.unhealthyThresholdCount))) {
    return { state: 'unhealthy', reason: r.reason, description: r.description, passes, failures, everPassed };
  }
  if (s.state === 'initial') {
    return { state: 'initial', reason: 'Elb.InitialHealthChecking', description: 'Initial health checking in progress', passes, failures, everPassed };
  }
  return { ...s, passes, failures, everPassed };
}

/** Whether the change is one to announce (state or reason). */
export function healthChanged(a: HealthStatus, b: HealthStatus): boolean {
  return a.state !== b.state || a.reason !== b.reason;
}

/** ELB's matcher: "200", "200,204", "200-299" (and mixes). An unparsable one matches 200 only. */
export function parseMatcher(text: string | undefined): (code: number) => boolean {
  const ranges: [number, number][] = [];
  for (const part of (text ?? '200').split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (m?.[1]) ranges.push([Number(m[1]), Number(m[2] ?? m[1])]);
  }
  if (ranges.length === 0) ranges.push([200, 200]);
  return (code) => ranges.some(([lo, hi]) => code >= lo && code <= hi);
}
