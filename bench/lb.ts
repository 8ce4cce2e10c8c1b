// Load balancer data plane benchmark: Wharf's HTTP listener against Debian's nginx as reverse
// proxies in front of the same backend, measured with wrk.
//
//   npm run bench:lb                        (node --import tsx bench/lb.ts)
//   BENCH_ROUNDS=3 BENCH_SECONDS=5 BENCH_CONNECTIONS=32 BENCH_THREADS=2 npm run bench:lb
//   BENCH_WHARF_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/wharf-prof" ...   (profile the proxy)
//
// The backend is nginx (one worker) answering a static "ok" with keep-alive, so that the proxies,
// not the backend, are what is measured. Wharf runs as a child process (this file in `serve`
// mode): a real Wharf server whose load balancer records (an application load balancer, an HTTP
// listener forwarding to an ip target group with the backend as its one target) are written
// straight into its Store, as the ELBv2 API writes them; it says `ready` once the target is
// healthy. nginx as the reference proxy: `worker_processes auto`, an upstream with `keepalive`,
// HTTP/1.1 to the backend, X-Forwarded-* set as Wharf sets them; run as `nobody` when this runs as
// root, config, pid and logs in a temp dir, `daemon off`.
//
// Each round runs wrk (BENCH_SECONDS each) against the backend directly, then Wharf and nginx in
// alternating order; then a latency pass with one connection, where added latency is not queueing.
// Printed: requests/s (median of rounds), the ratio wharf/nginx, p50/p99 latency and the p50/p99
// added over direct. Goals: ratio >= 0.6, added p99 < 2 ms. All traffic stays on 127.0.0.1.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startServer } from '../src/server/start.js';
import { createListener, createLoadBalancer, createTargetGroup, forwardTo, registerTargets, waitFor } from '../test/lb/helpers.js';
import { freePort, stopChild, track, trackedChildren } from './common.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const THREADS = Number(process.env.BENCH_THREADS ?? 2);
const NGINX = '/usr/sbin/nginx';
const WRK = '/usr/bin/wrk';

const stop = (child: ChildProcess): Promise<void> => stopChild(child, 10_000);

// ---- serve mode: the Wharf server with its listener (child process) ----

async function serve(backendPort: number, listenerPort: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-bench-lb-'));
  const server = await startServer({
    port: 0, host: '127.0.0.1', dataDir, accountId: '000000000000', region: 'us-east-1', logger: pino({ level: 'warn' }),
  });
  const lb = await createLoadBalancer(server);
  const tg = await createTargetGroup(server, { healthCheck: { path: '/', intervalSeconds: 5, timeoutSeconds: 2 } });
  await createListener(server, lb, listenerPort, forwardTo(tg));
  await registerTargets(server, tg, [backendPort]);
  await waitFor('a healthy target', () => server.loadBalancers.health(tg.arn, { id: '127.0.0.1', port: backendPort })?.state === 'healthy');
  process.stdout.write('ready\n');
  const shutdown = async (): Promise<void> => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
}

async function startWharf(backendPort: number, listenerPort: number): Promise<ChildProcess> {
  const nodeArgs = (process.env.BENCH_WHARF_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = track(spawn(process.execPath, [...nodeArgs, '--import', 'tsx', process.argv[1] ?? 'bench/lb.ts', 'serve', String(backendPort), String(listenerPort)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  }));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => { if (d.toString().includes('ready')) resolve(); });
    child.once('exit', (code) => reject(new Error(`wharf exited (${code}) before it was ready`)));
  });
  return child;
}

// ---- nginx ----

async function startNginx(dir: string, name: string, workers: string, body: string): Promise<ChildProcess> {
  const root = join(dir, name);
  mkdirSync(root, { recursive: true });
  const conf = join(root, 'nginx.conf');
  const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(root, t)};`).join('\n  ');
  writeFileSync(conf, `worker_processes ${workers};
daemon off;
pid ${join(root, 'nginx.pid')};
error_log ${join(root, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  ${temps}
  ${body}
}
`);
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  if (process.getuid?.() === 0) for (const p of [dir, root]) chownSync(p, 65534, 65534);
  const child = track(spawn(NGINX, ['-p', root, '-e', join(root, 'error.log'), '-c', conf], { stdio: ['ignore', 'ignore', 'inherit'], ...asNobody }));
  await new Promise((r) => setTimeout(r, 300));
  if (child.exitCode !== null) throw new Error(`nginx ${name} exited (${child.exitCode})`);
  return child;
}

// ---- wrk ----

interface Run { rps: number; p50: number; p99: number }

function wrk(port: number, connections: number, threads: number, seconds: number): Run {
  const out = spawnSync(WRK, [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, '--latency', `http://127.0.0.1:${port}/`], {
    encoding: 'utf8', timeout: (seconds + 30) * 1000,
  });
  if (out.status !== 0) throw new Error(`wrk failed: ${out.stderr}`);
  const errors = /Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)/.exec(out.stdout);
  if (errors) process.stderr.write(`  wrk on ${port}: ${errors[0]}\n`);
  const ms = (pct: string): number => {
    const m = new RegExp(`^\\s+${pct}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(out.stdout);
    if (!m?.[1]) return NaN;
    return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
  };
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out.stdout)?.[1] ?? NaN), p50: ms('50'), p99: ms('99') };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const summarize = (runs: Run[]): Run => ({ rps: median(runs.map((r) => r.rps)), p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)) });
const f = (n: number, d = 2): string => n.toFixed(d).padStart(9);

async function main(): Promise<void> {
  const missing = [NGINX, WRK].filter((bin) => !existsSync(bin));
  if (missing.length > 0) {
    console.error(`bench/lb needs Debian's nginx and wrk (missing ${missing.join(', ')}): apt-get install -y nginx wrk`);
    process.exitCode = 2;
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'wharf-bench-lb-nginx-'));
  try {
    const [backendPort, nginxPort, wharfPort] = [await freePort(), await freePort(), await freePort()];
    await startNginx(dir, 'backend', '1', `server { listen 127.0.0.1:${backendPort}; keepalive_requests 1000000; location / { return 200 "ok\\n"; } }`);
    await startNginx(dir, 'proxy', 'auto', `upstream backend { server 127.0.0.1:${backendPort}; keepalive 128; keepalive_requests 1000000; }
  server {
    listen 127.0.0.1:${nginxPort};
    keepalive_requests 1000000;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Port $server_port;
    }
  }`);
    const wharf = await startWharf(backendPort, wharfPort);
    console.log(`backend nginx :${backendPort}, nginx proxy :${nginxPort}, wharf :${wharfPort}; ${ROUNDS} rounds x ${SECONDS}s, ${CONNECTIONS} connections, ${THREADS} wrk threads`);
    wrk(wharfPort, CONNECTIONS, THREADS, 2); // warm-up (JIT, pools)
    wrk(nginxPort, CONNECTIONS, THREADS, 1);
    const passes = [
      { name: `throughput (${CONNECTIONS} connections)`, c: CONNECTIONS, t: THREADS, rounds: ROUNDS },
      { name: 'latency (1 connection)', c: 1, t: 1, rounds: Math.max(1, Math.ceil(ROUNDS / 2)) },
    ];
    for (const pass of passes) {
      const runs = { direct: [] as Run[], wharf: [] as Run[], nginx: [] as Run[] };
      for (let round = 0; round < pass.rounds; round++) {
        runs.direct.push(wrk(backendPort, pass.c, pass.t, SECONDS));
        const order = round % 2 === 0 ? (['wharf', 'nginx'] as const) : (['nginx', 'wharf'] as const);
        for (const who of order) runs[who].push(wrk(who === 'wharf' ? wharfPort : nginxPort, pass.c, pass.t, SECONDS));
      }
      const [d, w, n] = [summarize(runs.direct), summarize(runs.wharf), summarize(runs.nginx)];
      console.log(`\n${pass.name}, medians of ${pass.rounds} rounds`);
      console.log('           requests/s   p50 ms   p99 ms   +p50 ms  +p99 ms');
      for (const [name, r] of [['direct', d], ['wharf', w], ['nginx', n]] as const) {
        const added = name === 'direct' ? '' : `${f(r.p50 - d.p50, 3)}${f(r.p99 - d.p99, 3)}`;
        console.log(`${name.padEnd(8)}${f(r.rps, 0)}   ${f(r.p50, 3)}${f(r.p99, 3)}${added}`);
      }
      console.log(`wharf/nginx requests/s: ${(w.rps / n.rps).toFixed(2)} (goal >= 0.6); wharf added p99: ${(w.p99 - d.p99).toFixed(3)} ms (goal < 2)`);
    }
    await stop(wharf);
  } finally {
    await Promise.all(trackedChildren().map(stop));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'serve') await serve(Number(process.argv[3]), Number(process.argv[4]));
else await main();
