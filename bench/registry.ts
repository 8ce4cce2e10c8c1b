// Registry benchmark: push and pull throughput, small-request latency and server memory of the
// OCI Distribution API, with the same client code (node:http, keep-alive) against Wharf with blob
// encryption on, Wharf with it off (WHARF_REGISTRY_ENCRYPTION=off), and Debian's CNCF
// distribution (`docker-registry` 2.8.x, filesystem storage, no auth), then the ratios.
//
//   npm run bench:registry                  (node --import tsx bench/registry.ts)
//   BENCH_LARGE_MB=50 BENCH_BIG_MB=256 BENCH_ROUNDS=1 npm run bench:registry     (a quick run)
//
// Image shapes, each pushed as fresh random content (so nothing dedups) in BENCH_ROUNDS rounds
// (default 3; the tables give the median): one BENCH_LARGE_MB (200) MiB layer; 20 layers of
// BENCH_LAYER_MB (5) MiB; 200 blobs of BENCH_TINY_BYTES (1024) bytes. A blob push is a POST and a
// monolithic PUT (BENCH_UPLOAD=put, default) or a POST, a streamed PATCH and an empty PUT
// (BENCH_UPLOAD=patch, as docker does); then a config and the manifest. The pull GETs every
// layer and consumes the stream (BENCH_VERIFY=1 also checks each digest). Multi-blob shapes move
// BENCH_CONCURRENCY (4) blobs at a time. Small requests: HEAD blob and GET manifest on the tiny
// image, one at a time, BENCH_LATENCY_REQUESTS (500) each. Memory: the server's RSS
// (/proc/<pid>/status, every 100 ms) while one BENCH_BIG_MB (1024; 0 skips it) MiB layer,
// generated as it is sent, is pushed and pulled.
//
// Rounds are interleaved across the targets (all running at once, idle but for the one measured),
// each after a `sync`, so a slow spell of a shared machine is spread over every target; the
// tables also give the server's CPU time (/proc/<pid>/stat), which depends less on such spells.
// Every loop stops at its count or after BENCH_SECONDS (60) seconds, and a transfer still going
// then is cut off. Wharf is built first (`npm run build`; BENCH_SKIP_BUILD=1 uses dist/ as it
// is). BENCH_TARGETS picks targets (default wharf-off,wharf-on,distribution);
// distribution is skipped with a message when /usr/bin/docker-registry is missing
// (`apt-get install -y docker-registry`). All traffic goes to 127.0.0.1; servers and temp dirs
// are removed on exit, also after an error. Goals: >= 1.5x distribution's push and pull
// throughput with encryption off, >= 1.0x with it on, and Wharf's RSS flat (at most 64 MiB over
// its idle peak) during the big push.
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RegistryClient, randomBlob, type UploadMode } from './registry/client.js';
import { latency, memoryRound, mibPerSecond, MiB, shapeRound, type Latency, type Memory, type Settings, type Shape, type ShapeRound } from './registry/measure.js';
import { startDistribution, startWharf, type Target } from './registry/targets.js';
import { ratioTable, targetTables, type ShapeResult, type TargetResult } from './registry/report.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const ROUNDS = Number(env.BENCH_ROUNDS ?? 3);
const BIG_MB = Number(env.BENCH_BIG_MB ?? 1024);
const LATENCY_REQUESTS = Number(env.BENCH_LATENCY_REQUESTS ?? 500);
const TARGETS = (env.BENCH_TARGETS ?? 'wharf-off,wharf-on,distribution').split(',');
const FLAT_LIMIT = 64 * MiB;
const SETTINGS: Settings = {
  seconds: Number(env.BENCH_SECONDS ?? 60),
  concurrency: Number(env.BENCH_CONCURRENCY ?? 4),
  mode: (env.BENCH_UPLOAD ?? 'put') as UploadMode,
  verify: env.BENCH_VERIFY === '1',
};
const tinyBytes = Number(env.BENCH_TINY_BYTES ?? 1024);
const SHAPES: Shape[] = [
  { key: 'large', label: '', count: 1, size: Number(env.BENCH_LARGE_MB ?? 200) * MiB },
  { key: 'layers', label: '', count: 20, size: Number(env.BENCH_LAYER_MB ?? 5) * MiB },
  { key: 'tiny', label: '', count: 200, size: tinyBytes },
].map((s) => ({ ...s, label: `${s.count} x ${s.size >= MiB ? `${s.size / MiB} MiB` : `${s.size} B`}` }));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

function summarize(shape: Shape, rounds: ShapeRound[]): ShapeResult {
  return {
    shape,
    rounds,
    pushMiBs: median(rounds.map((r) => mibPerSecond(r.push))),
    pullMiBs: median(rounds.map((r) => mibPerSecond(r.pull))),
    pushBlobsPerSecond: median(rounds.map((r) => r.push.blobs / r.push.seconds)),
    pullBlobsPerSecond: median(rounds.map((r) => r.pull.blobs / r.pull.seconds)),
    pushCpuSeconds: median(rounds.map((r) => r.push.cpuSeconds)),
    pullCpuSeconds: median(rounds.map((r) => r.pull.cpuSeconds)),
    manifestMs: median(rounds.map((r) => r.manifestMs)),
    errors: rounds.reduce((n, r) => n + r.push.errors + r.pull.errors, 0),
  };
}

/** Writes back dirty pages and lets the machine settle, so no round pays for the one before. */
async function settle(): Promise<void> {
  execFileSync('sync');
  await new Promise((r) => setTimeout(r, 200));
}

interface Running {
  target: Target;
  client: RegistryClient;
}

/**
 * Runs every target through the same steps. Rounds are interleaved (round r of a shape on each
 * target in turn, starting with a different target each round), so a slow spell of a shared
 * machine does not land on one target only.
 */
async function bench(running: Running[]): Promise<Map<string, TargetResult>> {
  for (const { target, client } of running) {
    // Warm-up: connections, JIT, the first repository.
    await target.createRepository('bench/warmup');
    for (let i = 0; i < 3; i++) {
      const blob = randomBlob(16 * MiB);
      await client.pushBlob('bench/warmup', blob, SETTINGS.mode);
      await client.pullBlob('bench/warmup', blob, false);
    }
  }
  const rounds = new Map(running.map(({ target }) => [target.name, SHAPES.map(() => [] as ShapeRound[])]));
  const latencies = new Map<string, Latency[]>(running.map(({ target }) => [target.name, []]));
  for (const [i, shape] of SHAPES.entries()) {
    for (let r = 1; r <= ROUNDS; r++) {
      for (let k = 0; k < running.length; k++) {
        const { target, client } = running[(k + r - 1) % running.length] as Running;
        const repository = `bench/${shape.key}-${r}`;
        await target.createRepository(repository);
        await settle();
        const round = await shapeRound(client, target, repository, shape, SETTINGS);
        rounds.get(target.name)?.[i]?.push(round);
        console.error(`  ${shape.label} round ${r} ${target.name}: push ${mibPerSecond(round.push).toFixed(2)} MiB/s, pull ${mibPerSecond(round.pull).toFixed(2)} MiB/s`);
        if (shape.key === 'tiny' && r === ROUNDS && round.digests.length > 0) {
          const digests = round.digests;
          latencies.get(target.name)?.push(
            await latency('HEAD blob', LATENCY_REQUESTS, SETTINGS.seconds, (n) => client.headBlob(repository, digests[n % digests.length] ?? '')),
            await latency('GET manifest', LATENCY_REQUESTS, SETTINGS.seconds, () => client.getManifest(repository, 'latest')),
          );
        }
      }
    }
  }
  const memory = new Map<string, Memory>();
  for (const { target, client } of BIG_MB > 0 ? running : []) {
    await target.createRepository('bench/big');
    await settle();
    const m = await memoryRound(client, target, 'bench/big', BIG_MB * MiB, SETTINGS);
    memory.set(target.name, m);
    console.error(`  ${BIG_MB} MiB push ${target.name}: RSS ${(m.idlePeak / MiB).toFixed(0)} -> ${(m.pushPeak / MiB).toFixed(0)} MiB`);
  }
  return new Map(running.map(({ target }) => [target.name, {
    target,
    shapes: SHAPES.map((shape, i) => summarize(shape, rounds.get(target.name)?.[i] ?? [])),
    latency: latencies.get(target.name) ?? [],
    memory: memory.get(target.name),
  }]));
}

async function start(name: string): Promise<Target | undefined> {
  if (name === 'wharf-off') return startWharf(ROOT, false);
  if (name === 'wharf-on') return startWharf(ROOT, true);
  if (name === 'distribution') return startDistribution(ROOT);
  throw new Error(`unknown target ${name} (wharf-off, wharf-on, distribution)`);
}

function goals(results: Map<string, TargetResult>): string[] {
  const dist = results.get('distribution');
  const lines = ['', 'Goals:'];
  for (const [name, min] of [['wharf-off', 1.5], ['wharf-on', 1.0]] as const) {
    const wharf = results.get(name);
    if (!wharf || !dist) continue;
    for (const dir of ['push', 'pull'] as const) {
      const key = dir === 'push' ? 'pushMiBs' : 'pullMiBs';
      const ratios = wharf.shapes.map((s, i) => ({ label: s.shape.label, x: s[key] / (dist.shapes[i]?.[key] ?? NaN) }));
      const met = ratios.every((r) => r.x >= min);
      lines.push(`  ${dir} throughput, ${wharf.target.label}, >= ${min.toFixed(1)}x distribution: ` +
        `${ratios.map((r) => `${r.label} ${r.x.toFixed(2)}x`).join(', ')}: ${met ? 'met' : 'MISSED'}`);
    }
  }
  for (const name of ['wharf-off', 'wharf-on']) {
    const m = results.get(name)?.memory;
    if (!m) continue;
    const growth = m.pushPeak - m.idlePeak;
    lines.push(`  RSS flat during the ${m.size / MiB} MiB push, ${name} (at most +${FLAT_LIMIT / MiB} MiB): ` +
      `${(m.idlePeak / MiB).toFixed(0)} MiB idle, ${(m.pushPeak / MiB).toFixed(0)} MiB peak, ${growth >= 0 ? '+' : ''}${(growth / MiB).toFixed(0)} MiB: ` +
      `${m.push && growth <= FLAT_LIMIT ? 'met' : 'MISSED'}`);
  }
  return lines;
}

async function main(): Promise<void> {
  if (TARGETS.some((t) => t.startsWith('wharf')) && env.BENCH_SKIP_BUILD !== '1') execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const running: Running[] = [];
  try {
    for (const name of TARGETS) {
      const target = await start(name);
      if (target) running.push({ target, client: new RegistryClient(target.url, target.authorization) });
    }
    console.error(`benchmarking ${running.map((r) => `${r.target.label} at ${r.target.url}`).join(', ')}: ` +
      `${ROUNDS} rounds, ${SETTINGS.mode} uploads, ${SETTINGS.concurrency} at a time, ${SETTINGS.seconds} s per loop`);
    const results = await bench(running);
    for (const r of results.values()) console.log(targetTables(r, ROUNDS));
    console.log(ratioTable(results).join('\n'));
    console.log(goals(results).join('\n'));
  } finally {
    for (const { target, client } of running) {
      client.close();
      await target.stop();
    }
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
