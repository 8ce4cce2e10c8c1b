// Runs the real `wharf` binary as a child process and reads what it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, ROOT } from './build.js';

export interface Wharf {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout; rejects if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
  /** Sends `signal` and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/** The environment without any WHARF_ setting of the machine running the tests. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('WHARF_')) env[k] = v;
  return { ...env, WHARF_LOG_LEVEL: 'warn', ...extra };
}

export function runWharf(args: string[], env: NodeJS.ProcessEnv = cleanEnv()): Wharf {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    listeners.forEach((l) => l());
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | string>((resolve) => {
    child.on('close', (code, signal) => {
      resolve(code ?? signal ?? 'unknown');
      listeners.forEach((l) => l());
    });
  });
  let ended = false;
  void exited.then(() => {
    ended = true;
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (pattern, timeoutMs = 30_000) => new Promise((resolve, reject) => {
      const check = () => {
        const m = out.match(pattern);
        if (m) return done(() => resolve(m));
        if (ended || child.exitCode !== null || child.signalCode !== null) {
          return done(() => reject(new Error(`wharf exited before printing ${pattern}\nstdout: ${out}\nstderr: ${err}`)));
        }
        return undefined;
      };
      const timer = setTimeout(() => done(() => reject(new Error(`wharf did not print ${pattern} in ${timeoutMs} ms\nstdout: ${out}\nstderr: ${err}`))), timeoutMs);
      const done = (f: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        f();
      };
      listeners.add(check);
      check();
    }),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs wharf to completion: exit code and output. */
export async function wharfOnce(args: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const w = runWharf(args, env);
  const code = await w.exited;
  return { code, stdout: w.stdout(), stderr: w.stderr() };
}
