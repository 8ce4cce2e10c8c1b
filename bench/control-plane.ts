// Control-plane benchmark: the Wharf server with SIMULATED agents taking a batch of tasks from
// RunTask to RUNNING, as the server sees it; tasks per second, RunTask latency, server memory.
//
//   npm run bench:control-plane             (node --import tsx bench/control-plane.ts)
//   BENCH_AGENTS=100 BENCH_TASKS=2000 BENCH_CALLERS=8 BENCH_SECONDS=300 npm run bench:control-plane
//   BENCH_WHARF_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/wharf-prof" ...   (profile the server)
//
// The server is the real one, as a child process (`node bin/wharf.js server`, built first with
// `npm run build`, fresh data dir, 127.0.0.1, ephemeral port), so its memory is its own: peak RSS
// is the kernel's VmHWM from /proc/<pid>/status, sampled RSS every 250 ms besides.
//
// The agents are a SIMULATION, in this process: BENCH_AGENTS (default 1,000) lean scripted
// clients, no Docker, no containers. Each registers a container instance through
// RegisterContainerInstance (@aws-sdk/client-ecs) and opens the real agent session
// (src/protocol/ecs/messages.ts), a WebSocket whose upgrade is SigV4-signed by the agent's own
// signedUpgradeHeaders (src/agent/session.ts); it sends hello, heartbeats, acknowledges every
// `tasks` message and, for each task it has not seen that the server wants RUNNING, reports it
// PENDING then RUNNING at once (two taskState messages, as a real agent's first and last).
//
// Then BENCH_CALLERS (default 8) concurrent callers issue RunTask with count 10 (BENCH_COUNT)
// until BENCH_TASKS (default 20,000) tasks are placed. A task is RUNNING in the server's view when
// the server acknowledges its RUNNING taskState: it acks after the report's transaction commits.
// Tasks per second = tasks / (last RUNNING ack - first RunTask sent). Afterwards ListTasks and
// DescribeTasks confirm every task is RUNNING. Everything stops after BENCH_SECONDS (default 600)
// with what was reached. Goals: >= 1,000 tasks/s, server peak RSS < 1 GiB.
// All traffic goes to 127.0.0.1; client and server share this machine's cores.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  CreateClusterCommand, DescribeTasksCommand, ECSClient, ListTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand,
} from '@aws-sdk/client-ecs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import WebSocket from 'ws';
import { signedUpgradeHeaders } from '../src/agent/session.js';
import {
  SESSION_PATH, parseFrame, serverMessage, type AgentMessage, type TaskState,
} from '../src/protocol/ecs/messages.js';
import { registerInstance } from '../test/helpers/scriptedAgent.js';
import { serverUrl, stopChild, track } from './common.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const AGENTS = Number(process.env.BENCH_AGENTS ?? 1_000);
const TASKS = Number(process.env.BENCH_TASKS ?? 20_000);
const CALLERS = Number(process.env.BENCH_CALLERS ?? 8);
const COUNT = Number(process.env.BENCH_COUNT ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 600);
const SETUP_CONCURRENCY = 32;
const GOAL_TPS = 1_000;
const GOAL_RSS = 1024 ** 3;
const CLUSTER = 'bench-cp';
const KEYS = { accessKeyId: 'AKIABENCHMARK0000001', secretAccessKey: 'bench-secret-0123456789abcdefghijklmnopq' };
const now = (): number => performance.now();


// ---- the server, as a child process ----

interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

async function startWharf(): Promise<Server> {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-bench-cp-'));
  const nodeArgs = (process.env.BENCH_WHARF_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, 'bin/wharf.js', 'server', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, WHARF_ROOT_ACCESS_KEY_ID: KEYS.accessKeyId, WHARF_ROOT_SECRET_ACCESS_KEY: KEYS.secretAccessKey, WHARF_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  child.stderr?.pipe(process.stderr);
  const url = await serverUrl(child);
  child.stdout?.resume();
  return {
    url,
    pid: child.pid ?? 0,
    stop: async () => {
      await stopChild(child, 10_000);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** VmRSS and VmHWM (peak) of a process, in bytes. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

// ---- the simulated agents ----

/** When each task's RUNNING report was acknowledged (performance.now()). */
const runningAt = new Map<string, number>();
let onRunning: (() => void) | undefined;

class SimulatedAgent {
  private ws?: WebSocket;
  private seq = 0;
  private readonly seen = new Set<string>();
  /** id of a RUNNING taskState -> its task ARN */
  private readonly awaitingAck = new Map<string, string>();
  private heartbeat?: NodeJS.Timeout;
  tasksMessages = 0;

  constructor(readonly index: number, readonly containerInstanceArn: string, private readonly endpoint: string) {}

  async connect(): Promise<void> {
    const url = new URL(SESSION_PATH, this.endpoint);
    url.searchParams.set('cluster', CLUSTER);
    url.searchParams.set('containerInstance', this.containerInstanceArn);
    const headers = await signedUpgradeHeaders(url, 'us-east-1', KEYS);
    const ws = new WebSocket(url.toString().replace(/^http/, 'ws'), { headers });
    this.ws = ws;
    await new Promise<void>((res, rej) => {
      ws.once('error', rej);
      ws.on('message', (data) => {
        const msg = parseFrame(serverMessage, String(data));
        if (!msg) return;
        if (msg.type === 'welcome') {
          this.heartbeat = setInterval(() => this.send({ type: 'heartbeat' }), msg.heartbeatIntervalMs);
          this.send({ type: 'hello', id: this.id(), agentVersion: 'bench-simulated', tasks: [] });
          res();
        } else if (msg.type === 'tasks') {
          this.tasksMessages++;
          this.send({ type: 'ack', id: msg.id });
          for (const t of msg.tasks) {
            if (t.desiredStatus !== 'RUNNING' || this.seen.has(t.taskArn)) continue;
            this.seen.add(t.taskArn);
            const names = ((t.taskDefinition.containerDefinitions ?? []) as { name: string }[]).map((c) => c.name);
            const state = (status: 'PENDING' | 'RUNNING'): TaskState => ({
              taskArn: t.taskArn,
              status,
              containers: names.map((name) => ({ name, status: status === 'RUNNING' ? 'RUNNING' : 'CREATED', runtimeId: `sim-${this.index}-${name}`, networkBindings: [] })),
            });
            this.send({ type: 'taskState', id: this.id(), task: state('PENDING') });
            const id = this.id();
            this.awaitingAck.set(id, t.taskArn);
            this.send({ type: 'taskState', id, task: state('RUNNING') });
          }
        } else if (msg.type === 'ack') {
          const arn = this.awaitingAck.get(msg.id);
          if (arn) {
            this.awaitingAck.delete(msg.id);
            runningAt.set(arn, now());
            onRunning?.();
          }
        }
      });
    });
  }

  private id(): string {
    return `sim-${this.index}-${++this.seq}`;
  }

  private send(msg: AgentMessage): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.ws?.close();
  }
}

// ---- helpers ----

function ecsClient(url: string): ECSClient {
  return new ECSClient({
    endpoint: url, region: 'us-east-1', credentials: KEYS, maxAttempts: 1,
    requestHandler: new NodeHttpHandler({
      httpAgent: new Agent({ keepAlive: true, maxSockets: 256 }), connectionTimeout: 30_000, requestTimeout: 60_000,
    }),
  });
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await fn(items[next++] as T);
  }));
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;

async function main(): Promise<void> {
  const server = await startWharf();
  const agents: SimulatedAgent[] = [];
  const rssSamples: { at: number; rss: number }[] = [];
  const sampler = setInterval(() => {
    try { rssSamples.push({ at: now(), rss: memoryOf(server.pid).rss }); } catch { /* exited */ }
  }, 250);
  try {
    console.error(`wharf server (pid ${server.pid}) at ${server.url}`);
    const ecs = ecsClient(server.url);
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    await ecs.send(new RegisterTaskDefinitionCommand({
      family: 'bench-cp',
      containerDefinitions: [{ name: 'app', image: 'busybox', command: ['sleep', '3600'], cpu: 10, memory: 32, essential: true }],
    }));

    const tSetup = now();
    const arns: string[] = new Array(AGENTS);
    await pool([...Array(AGENTS).keys()], SETUP_CONCURRENCY, async (i) => {
      arns[i] = await registerInstance(ecs, {
        cluster: CLUSTER, cpu: 16_384, memory: 65_536, instanceId: `i-${i.toString(16).padStart(17, '0')}`,
        availabilityZone: ['us-east-1a', 'us-east-1b', 'us-east-1c'][i % 3] ?? 'us-east-1a',
      });
    });
    const tRegistered = now();
    await pool([...Array(AGENTS).keys()], SETUP_CONCURRENCY, async (i) => {
      const agent = new SimulatedAgent(i, arns[i] ?? '', server.url);
      await agent.connect();
      agents.push(agent);
    });
    const tConnected = now();
    const afterSetup = memoryOf(server.pid);
    console.error(`${AGENTS} simulated agents: registered in ${((tRegistered - tSetup) / 1000).toFixed(1)} s, ` +
      `sessions open in ${((tConnected - tRegistered) / 1000).toFixed(1)} s; server RSS ${mib(afterSetup.rss)}`);

    // ---- the batch ----
    const sentAt = new Map<string, number>();
    const runLatencies: number[] = [];
    const failures = new Map<string, number>();
    let placed = 0;
    let issued = 0;
    let errors = 0;
    let firstError: unknown;
    const deadline = now() + SECONDS * 1000;
    const allRunning = new Promise<void>((res) => {
      onRunning = () => { if (placed >= TASKS && runningAt.size >= placed) res(); };
      setTimeout(res, SECONDS * 1000).unref();
    });
    const load0 = loadavg()[0] ?? 0;
    const t0 = now();
    let progress = 0;
    await Promise.all(Array.from({ length: CALLERS }, async () => {
      while (issued < TASKS && now() < deadline) {
        const count = Math.min(COUNT, TASKS - issued);
        issued += count;
        const t = now();
        try {
          const out = await ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'bench-cp', count }));
          runLatencies.push(now() - t);
          for (const task of out.tasks ?? []) if (task.taskArn) sentAt.set(task.taskArn, t);
          placed += out.tasks?.length ?? 0;
          for (const f of out.failures ?? []) failures.set(f.reason ?? '?', (failures.get(f.reason ?? '?') ?? 0) + 1);
          issued -= count - (out.tasks?.length ?? 0);
          if (placed - progress >= TASKS / 10) {
            progress = placed;
            console.error(`  ${placed} placed, ${runningAt.size} RUNNING after ${((now() - t0) / 1000).toFixed(1)} s`);
          }
          if ((out.tasks?.length ?? 0) === 0) break;
        } catch (err) {
          errors++;
          issued -= count;
          firstError ??= err;
          if (errors > 20) break;
        }
      }
    }));
    const tCallsDone = now();
    onRunning?.();
    await allRunning;
    const tLast = Math.max(...[...runningAt.values()]);
    const load1 = loadavg()[0] ?? 0;
    const mem = memoryOf(server.pid);
    if (firstError) console.error(`RunTask errors: ${errors}, first: ${String(firstError)}`);

    // ---- check, in the server's own words ----
    let listed = 0;
    let running = 0;
    const described: string[] = [];
    for (let token: string | undefined; ;) {
      const page = await ecs.send(new ListTasksCommand({ cluster: CLUSTER, desiredStatus: 'RUNNING', maxResults: 100, nextToken: token }));
      listed += page.taskArns?.length ?? 0;
      described.push(...(page.taskArns ?? []));
      token = page.nextToken;
      if (!token) break;
    }
    await pool(Array.from({ length: Math.ceil(described.length / 100) }, (_, i) => described.slice(i * 100, i * 100 + 100)), 4, async (batch) => {
      const out = await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: batch }));
      running += (out.tasks ?? []).filter((t) => t.lastStatus === 'RUNNING').length;
    });
    ecs.destroy();

    // ---- report ----
    const done = [...sentAt].filter(([arn]) => runningAt.has(arn));
    const perTask = done.map(([arn, t]) => (runningAt.get(arn) ?? 0) - t).sort((a, b) => a - b);
    runLatencies.sort((a, b) => a - b);
    const elapsed = (tLast - t0) / 1000;
    const tps = done.length / elapsed;
    const peakSampled = Math.max(...rssSamples.map((s) => s.rss));
    const messages = agents.reduce((n, a) => n + a.tasksMessages, 0);
    console.log(`\nControl plane: the Wharf server (child process, node bin/wharf.js server) with ${AGENTS} SIMULATED agents`);
    console.log('(in-process scripted clients: RegisterContainerInstance + the SigV4-signed agent session; no Docker, no containers)');
    console.log(`${CALLERS} concurrent RunTask callers, count ${COUNT}; load average (1 min) ${load0.toFixed(2)} before, ${load1.toFixed(2)} after, 2 cores\n`);
    const rows: [string, string][] = [
      ['tasks placed / RUNNING (acked) / target', `${placed} / ${done.length} / ${TASKS}`],
      ['RunTask calls (errors)', `${runLatencies.length} (${errors})`],
      ['placement failures', failures.size ? [...failures].map(([r, n]) => `${r} x${n}`).join(', ') : 'none'],
      ['all RunTask calls answered after', `${((tCallsDone - t0) / 1000).toFixed(2)} s`],
      ['last task RUNNING after', `${elapsed.toFixed(2)} s`],
      ['tasks per second (RunTask -> RUNNING)', tps.toFixed(0)],
      ['RunTask latency p50 / p99 / max', `${percentile(runLatencies, 50).toFixed(1)} / ${percentile(runLatencies, 99).toFixed(1)} / ${(runLatencies.at(-1) ?? NaN).toFixed(1)} ms`],
      ['per task RunTask sent -> RUNNING p50 / p99', `${percentile(perTask, 50).toFixed(0)} / ${percentile(perTask, 99).toFixed(0)} ms`],
      ['`tasks` messages received by the agents', String(messages)],
      ['ListTasks RUNNING / DescribeTasks RUNNING', `${listed} / ${running}`],
      ['server RSS after agents connected', mib(afterSetup.rss)],
      ['server RSS at the end', mib(mem.rss)],
      ['server peak RSS (VmHWM; sampled max)', `${mib(mem.peak)} (${mib(peakSampled)})`],
    ];
    const w = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
    console.log('\nGoals:');
    console.log(`  >= ${GOAL_TPS} tasks/s: ${tps.toFixed(0)}, ${tps >= GOAL_TPS && done.length >= TASKS ? 'met' : 'MISSED'}`);
    console.log(`  server peak RSS < 1 GiB: ${mib(mem.peak)}, ${mem.peak < GOAL_RSS ? 'met' : 'MISSED'}`);
    if (AGENTS !== 1_000 || TASKS !== 20_000) console.log(`  (reduced run: ${AGENTS} agents, ${TASKS} tasks; the goals are for 1,000 and 20,000)`);
  } finally {
    clearInterval(sampler);
    for (const a of agents) a.close();
    await server.stop();
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
