// Placement benchmark. It SIMULATES a cluster: no server, no store, no agents. It builds one
// in-memory snapshot of 5,000 ACTIVE container instances (3 availability zones, 4 instance
// types, reserved and used host ports) running 50,000 tasks in 500 groups, then calls the pure
// `place()` over it for each strategy and reports placements per second.
//
//   npm run bench:placement                 (node --import tsx bench/placement.ts)
//   BENCH_CALLS=2000 BENCH_SECONDS=5 BENCH_COUNT=10 npm run bench:placement
//
// Each cell runs `place()` with `count` = BENCH_COUNT (default 10, RunTask's maximum) or 1, and
// stops at BENCH_CALLS calls or BENCH_SECONDS seconds, whichever comes first, after a short
// warm-up. Every call starts from the same snapshot and does its full per-call work (copying
// the flat arrays, counting the request's group per instance and per spread bucket, then one
// linear pass per task). Columns:
//   indexed:  place(indexSnapshot(snapshot) built once, ...): how the task API should call it,
//             rebuilding the index only when the snapshot changes;
//   snapshot: place(snapshot, ...): a fresh index every call (scans all 50,000 tasks and
//             evaluates memberOf on all 5,000 instances each time).
// There is no external reference for a pure function: the figure to beat is the goal,
// >= 10,000 placements/s, judged on the indexed count=BENCH_COUNT column.
import { performance } from 'node:perf_hooks';
import {
  indexSnapshot,
  place,
  seededRandom,
  type ClusterSnapshot,
  type ContainerInstanceView,
  type InstanceTask,
  type PlacementRequest,
} from '../src/placement/index.js';

const INSTANCES = 5_000;
const TASKS = 50_000;
const GROUPS = 500;
const CALLS = Number(process.env.BENCH_CALLS ?? 2_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const COUNT = Number(process.env.BENCH_COUNT ?? 10);
const WARMUP = 50;
const GOAL = 10_000;
const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const TYPES = ['m5.large', 'm5.xlarge', 'c5.xlarge', 't3.medium'];
const RESERVED = { tcp: [22, 2375, 2376, 51678, 51679], udp: [] };

function simulate(): ClusterSnapshot {
  const rnd = seededRandom(42);
  const tasks: InstanceTask[][] = Array.from({ length: INSTANCES }, () => []);
  for (let t = 0; t < TASKS; t++) {
    const g = Math.floor(rnd() * GROUPS);
    tasks[Math.floor(rnd() * INSTANCES)]?.push({ group: `service:svc-${g}`, family: `svc-${g}` });
  }
  const instances: ContainerInstanceView[] = tasks.map((onIt, i) => ({
    arn: `arn:aws:ecs:us-east-1:000000000000:container-instance/bench/${i.toString(16).padStart(32, '0')}`,
    ec2InstanceId: `i-${i.toString(16).padStart(17, '0')}`,
    status: 'ACTIVE',
    agentConnected: true,
    agentVersion: i % 10 === 0 ? '1.70.0' : '1.82.1',
    registeredAt: Date.UTC(2024, 0, 1) + i * 60_000,
    attributes: [
      { name: 'ecs.availability-zone', value: ZONES[i % ZONES.length] as string },
      { name: 'ecs.instance-type', value: TYPES[i % TYPES.length] as string },
      { name: 'ecs.os-type', value: 'linux' },
      { name: 'ecs.cpu-architecture', value: 'x86_64' },
      { name: 'ecs.ami-id', value: 'ami-0123456789abcdef0' },
      { name: 'ecs.capability.docker-remote-api.1.44' },
    ],
    registered: { cpu: 4096, memory: 16_384 },
    remaining: { cpu: 4096 - onIt.length * 128 - Math.floor(rnd() * 512), memory: 16_384 - onIt.length * 512 - Math.floor(rnd() * 4096) },
    reservedPorts: RESERVED,
    usedPorts: { tcp: onIt.length > 12 ? [8080] : [], udp: [] },
    runningTasksCount: onIt.length,
    tasks: onIt,
  }));
  return { instances };
}

interface Case {
  name: string;
  request: Omit<PlacementRequest, 'count'>;
}

const base = { cpu: 256, memory: 512, group: 'service:svc-7', family: 'svc-7' };
const CASES: Case[] = [
  { name: 'random', request: { ...base, placementStrategy: [{ type: 'random' }] } },
  { name: 'spread instanceId', request: { ...base, placementStrategy: [{ type: 'spread', field: 'instanceId' }] } },
  { name: 'spread attribute:ecs.availability-zone', request: { ...base, placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }] } },
  { name: 'binpack memory', request: { ...base, placementStrategy: [{ type: 'binpack', field: 'memory' }] } },
  { name: 'binpack cpu', request: { ...base, placementStrategy: [{ type: 'binpack', field: 'cpu' }] } },
  {
    name: 'spread az, then binpack memory',
    request: { ...base, placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'binpack', field: 'memory' }] },
  },
  {
    name: 'memberOf (m5.* and not us-east-1c) + spread az',
    request: {
      ...base,
      placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
      placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ m5.* and attribute:ecs.availability-zone != us-east-1c' }],
    },
  },
  { name: 'distinctInstance + fixed port 8080', request: { ...base, ports: { tcp: [8080] }, placementConstraints: [{ type: 'distinctInstance' }] } },
];

type Source = ClusterSnapshot | ReturnType<typeof indexSnapshot>;

function run(snapshot: Source, request: PlacementRequest): { perSecond: number; calls: number } {
  const random = seededRandom(7);
  for (let w = 0; w < WARMUP; w++) place(snapshot, request, { random });
  let placed = 0;
  let calls = 0;
  const start = performance.now();
  const deadline = start + SECONDS * 1000;
  while (calls < CALLS && performance.now() < deadline) {
    const result = place(snapshot, request, { random });
    if (result.kind !== 'placed') throw new Error(result.message);
    placed += result.placements.length;
    calls++;
  }
  return { perSecond: placed / ((performance.now() - start) / 1000), calls };
}

const snapshot = simulate();
console.log(`Simulated snapshot: ${INSTANCES} instances, ${TASKS} running tasks in ${GROUPS} groups (no server, no agents).`);
console.log(`Each case: up to ${CALLS} place() calls or ${SECONDS}s; goal >= ${GOAL.toLocaleString('en')} placements/s.\n`);
const t0 = performance.now();
const index = indexSnapshot(snapshot);
console.log(`indexSnapshot(): ${(performance.now() - t0).toFixed(1)} ms (first build, cold JIT)\n`);
const fmt = (n: number): string => Math.round(n).toLocaleString('en');
const head = ['placements/s', `indexed n=${COUNT}`, 'indexed n=1', `snapshot n=${COUNT}`, 'snapshot n=1', `goal (indexed n=${COUNT})`];
console.log(`${head[0]?.padEnd(48)}${head.slice(1, 5).map((h) => h.padStart(15)).join('')}  ${head[5]}`);
for (const c of CASES) {
  const cells = [
    run(index, { ...c.request, count: COUNT }),
    run(index, { ...c.request, count: 1 }),
    run(snapshot, { ...c.request, count: COUNT }),
    run(snapshot, { ...c.request, count: 1 }),
  ].map((r) => r.perSecond);
  const ok = (cells[0] ?? 0) >= GOAL ? 'met' : 'MISSED';
  console.log(`${c.name.padEnd(48)}${cells.map((v) => fmt(v).padStart(15)).join('')}  ${ok}`);
}
