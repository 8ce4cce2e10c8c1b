// Shared by the ELBv2 tests: run `aws elbv2 ...` against a test server, read an error the way a
// user sees it, and find free ports for listeners (the data plane really listens on them).
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { awsCli, awsJson } from '../helpers/awsCli.js';
import type { TestServer } from '../helpers/server.js';
import { FORM_CT, send, signHeader, xmlText } from '../protocol/signing.js';

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

/** A signed ELBv2 Query call sent in-process: for setup and for the finer validation checks,
 *  where starting the CLI (~0.7 s a call) would only slow the suite down. */
export async function query(server: TestServer, action: string, params: Record<string, string>): Promise<{ status: number; text: string }> {
  const body = new URLSearchParams({ Action: action, Version: '2015-12-01', ...params }).toString();
  const req = await signHeader({ endpoint: server.url, headers: { 'content-type': FORM_CT }, body }, {
    credentials: server.clientConfig.credentials, service: 'elasticloadbalancing',
  });
  const answer = await send(req);
  return { status: answer.status, text: answer.text };
}

/** A Query call expected to fail with `code` (HTTP 400); returns the message. */
export async function queryError(server: TestServer, action: string, params: Record<string, string>, code: string): Promise<string> {
  const r = await query(server, action, params);
  assert.equal(xmlText(r.text, 'Code'), code, r.text);
  assert.equal(r.status, 400);
  return (xmlText(r.text, 'Message') ?? '').replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

async function created(server: TestServer, action: string, params: Record<string, string>, element: string): Promise<string> {
  const r = await query(server, action, params);
  const arn = xmlText(r.text, element);
  if (r.status !== 200 || !arn) throw new Error(`${action} failed: ${r.text}`);
  return arn;
}

export function createLoadBalancer(server: TestServer, name: string, params: Record<string, string> = {}): Promise<string> {
  return created(server, 'CreateLoadBalancer', { Name: name, ...params }, 'LoadBalancerArn');
}

export function createTargetGroup(server: TestServer, name: string, params: Record<string, string> = { Protocol: 'HTTP', Port: '80' }): Promise<string> {
  return created(server, 'CreateTargetGroup', { Name: name, ...params }, 'TargetGroupArn');
}

/** A listener forwarding to one target group. */
export function createListener(server: TestServer, lbArn: string, a: { port: number; protocol?: string; targetGroup: string }): Promise<string> {
  return created(server, 'CreateListener', {
    LoadBalancerArn: lbArn, Protocol: a.protocol ?? 'HTTP', Port: String(a.port),
    'DefaultActions.member.1.Type': 'forward', 'DefaultActions.member.1.TargetGroupArn': a.targetGroup,
  }, 'ListenerArn');
}
