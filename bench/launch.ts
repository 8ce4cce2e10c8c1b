// Launch benchmark: time from RunTask to RUNNING for a one-container task on the local Docker,
// against `docker run -d` of the same cached image on the same Docker, alternating the two in the
// same run (round i runs Wharf first when i is even, docker first when i is odd).
//
//   npm run bench:launch                    (node --import tsx bench/launch.ts)
//   BENCH_ROUNDS=20 BENCH_SECONDS=180 BENCH_POLL_MS=2 npm run bench:launch
//
// Real components, in this process: the Wharf server (startServer, in-process, fresh data dir,
// 127.0.0.1, ephemeral port) and a real agent (startAgent) driving the machine's Docker, with
// ECS_IMAGE_PULL_BEHAVIOR=prefer-cached and the busybox image test/helpers/images.ts imports.
// Each Wharf round: RunTask (count 1) through @aws-sdk/client-ecs, then DescribeTasks polled
// every BENCH_POLL_MS (default 2) until lastStatus is RUNNING; that is the measured time. Each
// docker round: `docker run -d IMAGE sleep 3600` until the CLI returns (the container is then
// running; checked, not timed). After each measurement the container is cleaned up (Wharf:
// StopTask, wait for STOPPED, remove the container; docker: `docker rm -f`), outside the timing.
// One warm-up round of each is not counted. Rounds stop at BENCH_ROUNDS (default 20) or
// BENCH_SECONDS (default 180), whichever comes first.
//
// Besides the client's view, each Wharf round is broken down into steps, from timestamps taken
// in this process (bench-only instrumentation, nothing in src/ changes): the RunTask answer, the
// server sending `tasks` and the agent handing it to its engine (ws send and Engine.apply
// wrapped), the agent's Docker calls (the ContainerRuntime wrapped), the engine's RUNNING state
// event, the agent sending that taskState, the server acknowledging it (it acks after the
// report's transaction commits: the server has recorded RUNNING), and DescribeTasks first
// seeing RUNNING. Goal: Wharf p50 at most 1.3x docker's p50.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import {
  CreateClusterCommand, DescribeTasksCommand, ECSClient, RegisterTaskDefinitionCommand, RunTaskCommand, StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import pino from 'pino';
import WebSocket from 'ws';
import { startAgent, type RunningAgent } from '../src/agent/agent.js';
import { DockerRuntime } from '../src/agent/runtime/dockerRuntime.js';
import type { ContainerRuntime } from '../src/agent/runtime/types.js';
import type { TaskSpec } from '../src/protocol/ecs/messages.js';
import { startServer, type RunningServer } from '../src/server/start.js';
import { ensureBusyboxImage } from '../test/helpers/images.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 180);
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 2);
const GOAL = 1.3;
const CLUSTER = 'bench-launch';
const IMAGE = 'wharf-test/busybox:latest';
const COMMAND = ['sleep', '3600'];
const WAIT_LIMIT_MS = 60_000;
const run = promisify(execFile);
const now = (): number => performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- instrumentation: every mark is [label, ms] on performance.now()'s clock ----

type Mark = { label: string; at: number; detail?: string };
const marks: Mark[] = [];
const mark = (label: string, detail?: string) => marks.push({ label, at: now(), ...(detail ? { detail } : {}) });

/** Records the frames the server and the agent send (both use `ws` in this process). */
function instrumentWebSocket(): void {
  const send = WebSocket.prototype.send;
  const wrapped = function (this: WebSocket, data: unknown, ...rest: unknown[]) {
    if (typeof data === 'string') {
      const type = /^\{"type":"(\w+)"/.exec(data)?.[1];
      if (type === 'tasks' || type === 'taskState' || type === 'ack') mark(`ws ${type}`, data);
    }
    return (send as (...args: unknown[]) => void).call(this, data, ...rest);
  };
  WebSocket.prototype.send = wrapped as typeof WebSocket.prototype.send;
}

/** The agent's Docker runtime with every call timed. */
function timedRuntime(inner: ContainerRuntime): ContainerRuntime {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || prop === 'subscribe') return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        const t0 = now();
        marks.push({ label: `docker ${String(prop)} begin`, at: t0 });
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          marks.push({ label: `docker ${String(prop)}`, at: now(), detail: String(now() - t0) });
        }
      };
    },
  });
}

// ---- the two contenders ----

interface Timing {
  total: number;
  /** Wharf only: ms after RunTask was sent, per step. */
  steps?: Record<string, number>;
}

function ecsClient(url: string, credentials: { accessKeyId: string; secretAccessKey: string }): ECSClient {
  return new ECSClient({
    endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 16 }) }),
  });
}

async function describe(ecs: ECSClient, taskArn: string) {
  const out = await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: [taskArn] }));
  return out.tasks?.[0];
}

async function wharfRound(ecs: ECSClient, docker: DockerRuntime, family: string): Promise<Timing> {
  const from = marks.length;
  const t0 = now();
  const out = await ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: family, count: 1 }));
  const tAnswer = now();
  const taskArn = out.tasks?.[0]?.taskArn;
  if (!taskArn) throw new Error(`RunTask placed nothing: ${JSON.stringify(out.failures)}`);
  let tRunning = 0;
  for (let deadline = t0 + WAIT_LIMIT_MS; ;) {
    const t = await describe(ecs, taskArn);
    if (t?.lastStatus === 'RUNNING') { tRunning = now(); break; }
    if (t?.lastStatus === 'STOPPED') throw new Error(`task stopped: ${t.stoppedReason} ${t.containers?.[0]?.reason ?? ''}`);
    if (now() > deadline) throw new Error('task did not reach RUNNING');
    await sleep(POLL_MS);
  }
  const steps = breakdown(marks.slice(from), taskArn, t0);
  steps['RunTask answered'] = tAnswer - t0;
  steps['DescribeTasks sees RUNNING'] = tRunning - t0;

  // Clean up, untimed: stop, wait for STOPPED, remove the container.
  await ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: taskArn, reason: 'bench' }));
  let containerId: string | undefined;
  for (let deadline = now() + WAIT_LIMIT_MS; ;) {
    const t = await describe(ecs, taskArn);
    containerId = t?.containers?.[0]?.runtimeId ?? containerId;
    if (t?.lastStatus === 'STOPPED') break;
    if (now() > deadline) throw new Error('task did not stop');
    await sleep(50);
  }
  if (containerId) await docker.removeContainer(containerId);
  return { total: tRunning - t0, steps };
}

/** The steps of one Wharf round, in ms after RunTask was sent, from the marks it left. */
function breakdown(ms: Mark[], taskArn: string, t0: number): Record<string, number> {
  const at = (pred: (m: Mark) => boolean): number | undefined => {
    const m = ms.find(pred);
    return m ? m.at - t0 : undefined;
  };
  const steps: Record<string, number> = {};
  const set = (name: string, v: number | undefined) => { if (v !== undefined) steps[name] = v; };
  set('server sends tasks', at((m) => m.label === 'ws tasks' && (m.detail ?? '').includes(taskArn)));
  set('agent engine gets tasks', at((m) => m.label === 'engine.apply' && (m.detail ?? '').includes(taskArn)));
  const dockerCall = (name: string) => ms.filter((m) => m.label === `docker ${name}`);
  for (const name of ['imageExists', 'imageDigest', 'createContainer', 'startContainer', 'inspectContainer']) {
    const calls = dockerCall(name);
    const first = calls[0];
    if (first) {
      set(`docker ${name} called`, at((m) => m.label === `docker ${name} begin`));
      set(`docker ${name} done`, first.at - t0);
      steps[`  (${name} took)`] = Number(first.detail);
    }
  }
  set('engine emits RUNNING', at((m) => m.label === 'engine RUNNING' && m.detail === taskArn));
  const stateFrame = ms.find((m) => m.label === 'ws taskState' && (m.detail ?? '').includes(taskArn) && (m.detail ?? '').includes('"status":"RUNNING"'));
  if (stateFrame) {
    steps['agent sends taskState RUNNING'] = stateFrame.at - t0;
    const id = /"id":"([^"]+)"/.exec(stateFrame.detail ?? '')?.[1];
    set('server acks it (recorded)', at((m) => m.label === 'ws ack' && m.at >= stateFrame.at && (m.detail ?? '').includes(`"id":"${id}"`)));
  }
  steps['# taskState frames up to RUNNING'] = ms.filter((m) => m.label === 'ws taskState' && (m.detail ?? '').includes(taskArn) && m.at <= (stateFrame?.at ?? Infinity)).length;
  return steps;
}

async function dockerRound(i: number): Promise<Timing> {
  const name = `wharf-bench-docker-${process.pid}-${i}`;
  const t0 = now();
  const { stdout } = await run('docker', ['run', '-d', '--name', name, IMAGE, ...COMMAND]);
  const total = now() - t0;
  const { stdout: state } = await run('docker', ['inspect', '-f', '{{.State.Running}}', stdout.trim()]);
  if (state.trim() !== 'true') throw new Error(`docker run -d returned but ${name} is not running`);
  await run('docker', ['rm', '-f', name]);
  return { total };
}

// ---- report ----

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function summary(values: number[]): { p50: number; p90: number; max: number; min: number } {
  const s = [...values].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p90: percentile(s, 90), max: s[s.length - 1] ?? NaN, min: s[0] ?? NaN };
}

function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

async function main(): Promise<void> {
  ensureBusyboxImage(IMAGE);
  instrumentWebSocket();
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-bench-launch-'));
  const agentDir = mkdtempSync(join(tmpdir(), 'wharf-bench-launch-agent-'));
  let server: RunningServer | undefined;
  let agent: RunningAgent | undefined;
  const docker = new DockerRuntime();
  try {
    server = await startServer({
      port: 0, host: '127.0.0.1', dataDir, accountId: '000000000000', region: 'us-east-1', logger: pino({ level: 'silent' }),
    });
    const credentials = { accessKeyId: server.rootKey.accessKeyId, secretAccessKey: server.rootKey.secretAccessKey };
    const ecs = ecsClient(server.url, credentials);
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    const family = 'bench-launch';
    await ecs.send(new RegisterTaskDefinitionCommand({
      family,
      containerDefinitions: [{ name: 'app', image: IMAGE, command: COMMAND, memory: 32, essential: true, stopTimeout: 1 }],
    }));
    agent = await startAgent({
      endpoint: server.url, cluster: CLUSTER, hostIp: '127.0.0.1', dataDir: agentDir, region: 'us-east-1', credentials, env: {},
      settings: { ECS_IMAGE_PULL_BEHAVIOR: 'prefer-cached', ECS_CONTAINER_STOP_TIMEOUT: '1s' },
      logger: pino({ level: 'silent' }),
      runtime: timedRuntime(new DockerRuntime()),
    });
    const engine = agent.engine;
    const apply = engine.apply.bind(engine);
    engine.apply = (specs: TaskSpec[]) => {
      mark('engine.apply', specs.map((s) => s.taskArn).join(' '));
      apply(specs);
    };
    const seen = new Set<string>();
    engine.onTaskState((s) => {
      if (s.status === 'RUNNING' && !seen.has(s.taskArn)) { seen.add(s.taskArn); mark('engine RUNNING', s.taskArn); }
    });
    for (let i = 0; i < 100 && !agent.session.connected; i++) await sleep(50);
    if (!agent.session.connected) throw new Error('the agent did not connect');

    console.error(`server in-process at ${server.url}; agent ${agent.containerInstanceArn}`);
    console.error('warm-up: one round of each');
    await wharfRound(ecs, docker, family);
    await dockerRound(-1);

    const wharf: Timing[] = [];
    const dock: Timing[] = [];
    const started = now();
    const loads: number[] = [];
    for (let i = 0; i < ROUNDS && now() - started < SECONDS * 1000; i++) {
      loads.push(loadavg()[0] ?? 0);
      if (i % 2 === 0) {
        wharf.push(await wharfRound(ecs, docker, family));
        dock.push(await dockerRound(i));
      } else {
        dock.push(await dockerRound(i));
        wharf.push(await wharfRound(ecs, docker, family));
      }
      console.error(`  round ${i + 1}: wharf ${wharf.at(-1)?.total.toFixed(1)} ms, docker ${dock.at(-1)?.total.toFixed(1)} ms`);
    }
    ecs.destroy();

    const w = summary(wharf.map((t) => t.total));
    const d = summary(dock.map((t) => t.total));
    const f = (n: number) => n.toFixed(1).padStart(9);
    console.log(`\nLaunch: RunTask -> RUNNING (DescribeTasks polled every ${POLL_MS} ms) vs docker run -d, ${wharf.length} rounds, alternating`);
    console.log(`(server in-process, real agent on the local Docker, image ${IMAGE} cached, pull behaviour prefer-cached)`);
    console.log(`load average (1 min) during the rounds: ${Math.min(...loads).toFixed(2)} to ${Math.max(...loads).toFixed(2)} on 2 cores`);
    console.log(`\n${'ms'.padEnd(24)}${'min'.padStart(9)}${'p50'.padStart(9)}${'p90'.padStart(9)}${'max'.padStart(9)}`);
    console.log(`${'Wharf RunTask->RUNNING'.padEnd(24)}${f(w.min)}${f(w.p50)}${f(w.p90)}${f(w.max)}`);
    console.log(`${'docker run -d'.padEnd(24)}${f(d.min)}${f(d.p50)}${f(d.p90)}${f(d.max)}`);
    console.log(`${'ratio Wharf/docker'.padEnd(24)}${(w.min / d.min).toFixed(2).padStart(9)}${(w.p50 / d.p50).toFixed(2).padStart(9)}` +
      `${(w.p90 / d.p90).toFixed(2).padStart(9)}${(w.max / d.max).toFixed(2).padStart(9)}`);

    const names = new Set(wharf.flatMap((t) => Object.keys(t.steps ?? {})));
    const order = [...names].sort((a, b) => {
      const ma = median(wharf.map((t) => t.steps?.[a] ?? NaN).filter((x) => !Number.isNaN(x)));
      const mb = median(wharf.map((t) => t.steps?.[b] ?? NaN).filter((x) => !Number.isNaN(x)));
      return ma - mb;
    });
    console.log('\nWharf round, step by step (median over rounds; ms after RunTask was sent, "(... took)" are durations)');
    for (const name of order) {
      if (name.startsWith('  (') || name.startsWith('#')) continue;
      const v = median(wharf.map((t) => t.steps?.[name] ?? NaN).filter((x) => !Number.isNaN(x)));
      console.log(`  ${name.padEnd(36)}${v.toFixed(1).padStart(9)}`);
      const call = /^docker (\w+) done$/.exec(name)?.[1];
      const took = call ? median(wharf.map((t) => t.steps?.[`  (${call} took)`] ?? NaN).filter((x) => !Number.isNaN(x))) : NaN;
      if (call) console.log(`  ${`  (${call} took)`.padEnd(36)}${took.toFixed(1).padStart(9)}`);
    }
    const frames = median(wharf.map((t) => t.steps?.['# taskState frames up to RUNNING'] ?? NaN).filter((x) => !Number.isNaN(x)));
    console.log(`  ${'taskState frames up to RUNNING'.padEnd(36)}${String(frames).padStart(9)}`);
    const ratio = w.p50 / d.p50;
    console.log(`\nGoal: Wharf p50 at most ${GOAL}x docker run -d: ${ratio.toFixed(2)}x, ${ratio <= GOAL ? 'met' : 'MISSED'}`);
  } finally {
    await agent?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    const { stdout } = await run('docker', ['ps', '-aq', '--filter', `name=wharf-bench-docker-${process.pid}-`]).catch(() => ({ stdout: '' }));
    for (const id of stdout.split('\n').filter(Boolean)) await run('docker', ['rm', '-f', id]).catch(() => undefined);
    if (agent) {
      const { stdout: ids } = await run('docker', ['ps', '-aq', '--filter', `label=io.wharf.container-instance-arn=${agent.containerInstanceArn}`]).catch(() => ({ stdout: '' }));
      for (const id of ids.split('\n').filter(Boolean)) await run('docker', ['rm', '-f', id]).catch(() => undefined);
    }
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(agentDir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
