// Target group health checks: ELB's defaults per protocol and its checks of the settings. Pure.
import { ValidationError } from '../../protocol/errors.js';
import type { HealthCheck, TargetGroupRecord } from './model.js';

/** The health check members of CreateTargetGroup and ModifyTargetGroup. */
export interface HealthCheckInput {
  HealthCheckProtocol?: string | undefined;
  HealthCheckPort?: string | undefined;
  HealthCheckEnabled?: boolean | undefined;
  HealthCheckPath?: string | undefined;
  HealthCheckIntervalSeconds?: number | undefined;
  HealthCheckTimeoutSeconds?: number | undefined;
  HealthyThresholdCount?: number | undefined;
  UnhealthyThresholdCount?: number | undefined;
  Matcher?: { HttpCode?: string | undefined } | undefined;
}

type Group = Pick<TargetGroupRecord, 'protocol' | 'targetType'>;

export function isHttpGroup(tg: Pick<TargetGroupRecord, 'protocol'>): boolean {
  return tg.protocol === 'HTTP' || tg.protocol === 'HTTPS';
}

function defaults(tg: Group, protocol: HealthCheck['protocol']): Omit<HealthCheck, 'enabled' | 'port'> {
  const base = { protocol, intervalSeconds: 30, healthyThresholdCount: 5, unhealthyThresholdCount: 2 };
  if (protocol === 'TCP') return { ...base, timeoutSeconds: 10 };
  // Network load balancer groups checked over HTTP wait longer and accept any success or redirect.
  return isHttpGroup(tg)
    ? { ...base, timeoutSeconds: 5, path: '/', matcher: { httpCode: '200' } }
    : { ...base, timeoutSeconds: 6, path: '/', matcher: { httpCode: '200-399' } };
}

/** The health check of a group created with, or changed by, `input` (over `previous`). */
export function buildHealthCheck(tg: Group, input: HealthCheckInput, previous?: HealthCheck): HealthCheck {
  const protocol = input.HealthCheckProtocol ?? previous?.protocol ?? (isHttpGroup(tg) ? tg.protocol : 'TCP');
  if (protocol !== 'HTTP' && protocol !== 'HTTPS' && protocol !== 'TCP') {
    throw new ValidationError(`Health check protocol '${protocol}' must be one of [HTTP, HTTPS, TCP]`);
  }
  if (protocol === 'TCP' && isHttpGroup(tg)) {
    throw new ValidationError(`Health check protocol '${protocol}' is not supported for target groups with the protocol '${tg.protocol}'`);
  }
  const base = defaults(tg, protocol);
  const kept = previous && previous.protocol === protocol ? previous : undefined;
  const hc: HealthCheck = {
    enabled: input.HealthCheckEnabled ?? true,
    protocol,
    port: input.HealthCheckPort ?? previous?.port ?? 'traffic-port',
    intervalSeconds: input.HealthCheckIntervalSeconds ?? previous?.intervalSeconds ?? base.intervalSeconds,
    timeoutSeconds: input.HealthCheckTimeoutSeconds ?? kept?.timeoutSeconds ?? base.timeoutSeconds,
    healthyThresholdCount: input.HealthyThresholdCount ?? previous?.healthyThresholdCount ?? base.healthyThresholdCount,
    unhealthyThresholdCount: input.UnhealthyThresholdCount ?? previous?.unhealthyThresholdCount ?? base.unhealthyThresholdCount,
  };
  if (protocol === 'TCP') {
    if (input.HealthCheckPath !== undefined) throw new ValidationError('A health check path cannot be specified for TCP health checks');
    if (input.Matcher?.HttpCode !== undefined) throw new ValidationError('A health check matcher cannot be specified for TCP health checks');
  } else {
    hc.path = input.HealthCheckPath ?? previous?.path ?? base.path;
    hc.matcher = { httpCode: input.Matcher?.HttpCode ?? previous?.matcher?.httpCode ?? base.matcher?.httpCode ?? '200' };
  }
  checkHealthCheck(tg, hc);
  return hc;
}

function checkHealthCheck(tg: Group, hc: HealthCheck): void {
  if (!hc.enabled) throw new ValidationError(`Health checks cannot be disabled for target groups with target type '${tg.targetType}'`);
  if (hc.port !== 'traffic-port' && !(/^\d+$/.test(hc.port) && Number(hc.port) >= 1 && Number(hc.port) <= 65535)) {
    throw new ValidationError(`Health check port '${hc.port}' must be 'traffic-port' or a port number between 1 and 65535`);
  }
  if (hc.protocol === 'TCP' ? hc.timeoutSeconds > hc.intervalSeconds : hc.timeoutSeconds >= hc.intervalSeconds) {
    throw new ValidationError(`Health check timeout '${hc.timeoutSeconds}' must be smaller than ${hc.protocol === 'TCP' ? 'or equal to ' : ''}the interval '${hc.intervalSeconds}'`);
  }
  if (hc.path !== undefined && !hc.path.startsWith('/')) throw new ValidationError(`Health check path '${hc.path}' must begin with a '/' character`);
  if (hc.matcher) checkMatcher(hc.matcher.httpCode, isHttpGroup(tg) ? 499 : 599);
}

/** "200", "200,202" or "200-299", codes between 200 and `max`. */
function checkMatcher(code: string, max: number): void {
  const parts = code.split(',');
  const ok = parts.every((p) => {
    const m = /^(\d{3})(?:-(\d{3}))?$/.exec(p);
    if (!m) return false;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    return lo >= 200 && hi <= max && lo <= hi;
  });
  if (!ok) throw new ValidationError(`Health check matcher HTTP code '${code}' must be like 200, 200,202 or 200-299, with codes from 200 to ${max}`);
}

export function healthCheckToWire(hc: HealthCheck) {
  return {
    HealthCheckProtocol: hc.protocol,
    HealthCheckPort: hc.port,
    HealthCheckEnabled: hc.enabled,
    HealthCheckIntervalSeconds: hc.intervalSeconds,
    HealthCheckTimeoutSeconds: hc.timeoutSeconds,
    HealthyThresholdCount: hc.healthyThresholdCount,
    UnhealthyThresholdCount: hc.unhealthyThresholdCount,
    HealthCheckPath: hc.path,
    Matcher: hc.matcher && { HttpCode: hc.matcher.httpCode },
  };
}
