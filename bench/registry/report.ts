// The printed tables: one per target (throughput by shape, small-request latency, memory during
// the big push), then the Wharf/distribution and encryption on/off ratios.
import { mibPerSecond, MiB, type Latency, type Memory, type Shape, type ShapeRound } from './measure.js';
import type { Target } from './targets.js';

export interface ShapeResult {
  shape: Shape;
  rounds: ShapeRound[];
  /** Medians over the rounds. */
  pushMiBs: number;
  pullMiBs: number;
  pushBlobsPerSecond: number;
  pullBlobsPerSecond: number;
  /** Server CPU time (user + system) during the push and during the pull. */
  pushCpuSeconds: number;
  pullCpuSeconds: number;
  manifestMs: number;
  errors: number;
}

export interface TargetResult {
  target: Target;
  shapes: ShapeResult[];
  latency: Latency[];
  memory?: Memory | undefined;
}

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(head), ...rows.map(line)];
}

const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const mib = (bytes: number) => fixed(bytes / MiB, 0);

export function targetTables(r: TargetResult, rounds: number): string {
  const out = [`\n${r.target.label}  (medians of ${rounds} round${rounds === 1 ? '' : 's'}; CPU s: the server's user + system time; rounds: push/pull MiB/s of each)`];
  out.push(...table(
    ['shape', 'blobs', 'MiB', 'push MiB/s', 'push blobs/s', 'push CPU s', 'pull MiB/s', 'pull blobs/s', 'pull CPU s', 'manifest PUT ms', 'errors', 'rounds'],
    r.shapes.map((s) => [
      s.shape.label,
      String(s.rounds[0]?.push.blobs ?? 0),
      fixed((s.shape.count * s.shape.size) / MiB, s.shape.size >= MiB ? 0 : 2),
      fixed(s.pushMiBs, s.shape.size >= MiB ? 1 : 3),
      fixed(s.pushBlobsPerSecond, 0),
      fixed(s.pushCpuSeconds, 2),
      fixed(s.pullMiBs, s.shape.size >= MiB ? 1 : 3),
      fixed(s.pullBlobsPerSecond, 0),
      fixed(s.pullCpuSeconds, 2),
      fixed(s.manifestMs, 2),
      String(s.errors),
      s.rounds.map((x) => `${fixed(mibPerSecond(x.push), s.shape.size >= MiB ? 0 : 2)}/${fixed(mibPerSecond(x.pull), s.shape.size >= MiB ? 0 : 2)}`).join(' '),
    ]),
  ));
  if (r.latency.length > 0) {
    out.push('', 'small requests on the tiny-blob image, one at a time');
    out.push(...table(['request', 'count', 'errors', 'p50 ms', 'p99 ms'],
      r.latency.map((l) => [l.op, String(l.requests), String(l.errors), fixed(l.p50, 3), fixed(l.p99, 3)])));
  }
  const m = r.memory;
  if (m) {
    out.push('', `server RSS (MiB) around a ${m.size / MiB} MiB single-layer push and pull, sampled every 100 ms`);
    out.push(...table(
      ['idle peak', 'push peak', 'push growth', 'pull peak', 'after', 'push MiB/s', 'push CPU s', 'pull MiB/s', 'pull CPU s'],
      [[mib(m.idlePeak), mib(m.pushPeak), mib(m.pushPeak - m.idlePeak), mib(m.pullPeak), mib(m.after),
        m.push ? fixed(mibPerSecond(m.push)) : 'failed', fixed(m.push?.cpuSeconds ?? NaN, 2),
        m.pull ? fixed(mibPerSecond(m.pull)) : 'failed', fixed(m.pull?.cpuSeconds ?? NaN, 2)]],
    ));
  }
  return out.join('\n');
}

/** Throughput ratios by shape: Wharf/distribution with encryption off and on, and on/off. */
export function ratioTable(results: Map<string, TargetResult>): string[] {
  const off = results.get('wharf-off');
  const on = results.get('wharf-on');
  const dist = results.get('distribution');
  const columns: Array<[string, TargetResult | undefined, TargetResult | undefined]> = [
    ['off/dist', off, dist],
    ['on/dist', on, dist],
    ['on/off', on, off],
  ];
  const present = columns.filter(([, a, b]) => a && b);
  if (present.length === 0) return [];
  const shapes = (off ?? on ?? dist)?.shapes ?? [];
  const rows = shapes.map((s, i) => [s.shape.label, ...present.flatMap(([, a, b]) => {
    const x = a?.shapes[i];
    const y = b?.shapes[i];
    return [fixed((x?.pushMiBs ?? NaN) / (y?.pushMiBs ?? NaN), 2), fixed((x?.pullMiBs ?? NaN) / (y?.pullMiBs ?? NaN), 2)];
  })]);
  const big = (off ?? on)?.memory;
  if (big) {
    rows.push([`1 x ${big.size / MiB} MiB (memory run)`, ...present.flatMap(([, a, b]) => {
      const x = a?.memory;
      const y = b?.memory;
      const r = (f: (m: Memory) => number) => fixed(x && y ? f(x) / f(y) : NaN, 2);
      return [r((m) => (m.push ? mibPerSecond(m.push) : NaN)), r((m) => (m.pull ? mibPerSecond(m.pull) : NaN))];
    })]);
  }
  const latencyRows = (off ?? on)?.latency.map((l, i) => [`${l.op} p50 (lower is better)`, ...present.flatMap(([, a, b]) => {
    const x = a?.latency[i];
    const y = b?.latency[i];
    return [fixed((x?.p50 ?? NaN) / (y?.p50 ?? NaN), 2), ''];
  })]) ?? [];
  return [
    '',
    'Ratios (throughput: higher is better for the first named; on/off is the cost of encryption)',
    ...table(['shape', ...present.flatMap(([n]) => [`push ${n}`, `pull ${n}`])], [...rows, ...latencyRows]),
  ];
}
