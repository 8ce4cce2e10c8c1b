// Child processes and temp dirs for the registry benchmark: everything started or created here
// is killed or removed when the benchmark exits, also on an error or Ctrl-C. Plus a free port
// finder and an RSS sampler that reads /proc/<pid>/status.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitOnSignals, track } from '../common.js';

const tempDirs = new Set<string>();

process.on('exit', () => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
exitOnSignals();

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(path);
  return {
    path,
    remove: () => {
      rmSync(path, { recursive: true, force: true });
      tempDirs.delete(path);
    },
  };
}

export { freePort, stopChild } from '../common.js';

/** Starts a process; callers must read every pipe they ask for (an unread pipe stalls it). */
export function launch(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; stdio: StdioOptions }): ChildProcess {
  return track(spawn(cmd, args, opts));
}

/** The resident set size of `pid` in bytes (VmRSS), or NaN when it cannot be read. */
export function rssOf(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Samples the RSS of `pid` every `intervalMs` until stopped; returns the peak and last sample. */
export function sampleRss(pid: number, intervalMs = 100): { stop(): { peak: number; last: number; samples: number } } {
  let peak = rssOf(pid);
  let last = peak;
  let samples = 1;
  const timer = setInterval(() => {
    last = rssOf(pid);
    samples += 1;
    if (last > peak || Number.isNaN(peak)) peak = last;
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      last = rssOf(pid);
      if (last > peak || Number.isNaN(peak)) peak = last;
      return { peak, last, samples: samples + 1 };
    },
  };
}

/** Keeps the last `max` characters a stream wrote, for error messages. */
export function tail(stream: NodeJS.ReadableStream | null, max = 4000): () => string {
  let text = '';
  stream?.on('data', (d: Buffer) => {
    text = (text + d.toString()).slice(-max);
  });
  return () => text;
}

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

/** CPU time (user + system, all threads) `pid` has used so far, in seconds; NaN when unreadable. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}
