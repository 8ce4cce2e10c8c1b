// Shared by the ELBv2 tests: run `aws elbv2 ...` against a test server, read an error the way a
// user sees it, and find free ports for listeners (the data plane really listens on them).
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { awsCli, awsJson } from '../helpers/awsCli.js';
import type { TestServer } from '../helpers/server.js';

export type Json = Record<string, unknown> & { [k: string]: unknown };

export function elb<T = Json>(server: TestServer, args: string[]): Promise<T> {
  return awsJson<T>(server, ['elbv2', ...args]);
}

/** Runs a command expected to fail; checks the CLI's exit status and the error code, returns the message. */
export async function elbError(server: TestServer, args: string[], code: string): Promise<string> {
  const r = await awsCli(server, ['elbv2', ...args]);
  assert.notEqual(r.code, 0, `expected ${code}, got success: ${r.stdout}`);
  const m = /An error occurred \((\w+)\) when calling the (\w+) operation: (.*)/.exec(r.stderr);
  assert.ok(m, `unexpected stderr: ${r.stderr}`);
  assert.equal(m[1], code, r.stderr);
  return m[3] ?? '';
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const address = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface LoadBalancerOut { LoadBalancers: { LoadBalancerArn: string; [k: string]: unknown }[] }
export interface TargetGroupOut { TargetGroups: { TargetGroupArn: string; [k: string]: unknown }[] }
export interface ListenerOut { Listeners: { ListenerArn: string; [k: string]: unknown }[] }
export interface RuleOut { Rules: { RuleArn: string; Priority: string; IsDefault: boolean; [k: string]: unknown }[] }

export async function createLoadBalancer(server: TestServer, name: string, extra: string[] = []): Promise<string> {
  const out = await elb<LoadBalancerOut>(server, ['create-load-balancer', '--name', name, ...extra]);
  return out.LoadBalancers[0]?.LoadBalancerArn ?? '';
}

export async function createTargetGroup(server: TestServer, name: string, extra: string[] = ['--protocol', 'HTTP', '--port', '80']): Promise<string> {
  const out = await elb<TargetGroupOut>(server, ['create-target-group', '--name', name, ...extra]);
  return out.TargetGroups[0]?.TargetGroupArn ?? '';
}

export async function createListener(server: TestServer, lbArn: string, a: { port: number; protocol?: string; actions: string }): Promise<string> {
  const out = await elb<ListenerOut>(server, [
    'create-listener', '--load-balancer-arn', lbArn, '--protocol', a.protocol ?? 'HTTP', '--port', String(a.port), '--default-actions', a.actions,
  ]);
  return out.Listeners[0]?.ListenerArn ?? '';
}
