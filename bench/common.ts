// Pieces every benchmark needs: a free loopback port, the URL a `wharf server` child prints, and
// child processes that never outlive the benchmark (killed on exit, Ctrl-C or SIGTERM).
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

/** Resolves with the URL a `wharf server` child announces on stdout; rejects if it exits first. */
export function serverUrl(child: ChildProcess): Promise<string> {
  return new Promise<string>((res, rej) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /wharf server listening on (\S+)/.exec(out);
      if (m?.[1]) res(m[1]);
    });
    child.on('exit', (code) => rej(new Error(`wharf server exited (${code}) before listening`)));
  });
}

const children = new Set<ChildProcess>();
let exitHooked = false;

/** Turns Ctrl-C and SIGTERM into a normal exit (status 130), so that 'exit' handlers run. */
export function exitOnSignals(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));
}

/** Keeps `child` to be killed if the benchmark exits before it does. */
export function track<C extends ChildProcess>(child: C): C {
  exitOnSignals();
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/** The tracked children still running. */
export function trackedChildren(): ChildProcess[] {
  return [...children];
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
export function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  return new Promise((res) => {
    if (child.exitCode !== null || child.signalCode !== null) return res();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      res();
    });
    child.kill('SIGTERM');
  });
}
