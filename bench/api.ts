// API benchmark: throughput and p50/p99 latency of DescribeClusters and RegisterTaskDefinition
// through signed @aws-sdk/client-ecs clients at concurrency 1, 16 and 128, against Wharf
// (`node bin/wharf.js server`, built first) and moto's server (`python3 -m moto.server`), with
// the same client code, then the Wharf/moto ratios.
//
//   npm run bench:api                       (node --import tsx bench/api.ts)
//   BENCH_REQUESTS=2000 BENCH_SECONDS=10 BENCH_TARGETS=wharf,moto npm run bench:api
//
// Every load loop stops at BENCH_REQUESTS requests or BENCH_SECONDS seconds, whichever comes
// first. All traffic goes to 127.0.0.1. Goals: >= 5x moto's throughput at 128 concurrent,
// p99 < 10 ms at 16 concurrent. For Wharf, the table also gives the time spent inside the server
// (from its /metrics histogram, so bucket bounds): client and server share this machine's cores,
// and at high concurrency the client's own SDK work adds queueing to what it observes.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { Agent } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateClusterCommand,
  DescribeClustersCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { freePort, serverUrl, stopChild, track } from './common.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 100);
const CONCURRENCY = [1, 16, 128];
const REQUEST_TIMEOUT_MS = 10_000;
const TARGETS = (process.env.BENCH_TARGETS ?? 'wharf,moto').split(',');
const KEYS = { accessKeyId: 'AKIABENCHMARK0000001', secretAccessKey: 'bench-secret-0123456789abcdefghijklmnopq' };
const CLUSTER = 'bench';

type OpName = 'DescribeClusters' | 'RegisterTaskDefinition';
const OPS: OpName[] = ['DescribeClusters', 'RegisterTaskDefinition'];

interface Result {
  op: OpName;
  concurrency: number;
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  /** Time inside the server (Wharf's /metrics histogram), as bucket upper bounds in ms. */
  serverP50?: number;
  serverP99?: number;
}

interface Target {
  name: string;
  url: string;
  stop(): Promise<void>;
}



/** Starts a server process; output not piped is discarded (an unread pipe would stall it). */
function launch(cmd: string, args: string[], env: NodeJS.ProcessEnv, pipeOut = true): ChildProcess {
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: pipeOut ? ['ignore', 'pipe', 'pipe'] : 'ignore' });
  return track(child);
}

async function startWharf(): Promise<Target> {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WHARF_ROOT_ACCESS_KEY_ID: KEYS.accessKeyId,
    WHARF_ROOT_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
    WHARF_LOG_LEVEL: 'warn',
  };
  const child = launch(process.execPath, [...(process.env.BENCH_WHARF_NODE_ARGS ?? '').split(' ').filter(Boolean), 'bin/wharf.js', 'server', '--port', '0', '--data-dir', dataDir], env);
  child.stderr?.pipe(process.stderr);
  const url = await serverUrl(child);
  return {
    name: 'wharf',
    url,
    stop: async () => {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startMoto(): Promise<Target> {
  const port = await freePort();
  // moto logs every request; its output is discarded.
  const child = launch('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { ...process.env }, false);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error('moto.server exited; is moto installed for python3?');
    try {
      await fetch(`${url}/moto-api/`);
      break;
    } catch {
      if (i > 300) throw new Error('moto.server did not start within 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { name: 'moto', url, stop: () => stopChild(child) };
}

function client(url: string): ECSClient {
  return new ECSClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: KEYS,
    maxAttempts: 1,
    // A request that hangs ends as an error after REQUEST_TIMEOUT_MS, so every loop stays bounded.
    requestHandler: new NodeHttpHandler({
      httpAgent: new Agent({ keepAlive: true, maxSockets: 256 }),
      connectionTimeout: REQUEST_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
    }),
  });
}

function call(ecs: ECSClient, op: OpName, family: string): Promise<unknown> {
  if (op === 'DescribeClusters') return ecs.send(new DescribeClustersCommand({ clusters: [CLUSTER] }));
  return ecs.send(new RegisterTaskDefinitionCommand({
    family,
    containerDefinitions: [{ name: 'app', image: 'busybox', memory: 64 }],
  }));
}

/** `concurrency` workers issue `op` until `limit` requests are done or `seconds` have passed. */
async function load(ecs: ECSClient, op: OpName, family: string, concurrency: number, limit: number, seconds: number) {
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  let firstError: unknown;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  const worker = async () => {
    while (issued < limit && process.hrtime.bigint() < deadline) {
      issued += 1;
      const t0 = process.hrtime.bigint();
      try {
        await call(ecs, op, family);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      } catch (err) {
        errors += 1;
        firstError ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  if (firstError) console.error(`  ${op} c=${concurrency}: ${errors} errors, first: ${String(firstError)}`);
  return { latencies, errors, elapsed };
}

/** Cumulative counts of Wharf's request-duration histogram for `op`, by upper bound (s). */
async function serverHistogram(url: string, op: OpName): Promise<Map<number, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const buckets = new Map<number, number>();
  const re = new RegExp(`^wharf_request_duration_seconds_bucket\\{operation="${op}",le="([^"]+)"\\} (\\d+)$`, 'gm');
  for (const m of text.matchAll(re)) buckets.set(m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2]));
  return buckets;
}

/** The upper bound (ms) of the bucket holding quantile `q` of the requests between two scrapes. */
function histogramQuantile(before: Map<number, number>, after: Map<number, number>, q: number): number {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  const bound = bounds.find((b) => (after.get(b) ?? 0) - (before.get(b) ?? 0) >= q * total);
  return bound === undefined ? NaN : bound * 1000;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function benchTarget(target: Target): Promise<Result[]> {
  const ecs = client(target.url);
  await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
  const results: Result[] = [];
  for (const op of OPS) {
    for (const concurrency of CONCURRENCY) {
      const family = `bench-${op === 'DescribeClusters' ? 'd' : 'r'}-c${concurrency}`;
      await load(ecs, op, `${family}-warmup`, Math.min(concurrency, 16), WARMUP, SECONDS);
      const before = target.name === 'wharf' ? await serverHistogram(target.url, op) : undefined;
      const { latencies, errors, elapsed } = await load(ecs, op, family, concurrency, REQUESTS, SECONDS);
      const after = before ? await serverHistogram(target.url, op) : undefined;
      latencies.sort((a, b) => a - b);
      results.push({
        op,
        concurrency,
        requests: latencies.length,
        errors,
        seconds: elapsed,
        rps: latencies.length / elapsed,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        ...(before && after ? { serverP50: histogramQuantile(before, after, 0.5), serverP99: histogramQuantile(before, after, 0.99) } : {}),
      });
      const r = results[results.length - 1];
      if (r) console.error(`  ${target.name} ${op} c=${concurrency}: ${r.rps.toFixed(0)} req/s`);
    }
  }
  ecs.destroy();
  return results;
}

function table(name: string, results: Result[]): string {
  const rows = results.map((r) => [
    r.op, String(r.concurrency), String(r.requests), String(r.errors), r.seconds.toFixed(2),
    r.rps.toFixed(0), r.p50.toFixed(2), r.p99.toFixed(2),
    r.serverP50 === undefined ? '-' : `<=${r.serverP50}`, r.serverP99 === undefined ? '-' : `<=${r.serverP99}`,
  ]);
  const head = ['operation', 'conc', 'requests', 'errors', 'seconds', 'req/s', 'p50 ms', 'p99 ms', 'server p50 ms', 'server p99 ms'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [`\n${name}`, line(head), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const all = new Map<string, Result[]>();
  for (const name of TARGETS) {
    const target = name === 'wharf' ? await startWharf() : name === 'moto' ? await startMoto() : undefined;
    if (!target) throw new Error(`unknown target ${name}`);
    console.error(`benchmarking ${name} at ${target.url} (${REQUESTS} requests or ${SECONDS} s per run)`);
    try {
      all.set(name, await benchTarget(target));
    } finally {
      await target.stop();
    }
  }
  for (const [name, results] of all) console.log(table(name, results));

  const wharf = all.get('wharf');
  const moto = all.get('moto');
  if (wharf && moto) {
    console.log('\nWharf / moto');
    console.log('operation               conc  throughput x  p50 ratio  p99 ratio');
    for (const w of wharf) {
      const m = moto.find((r) => r.op === w.op && r.concurrency === w.concurrency);
      if (!m) continue;
      console.log(`${w.op.padEnd(22)}  ${String(w.concurrency).padStart(4)}  ${(w.rps / m.rps).toFixed(2).padStart(12)}  ` +
        `${(w.p50 / m.p50).toFixed(2).padStart(9)}  ${(w.p99 / m.p99).toFixed(2).padStart(9)}`);
    }
    console.log('\nGoals:');
    for (const op of OPS) {
      const w128 = wharf.find((r) => r.op === op && r.concurrency === 128);
      const m128 = moto.find((r) => r.op === op && r.concurrency === 128);
      const w16 = wharf.find((r) => r.op === op && r.concurrency === 16);
      if (w128 && m128) {
        const x = w128.rps / m128.rps;
        console.log(`  ${op}: ${x.toFixed(2)}x moto at 128 concurrent (goal >= 5x): ${x >= 5 ? 'met' : 'MISSED'}`);
      }
      if (w16) {
        console.log(`  ${op}: p99 ${w16.p99.toFixed(2)} ms at 16 concurrent, as the client sees it (goal < 10 ms): ${w16.p99 < 10 ? 'met' : 'MISSED'}` +
          ` (inside the server: p99 <= ${w16.serverP99 ?? NaN} ms)`);
      }
    }
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
