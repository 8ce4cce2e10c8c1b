// Service deployment benchmark: a 10-task ECS service behind Wharf's own load balancer, on three
// agents that act as three hosts (127.0.0.1, .2, .3) of this machine's Docker.
//
//   npm run bench:deploy                     (node --import tsx bench/deploy.ts)
//   BENCH_ROLLS=3 BENCH_KILLS=5 BENCH_HOSTS=2 BENCH_LOG_FILE=/tmp/wharf-deploy.log npm run bench:deploy
//
// The setup of test/e2e/services.test.ts, scaled up: a real Wharf server in this process (fresh
// data dir, 127.0.0.1, the DEFAULT lost-agent grace of 10 s), three real agents (startAgent), the
// busybox httpd task definition of test/e2e/serviceKit.ts in two revisions (v1, v2), an application
// load balancer with a target group (5 s health checks, 2 to pass, 5 s deregistration delay) and
// an HTTP listener, and a service of 10 tasks (minimumHealthyPercent 100, maximumPercent 200,
// circuit breaker with rollback). ECS calls go through @aws-sdk/client-ecs; target health through
// the ELBv2 API (DescribeTargetHealth, signed HTTP).
//
// 1. Rolling deployment (BENCH_ROLLS, default 3, alternating v2, v1, v2 ...): UpdateService to the
//    other revision, then DescribeServices every 200 ms until the PRIMARY deployment is COMPLETED,
//    while `hammer` (8 at a time) counts failed requests through the listener.
//    Goal: < 30 s with zero failed requests.
// 2. Replacement (BENCH_KILLS, default 5): `docker kill` one task's container; ListTasks +
//    DescribeTasks every 100 ms until a new task of the service is RUNNING, then DescribeTargetHealth
//    every 200 ms until 10 targets are healthy (the killed one not among them). Goal: RUNNING < 2 s.
// 3. Lost host (BENCH_HOSTS, default 2): the agent holding the most tasks dies as a host dies (its
//    session closed without a goodbye to its containers, then its containers `docker kill`ed);
//    ListTasks + DescribeTasks every 200 ms until the service runs 10 tasks, all RUNNING, none on
//    the dead host. Goal: < 15 s. Between runs a fresh agent starts on the freed address.
//
// Every wait has a timeout and the whole run a watchdog (9.5 minutes); containers, agents and
// the server are cleaned up at the end, also on failure. BENCH_LOG_FILE: server and agent logs
// (pino, level WHARF_TEST_LOG or info) go to that file.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import {
  CreateClusterCommand, CreateServiceCommand, DescribeContainerInstancesCommand, DescribeServicesCommand, DescribeTasksCommand,
  ECSClient, ListTasksCommand, UpdateServiceCommand, type Deployment, type Service, type Task,
} from '@aws-sdk/client-ecs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import pino, { type Logger } from 'pino';
import { startAgent, type RunningAgent } from '../src/agent/agent.js';
import { LABELS } from '../src/agent/runtime/labels.js';
import { removeLabelled } from '../test/agent/helpers.js';
import { createWebBalancer, hammer, registerWeb, type Hammer, type WebBalancer } from '../test/e2e/serviceKit.js';
import { ensureBusyboxImage } from '../test/helpers/images.js';
import { startTestServer, type TestServer } from '../test/helpers/server.js';
import { FORM_CT, send, signHeader } from '../test/protocol/signing.js';
import { freePort } from './common.js';

const ROLLS = Number(process.env.BENCH_ROLLS ?? 3);
const KILLS = Number(process.env.BENCH_KILLS ?? 5);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 2);
const LOG_FILE = process.env.BENCH_LOG_FILE;
const CLUSTER = 'bench-deploy';
const SERVICE = 'web';
const TASKS = 10;
const HOST_IPS = ['127.0.0.1', '127.0.0.2', '127.0.0.3'];
const GOAL_ROLL_MS = 30_000;
const GOAL_REPLACE_MS = 2_000;
const GOAL_LOST_MS = 15_000;
const WATCHDOG_MS = 570_000;
const run = promisify(execFile);
const now = (): number => performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secs = (ms: number | undefined): string => (ms === undefined ? '-' : (ms / 1000).toFixed(2));

// ---- the world: server, hosts, clients ----

interface World {
  server: TestServer;
  ecs: ECSClient;
  lb: WebBalancer;
  url: string;
  work: string;
  log: Logger;
  hosts: RunningAgent[];
  arns: Set<string>;
  dirs: Set<string>;
  load?: Hammer;
}

let world: Partial<World> & { arns: Set<string>; dirs: Set<string>; hosts: RunningAgent[] } = { arns: new Set(), dirs: new Set(), hosts: [] };

/** A real agent on `hostIp` with its own data dir (a host of its own as far as the server can tell). */
async function startHost(w: Pick<World, 'server' | 'log' | 'hosts' | 'arns' | 'dirs'>, hostIp: string): Promise<RunningAgent> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-bench-deploy-agent-'));
  w.dirs.add(dataDir);
  const agent = await startAgent({
    endpoint: w.server.url, cluster: CLUSTER, hostIp, dataDir, region: 'us-east-1', credentials: w.server.clientConfig.credentials, env: {},
    settings: { ECS_CONTAINER_STOP_TIMEOUT: '2s', ECS_IMAGE_PULL_BEHAVIOR: 'prefer-cached' },
    logger: w.log.child({ host: hostIp }),
    session: { backoff: { initialMs: 50, maxMs: 500 }, resendIntervalMs: 500 },
  });
  w.hosts.push(agent);
  w.arns.add(agent.containerInstanceArn);
  return agent;
}

let cleaned: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaned ??= (async () => {
    await world.load?.stop().catch(() => undefined);
    world.ecs?.destroy();
    for (const a of world.hosts.splice(0)) await a.close().catch(() => undefined);
    for (const arn of world.arns) {
      try { removeLabelled(arn); } catch (err) { console.error(`cleanup of ${arn}: ${String(err)}`); }
    }
    await world.server?.stop().catch((err: unknown) => console.error(`server stop: ${String(err)}`));
    for (const d of world.dirs) rmSync(d, { recursive: true, force: true });
    if (world.work) rmSync(world.work, { recursive: true, force: true });
  })();
  return cleaned;
}

// ---- reading the service ----

/** Polls `probe` every `everyMs` until it answers something; the time is when that answer came. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs: number): Promise<{ value: T; at: number }> {
  const deadline = now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return { value, at: now() };
    } catch (err) {
      last = err;
    }
    if (now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(everyMs);
  }
}

async function describeService(ecs: ECSClient): Promise<Service> {
  const s = (await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [SERVICE] }))).services?.[0];
  if (!s) throw new Error(`no service ${SERVICE}`);
  return s;
}

/** The service's tasks whose desired status is RUNNING. */
async function serviceTasks(ecs: ECSClient): Promise<Task[]> {
  const arns = (await ecs.send(new ListTasksCommand({ cluster: CLUSTER, serviceName: SERVICE, desiredStatus: 'RUNNING' }))).taskArns ?? [];
  if (arns.length === 0) return [];
  return (await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: arns }))).tasks ?? [];
}

interface TargetHealth { id: string; port: number; state: string }

/** DescribeTargetHealth through the ELBv2 API (AWS query protocol, signed). */
async function targetHealth(server: TestServer, targetGroupArn: string): Promise<TargetHealth[]> {
  const body = new URLSearchParams({ Action: 'DescribeTargetHealth', Version: '2015-12-01', TargetGroupArn: targetGroupArn }).toString();
  const req = await signHeader({ endpoint: server.url, method: 'POST', path: '/', headers: { 'content-type': FORM_CT }, body },
    { credentials: server.clientConfig.credentials, service: 'elasticloadbalancing' });
  const answer = await send(req);
  if (answer.status !== 200) throw new Error(`DescribeTargetHealth answered ${answer.status}: ${answer.text.slice(0, 200)}`);
  const out: TargetHealth[] = [];
  for (const m of answer.text.matchAll(/<member>([\s\S]*?)<\/TargetHealth>/g)) {
    const part = m[1] ?? '';
    const id = /<Id>([^<]+)<\/Id>/.exec(part)?.[1];
    const port = /<Port>(\d+)<\/Port>/.exec(part)?.[1];
    const state = /<State>([^<]+)<\/State>/.exec(part)?.[1];
    if (id && port && state) out.push({ id, port: Number(port), state });
  }
  return out;
}

const primaryOf = (s: Service): Deployment | undefined => s.deployments?.find((d) => d.status === 'PRIMARY');

/** One deployment, COMPLETED on `revision`, 10 running, and exactly 10 targets, all healthy. */
async function steady(w: World, revision: string): Promise<true | undefined> {
  const s = await describeService(w.ecs);
  const p = primaryOf(s);
  if (s.deployments?.length !== 1 || p?.rolloutState !== 'COMPLETED' || !p.taskDefinition?.endsWith(revision)) return undefined;
  if (s.runningCount !== TASKS || s.pendingCount !== 0) return undefined;
  const health = await targetHealth(w.server, w.lb.targetGroupArn);
  return health.length === TASKS && health.every((t) => t.state === 'healthy') ? true : undefined;
}

const settle = (w: World, revision: string) => until(`the service steady on ${revision}`, () => steady(w, revision), 120_000, 250);

// ---- 1. rolling deployment ----

interface Roll { revision: string; ms: number; newRunningMs?: number; oldGoneMs?: number; ok: number; failed: number; newBodies: number; state: string; failures: string[] }

async function rollOnce(w: World, revision: string, version: string): Promise<Roll> {
  const load = hammer(w.url, { concurrency: 8, maxMs: 150_000, maxRequests: 1_000_000 });
  w.load = load;
  await sleep(1000);
  const t0 = now();
  await w.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: SERVICE, taskDefinition: revision }));
  let newRunningMs: number | undefined;
  let oldGoneMs: number | undefined;
  const done = await until(`${revision} rolled out`, async () => {
    const s = await describeService(w.ecs);
    const p = primaryOf(s);
    if (!p?.taskDefinition?.endsWith(revision)) return undefined;
    const at = now() - t0;
    if (newRunningMs === undefined && (p.runningCount ?? 0) >= TASKS) newRunningMs = at;
    if (oldGoneMs === undefined && !(s.deployments ?? []).some((d) => d !== p && (d.runningCount ?? 0) + (d.pendingCount ?? 0) > 0)) oldGoneMs = at;
    return p.rolloutState === 'COMPLETED' || p.rolloutState === 'FAILED' ? p.rolloutState : undefined;
  }, 120_000, 200);
  const ms = done.at - t0;
  await sleep(500);
  const seen = await load.stop();
  w.load = undefined;
  const newBodies = [...seen.bodies].filter(([b]) => b.startsWith(`${version} `)).reduce((n, [, c]) => n + c, 0);
  return { revision, ms, newRunningMs, oldGoneMs, ok: seen.ok, failed: seen.failed, newBodies, state: done.value, failures: seen.failures.slice(0, 5) };
}

// ---- 2. replacement of a killed container ----

interface Replacement { victim: string; detectedMs?: number; placedMs?: number; runningMs: number; healthyMs: number }

async function ec2Ids(ecs: ECSClient, arns: string[]): Promise<Map<string, string>> {
  const out = await ecs.send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: arns }));
  return new Map((out.containerInstances ?? []).map((ci) => [ci.containerInstanceArn ?? '', ci.ec2InstanceId ?? '']));
}

async function replaceOnce(w: World, round: number): Promise<Replacement> {
  const before = await serviceTasks(w.ecs);
  const victim = before[round % before.length];
  const id = victim?.containers?.[0]?.runtimeId;
  if (!victim?.taskArn || !id) throw new Error('no running task to kill');
  const ec2 = (await ec2Ids(w.ecs, [victim.containerInstanceArn ?? ''])).get(victim.containerInstanceArn ?? '');
  const victimTarget = `${ec2}:${victim.containers?.[0]?.networkBindings?.[0]?.hostPort}`;
  const known = new Set(before.map((t) => t.taskArn));
  const t0 = now();
  await run('docker', ['kill', id]);
  let detectedMs: number | undefined;
  let placedMs: number | undefined;
  const running = await until('a replacement RUNNING', async () => {
    const tasks = await serviceTasks(w.ecs);
    const at = now() - t0;
    if (detectedMs === undefined && !tasks.some((t) => t.taskArn === victim.taskArn)) detectedMs = at;
    const fresh = tasks.filter((t) => !known.has(t.taskArn));
    if (placedMs === undefined && fresh.length > 0) placedMs = at;
    return fresh.find((t) => t.lastStatus === 'RUNNING');
  }, 60_000, 100);
  const healthy = await until('10 healthy targets again', async () => {
    const health = await targetHealth(w.server, w.lb.targetGroupArn);
    const ok = health.filter((t) => t.state === 'healthy' && `${t.id}:${t.port}` !== victimTarget);
    return ok.length >= TASKS ? true : undefined;
  }, 60_000, 200);
  return { victim: victim.taskArn, detectedMs, placedMs, runningMs: running.at - t0, healthyMs: healthy.at - t0 };
}

// ---- 3. a lost host ----

interface Lost {
  hostIp: string;
  tasksOnHost: number;
  lostMs?: number;
  placedMs?: number;
  ms: number;
  stoppedReason: string;
  /** Per replacement, from the server's task timestamps: [created, started] in ms after the host died. */
  launches: [number, number][];
}

async function loseHostOnce(w: World): Promise<Lost> {
  const before = await serviceTasks(w.ecs);
  const perHost = (a: RunningAgent) => before.filter((t) => t.containerInstanceArn === a.containerInstanceArn).length;
  const dead = [...w.hosts].sort((a, b) => perHost(b) - perHost(a))[0];
  if (!dead) throw new Error('no agent to lose');
  const deadArn = dead.containerInstanceArn;
  const onDead = before.filter((t) => t.containerInstanceArn === deadArn).map((t) => t.taskArn ?? '');
  const known = new Set(before.map((t) => t.taskArn));
  const { stdout } = await run('docker', ['ps', '-q', '--filter', `label=${LABELS.instance}=${deadArn}`]);
  const ids = stdout.split('\n').filter(Boolean);

  // The host dies: its agent goes without a word to its containers, and they die with it.
  const t0 = now();
  const wall0 = Date.now();
  w.hosts.splice(w.hosts.indexOf(dead), 1);
  await dead.close();
  if (ids.length > 0) await run('docker', ['kill', ...ids]);
  let lostMs: number | undefined;
  let placedMs: number | undefined;
  const done = await until('10 RUNNING tasks on the remaining hosts', async () => {
    const tasks = await serviceTasks(w.ecs);
    const at = now() - t0;
    const stillOnDead = tasks.filter((t) => t.containerInstanceArn === deadArn);
    if (lostMs === undefined && stillOnDead.length === 0) lostMs = at;
    if (placedMs === undefined && tasks.some((t) => !known.has(t.taskArn))) placedMs = at;
    return stillOnDead.length === 0 && tasks.length === TASKS && tasks.every((t) => t.lastStatus === 'RUNNING') ? tasks : undefined;
  }, 60_000, 200);
  const launches = done.value.filter((t) => !known.has(t.taskArn))
    .map((t): [number, number] => [(t.createdAt?.getTime() ?? NaN) - wall0, (t.startedAt?.getTime() ?? NaN) - wall0])
    .sort((a, b) => a[0] - b[0]);
  const ms = done.at - t0;
  const old = onDead.length ? (await w.ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: onDead }))).tasks ?? [] : [];
  const reasons = [...new Set(old.map((t) => `${t.stopCode ?? '?'}: ${t.stoppedReason ?? '?'}`))];
  return { hostIp: dead.config.hostIp, tasksOnHost: onDead.length, lostMs, placedMs, ms, stoppedReason: reasons.join(' | '), launches };
}

// ---- report ----

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

function goal(what: string, ok: boolean, detail: string): void {
  console.log(`Goal: ${what}: ${detail}, ${ok ? 'met' : 'MISSED'}`);
}

async function main(): Promise<void> {
  const image = ensureBusyboxImage();
  const log = LOG_FILE ? pino({ level: process.env.WHARF_TEST_LOG ?? 'info' }, pino.destination({ dest: LOG_FILE, sync: false })) : pino({ level: 'silent' });
  const server = await startTestServer({ logger: log.child({ part: 'server' }) });
  world.server = server;
  const ecs = new ECSClient({
    ...server.clientConfig,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 16 }) }),
  });
  world.ecs = ecs;
  const work = mkdtempSync(join(tmpdir(), 'wharf-bench-deploy-'));
  world.work = work;
  await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
  const partial = { server, log, hosts: world.hosts, arns: world.arns, dirs: world.dirs };
  for (const ip of HOST_IPS) await startHost(partial, ip);
  const lb = await createWebBalancer(server, 'bench-web', await freePort());
  const url = `http://127.0.0.1:${lb.port}/`;
  const w: World = { ...partial, ecs, lb, url, work };
  world = w;
  const revisions = [{ revision: 'web:1', version: 'v1' }, { revision: 'web:2', version: 'v2' }];
  for (const r of revisions) await registerWeb(server, work, 'web', r.version);
  await ecs.send(new CreateServiceCommand({
    cluster: CLUSTER, serviceName: SERVICE, taskDefinition: 'web:1', desiredCount: TASKS,
    loadBalancers: [{ targetGroupArn: lb.targetGroupArn, containerName: 'web', containerPort: 80 }],
    deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200, deploymentCircuitBreaker: { enable: true, rollback: true } },
  }));
  const t0 = now();
  await settle(w, 'web:1');
  let current = 'web:1';

  console.log('Service deployments on this machine: a 10-task service behind Wharf\'s load balancer');
  console.log(`(server in-process, 3 real agents as hosts ${HOST_IPS.join(', ')} on the local Docker, ${cpus().length} cores,`);
  console.log(` image ${image} cached; target group: 5 s health checks, 2 to pass, deregistration delay 5 s;`);
  console.log(' minimumHealthyPercent 100, maximumPercent 200, circuit breaker on; lost-agent grace: default 10 s)');
  console.log(`initial service of ${TASKS} tasks steady (all targets healthy) after ${secs(now() - t0)} s; load average ${loadavg()[0]?.toFixed(2)}`);

  console.log(`\n1. Rolling deployment: UpdateService -> PRIMARY COMPLETED (DescribeServices every 200 ms), hammer 8 at a time`);
  const rolls: Roll[] = [];
  for (let i = 0; i < ROLLS; i++) {
    const next = revisions.find((r) => r.revision !== current) ?? revisions[0];
    if (!next) break;
    const r = await rollOnce(w, next.revision, next.version);
    rolls.push(r);
    console.log(`  ${i + 1}: ${current} -> ${r.revision}: ${r.state} in ${secs(r.ms)} s (all new RUNNING ${secs(r.newRunningMs)} s, old tasks gone ${secs(r.oldGoneMs)} s);` +
      ` requests ${r.ok + r.failed}, failed ${r.failed}, served by ${next.version} ${r.newBodies}`);
    for (const f of r.failures) console.log(`       failure: ${f}`);
    if (r.state !== 'COMPLETED') throw new Error(`deployment to ${r.revision} ended ${r.state}`);
    current = r.revision;
    await settle(w, current);
  }

  console.log(`\n2. Replacement: docker kill one task's container -> a new task RUNNING (ListTasks+DescribeTasks every 100 ms),`);
  console.log('   and -> 10 healthy targets again (DescribeTargetHealth every 200 ms)');
  const repl: Replacement[] = [];
  for (let i = 0; i < KILLS; i++) {
    const r = await replaceOnce(w, i * 3);
    repl.push(r);
    console.log(`  ${i + 1}: victim stopped ${secs(r.detectedMs)} s, replacement placed ${secs(r.placedMs)} s, RUNNING ${secs(r.runningMs)} s, 10 healthy ${secs(r.healthyMs)} s`);
    await settle(w, current);
  }

  console.log('\n3. Lost host: agent closed and its containers killed -> 10 RUNNING tasks on the other hosts (every 200 ms)');
  const lost: Lost[] = [];
  for (let i = 0; i < HOSTS; i++) {
    const r = await loseHostOnce(w);
    lost.push(r);
    console.log(`  ${i + 1}: host ${r.hostIp} with ${r.tasksOnHost} tasks: its tasks off the service ${secs(r.lostMs)} s, first replacement placed ${secs(r.placedMs)} s,` +
      ` 10 RUNNING elsewhere ${secs(r.ms)} s`);
    console.log(`     its tasks: ${r.stoppedReason}`);
    console.log(`     replacements (created -> started, s): ${r.launches.map(([c, st]) => `${secs(c)}->${secs(st)}`).join(', ')}`);
    if (i < HOSTS - 1) {
      await startHost(w, r.hostIp);
      await settle(w, current);
    }
  }

  const rollMs = rolls.map((r) => r.ms);
  const failed = rolls.reduce((n, r) => n + r.failed, 0);
  const served = rolls.reduce((n, r) => n + r.ok + r.failed, 0);
  const runMs = repl.map((r) => r.runningMs);
  const healthyMs = repl.map((r) => r.healthyMs);
  const lostMs = lost.map((r) => r.ms);
  const row = (name: string, v: number[]) => console.log(`${name.padEnd(40)}${v.map((x) => secs(x).padStart(8)).join('')}   median ${secs(median(v))}`);
  console.log('\nSummary (seconds, each run, then the median)');
  row('rolling deployment -> COMPLETED', rollMs);
  row('killed container -> replacement RUNNING', runMs);
  row('killed container -> 10 healthy targets', healthyMs);
  row('lost host -> 10 RUNNING elsewhere', lostMs);
  console.log(`requests during rolling deployments: ${served}, failed ${failed}\n`);
  goal('rolling deployment < 30 s with zero failed requests', rollMs.every((m) => m < GOAL_ROLL_MS) && failed === 0,
    `median ${secs(median(rollMs))} s, max ${secs(Math.max(...rollMs))} s, ${failed} failed`);
  goal('replacement RUNNING < 2 s', runMs.every((m) => m < GOAL_REPLACE_MS), `median ${secs(median(runMs))} s, max ${secs(Math.max(...runMs))} s`);
  goal('lost host -> 10 RUNNING elsewhere < 15 s', lostMs.every((m) => m < GOAL_LOST_MS), `median ${secs(median(lostMs))} s, max ${secs(Math.max(...lostMs))} s`);
}

const watchdog = setTimeout(() => {
  console.error(`bench: over ${WATCHDOG_MS / 1000} s, giving up`);
  void cleanup().finally(() => process.exit(1));
}, WATCHDOG_MS);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void cleanup().finally(() => process.exit(130)));

main().then(
  () => cleanup().then(() => { clearTimeout(watchdog); process.exit(0); }),
  (err: unknown) => {
    console.error(err);
    return cleanup().finally(() => process.exit(1));
  },
);
