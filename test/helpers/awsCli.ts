// Runs Debian's AWS CLI v2 (/usr/bin/aws; the `aws` on PATH may be another one) against a test
// server. Asynchronous, since the server answers from this same process.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestServer } from './server.js';

const run = promisify(execFile);
export const AWS_CLI = process.env.WHARF_AWS_CLI ?? '/usr/bin/aws';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function awsCli(server: Pick<TestServer, 'url' | 'cliEnv'>, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(AWS_CLI, [...args, '--endpoint-url', server.url, '--output', 'json'], {
      env: { ...server.cliEnv, ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Runs the CLI and parses its JSON output, failing with its stderr when it exits non-zero. */
export async function awsJson<T = Record<string, unknown>>(server: Pick<TestServer, 'url' | 'cliEnv'>, args: string[]): Promise<T> {
  const r = await awsCli(server, args);
  if (r.code !== 0) throw new Error(`aws ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return (r.stdout.trim() ? JSON.parse(r.stdout) : {}) as T;
}
