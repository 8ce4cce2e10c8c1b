// Runs the docker CLI asynchronously (the registry under test answers from this same process),
// with its own DOCKER_CONFIG so that logins never touch the machine's docker configuration.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

export interface DockerCli {
  configDir: string;
  run(args: string[], input?: string): Promise<RunResult>;
  /** Runs and fails with the output when docker exits non-zero. */
  ok(args: string[], input?: string): Promise<string>;
  cleanup(): void;
}

export function dockerCli(): DockerCli {
  const configDir = mkdtempSync(join(tmpdir(), 'wharf-docker-config-'));
  const env = { DOCKER_CONFIG: configDir, DOCKER_BUILDKIT: '0' };
  const cli: DockerCli = {
    configDir,
    run: (args, input) => run('docker', args, { env, ...(input !== undefined ? { input } : {}) }),
    ok: async (args, input) => {
      const r = await cli.run(args, input);
      if (r.code !== 0) throw new Error(`docker ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
      return r.stdout;
    },
    cleanup: () => rmSync(configDir, { recursive: true, force: true }),
  };
  return cli;
}

/** Builds an image FROM `base` that adds a file with `content` (a second layer), tagged `tag`. */
export async function buildLayeredImage(cli: DockerCli, base: string, tag: string, content: string): Promise<void> {
  const context = mkdtempSync(join(tmpdir(), 'wharf-build-'));
  try {
    mkdirSync(join(context, 'files'));
    writeFileSync(join(context, 'files', 'data.txt'), content);
    writeFileSync(join(context, 'Dockerfile'), `FROM ${base}\nCOPY files/data.txt /data.txt\nRUN echo built > /built.txt\n`);
    await cli.ok(['build', '-q', '-t', tag, context]);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}
