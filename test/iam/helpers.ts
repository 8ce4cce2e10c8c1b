// IAM through the Debian AWS CLI: JSON answers, and errors as the CLI prints them
// ("An error occurred (CODE) when calling the OP operation: MESSAGE").
import assert from 'node:assert/strict';
import { awsCli } from '../helpers/awsCli.js';
import type { TestServer } from '../helpers/server.js';

export type Env = NodeJS.ProcessEnv;

export async function iam<T = Record<string, unknown>>(server: TestServer, args: string[], env: Env = {}): Promise<T> {
  const r = await awsCli(server, ['iam', ...args], env);
  if (r.code !== 0) throw new Error(`aws iam ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return (r.stdout.trim() ? JSON.parse(r.stdout) : {}) as T;
}

export interface CliError {
  code: string;
  message: string;
}

/** Runs a command that must fail and returns the error code and message the CLI printed. */
export async function iamError(server: TestServer, args: string[], env: Env = {}): Promise<CliError> {
  const r = await awsCli(server, ['iam', ...args], env);
  assert.notEqual(r.code, 0, `aws iam ${args.join(' ')} succeeded: ${r.stdout}`);
  const m = /An error occurred \(([^)]+)\) when calling the \w+ operation: (.*)/s.exec(r.stderr);
  assert.ok(m, `unexpected stderr: ${r.stderr}`);
  return { code: m[1] ?? '', message: (m[2] ?? '').trim() };
}

/** The CLI's environment for another key pair. */
export function keyEnv(key: { AccessKeyId: string; SecretAccessKey: string }): Env {
  return { AWS_ACCESS_KEY_ID: key.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey };
}

export const doc = (statement: Record<string, unknown> | Record<string, unknown>[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statement });
