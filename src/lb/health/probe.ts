// One active health check against one target: an HTTP(S) GET whose status must match, or a TCP
// connect. Each check opens its own connection, as ELB's do. I/O only; the verdict is a CheckResult.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { CheckResult } from './state.js';

export interface ProbeSpec {
  protocol: 'HTTP' | 'HTTPS' | 'TCP';
  host: string;
  port: number;
  /** HTTP(S) only. */
  path: string;
  timeoutMs: number;
  matches(code: number): boolean;
}

const TIMEOUT: CheckResult = { ok: false, reason: 'Target.Timeout', description: 'Request timed out' };
const FAILED: CheckResult = { ok: false, reason: 'Target.FailedHealthChecks', description: 'Health checks failed' };
const PASSED: CheckResult = { ok: true };

export function probe(spec: ProbeSpec): Promise<CheckResult> {
  return spec.protocol === 'TCP' ? probeTcp(spec) : probeHttp(spec);
}

function probeTcp(spec: ProbeSpec): Promise<CheckResult> {
  return new Promise((resolve) => {
    const socket = connect({ host: spec.host, port: spec.port, timeout: spec.timeoutMs });
    const done = (r: CheckResult): void => {
      socket.destroy();
      resolve(r);
    };
    socket.once('connect', () => done(PASSED));
    socket.once('timeout', () => done(TIMEOUT));
    socket.once('error', () => done(FAILED));
  });
}

function probeHttp(spec: ProbeSpec): Promise<CheckResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: CheckResult): void => {
      if (settled) return;
      settled = true;
      req.destroy();
      resolve(r);
    };
    const request = spec.protocol === 'HTTPS' ? httpsRequest : httpRequest;
    const req = request({
      host: spec.host, port: spec.port, path: spec.path, method: 'GET', agent: false, timeout: spec.timeoutMs,
      headers: { 'user-agent': 'ELB-HealthChecker/2.0', connection: 'close' }, rejectUnauthorized: false,
    });
    // The timeout covers the whole check, not only a silent socket.
    const timer = setTimeout(() => done(TIMEOUT), spec.timeoutMs);
    timer.unref();
    req.once('response', (res) => {
      clearTimeout(timer);
      res.resume();
      const code = res.statusCode ?? 0;
      done(spec.matches(code) ? PASSED : {
        ok: false, reason: 'Target.ResponseCodeMismatch', description: `Health checks failed with these codes: [${code}]`,
      });
    });
    req.once('timeout', () => done(TIMEOUT));
    req.once('error', () => {
      clearTimeout(timer);
      done(FAILED);
    });
    req.end();
  });
}
