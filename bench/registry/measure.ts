// The measurements, run the same way against every target: push and pull throughput for one
// image shape, small-request latency, and the server's RSS during a big single-layer push.
import { bytesBlob, imageManifest, randomBlob, streamedBlob, type Blob, type RegistryClient, type UploadMode } from './client.js';
import { cpuSeconds, sampleRss } from './processes.js';
import type { Target } from './targets.js';

export const MiB = 1 << 20;
const LAYER = 'application/vnd.oci.image.layer.v1.tar';
const CONFIG = 'application/vnd.oci.image.config.v1+json';

export interface Shape {
  key: string;
  label: string;
  count: number;
  size: number;
}

export interface Settings {
  seconds: number;
  concurrency: number;
  mode: UploadMode;
  verify: boolean;
}

export interface Transfer {
  blobs: number;
  bytes: number;
  seconds: number;
  errors: number;
  /** CPU time the server used meanwhile (user + system, all threads). */
  cpuSeconds: number;
}

export interface ShapeRound {
  push: Transfer;
  pull: Transfer;
  manifestMs: number;
  /** The layers pushed (a time limit can cut the push short). */
  digests: string[];
}

function now(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

export function mibPerSecond(t: Transfer): number {
  return t.bytes / MiB / t.seconds;
}

/** Runs `fn` on each item, `concurrency` at a time, issuing nothing after `seconds`. */
async function pool<T>(what: string, items: T[], concurrency: number, seconds: number, fn: (item: T, deadline: number) => Promise<void>) {
  const started = now();
  const deadline = Date.now() + seconds * 1000;
  const done: T[] = [];
  let next = 0;
  let errors = 0;
  let firstError: unknown;
  const worker = async () => {
    while (next < items.length && Date.now() < deadline) {
      const item = items[next++] as T;
      try {
        await fn(item, deadline);
        done.push(item);
      } catch (err) {
        errors += 1;
        firstError ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (firstError) console.error(`    ${what}: ${errors} errors, first: ${String(firstError)}`);
  return { done, errors, seconds: now() - started };
}

function transfer(blobs: Blob[], errors: number, seconds: number, cpu: number): Transfer {
  return { blobs: blobs.length, bytes: blobs.reduce((n, b) => n + b.size, 0), seconds, errors, cpuSeconds: cpu };
}

/** Pushes `shape` as a fresh image (random layers, a config, a manifest), then pulls every blob. */
export async function shapeRound(client: RegistryClient, target: Target, repository: string, shape: Shape, s: Settings): Promise<ShapeRound> {
  const layers = Array.from({ length: shape.count }, () => randomBlob(shape.size));
  const cpu0 = cpuSeconds(target.pid);
  const pushed = await pool(`${repository} push`, layers, s.concurrency, s.seconds, (b, deadline) => client.pushBlob(repository, b, s.mode, deadline));
  const cpu1 = cpuSeconds(target.pid);
  const descriptors = pushed.done.map((b) => ({ mediaType: LAYER, digest: b.digest, size: b.size }));
  const configBlob = bytesBlob(Buffer.from(JSON.stringify({
    architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: descriptors.map((d) => d.digest) },
  })));
  await client.pushBlob(repository, configBlob, s.mode);
  const t0 = now();
  await client.putManifest(repository, 'latest', imageManifest({ mediaType: CONFIG, digest: configBlob.digest, size: configBlob.size }, descriptors));
  const manifestMs = (now() - t0) * 1000;
  const cpu2 = cpuSeconds(target.pid);
  const pulled = await pool(`${repository} pull`, pushed.done, s.concurrency, s.seconds, (b, deadline) => client.pullBlob(repository, b, s.verify, deadline));
  const cpu3 = cpuSeconds(target.pid);
  return {
    push: transfer(pushed.done, pushed.errors, pushed.seconds, cpu1 - cpu0),
    pull: transfer(pulled.done, pulled.errors, pulled.seconds, cpu3 - cpu2),
    manifestMs,
    digests: pushed.done.map((b) => b.digest),
  };
}

export interface Latency {
  op: string;
  requests: number;
  errors: number;
  p50: number;
  p99: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** One request at a time, after a short warm-up, until `count` requests or `seconds`. */
export async function latency(op: string, count: number, seconds: number, fn: (i: number) => Promise<void>): Promise<Latency> {
  for (let i = 0; i < Math.min(20, count); i++) await fn(i).catch(() => {});
  const ms: number[] = [];
  let errors = 0;
  let firstError: unknown;
  const deadline = Date.now() + seconds * 1000;
  for (let i = 0; i < count && Date.now() < deadline; i++) {
    const t0 = now();
    try {
      await fn(i);
      ms.push((now() - t0) * 1000);
    } catch (err) {
      errors += 1;
      firstError ??= err;
    }
  }
  if (firstError) console.error(`    ${op}: ${errors} errors, first: ${String(firstError)}`);
  ms.sort((a, b) => a - b);
  return { op, requests: ms.length, errors, p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

export interface Memory {
  size: number;
  /** Peak RSS over a second of idling just before the push. */
  idlePeak: number;
  pushPeak: number;
  pullPeak: number;
  /** RSS once the pull is over. */
  after: number;
  push?: Transfer | undefined;
  pull?: Transfer | undefined;
}

/**
 * Samples the server's RSS every 100 ms while one `size`-byte layer, generated as it is sent
 * (never held by the client), is pushed and then pulled.
 */
export async function memoryRound(client: RegistryClient, target: Target, repository: string, size: number, s: Settings): Promise<Memory> {
  const blob = streamedBlob(size);
  const idle = sampleRss(target.pid);
  await new Promise((r) => setTimeout(r, 1000));
  const idlePeak = idle.stop().peak;
  const timed = async (what: string, fn: (deadline: number) => Promise<void>) => {
    const t0 = now();
    const cpu0 = cpuSeconds(target.pid);
    const rss = sampleRss(target.pid);
    let result: Transfer | undefined;
    try {
      await fn(Date.now() + s.seconds * 1000);
      result = { blobs: 1, bytes: size, seconds: now() - t0, errors: 0, cpuSeconds: cpuSeconds(target.pid) - cpu0 };
    } catch (err) {
      console.error(`    ${what}: ${String(err)}`);
    }
    return { result, rss: rss.stop() };
  };
  const push = await timed('big push', (deadline) => client.pushBlob(repository, blob, s.mode, deadline));
  const pull = push.result
    ? await timed('big pull', (deadline) => client.pullBlob(repository, blob, s.verify, deadline))
    : { result: undefined, rss: { peak: NaN, last: push.rss.last } };
  return { size, idlePeak, pushPeak: push.rss.peak, pullPeak: pull.rss.peak, after: pull.rss.last, push: push.result, pull: pull.result };
}
