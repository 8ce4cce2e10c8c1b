// Prometheus text exposition of request counts and latencies by operation and code.
const BUCKETS = [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Series {
  count: number;
  sum: number;
  buckets: number[];
}

export class RequestMetrics {
  private readonly counts = new Map<string, number>();
  private readonly latency = new Map<string, Series>();

  observe(operation: string, code: string, seconds: number): void {
    const key = `operation="${escape(operation)}",code="${escape(code)}"`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    const opKey = `operation="${escape(operation)}"`;
    const s = this.latency.get(opKey) ?? { count: 0, sum: 0, buckets: BUCKETS.map(() => 0) };
    s.count += 1;
    s.sum += seconds;
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) s.buckets[i] = (s.buckets[i] ?? 0) + 1;
    });
    this.latency.set(opKey, s);
  }

  render(): string {
    const lines = [
      '# HELP wharf_requests_total API requests by operation and result code.',
      '# TYPE wharf_requests_total counter',
      ...[...this.counts].map(([k, v]) => `wharf_requests_total{${k}} ${v}`),
      '# HELP wharf_request_duration_seconds API request latency by operation.',
      '# TYPE wharf_request_duration_seconds histogram',
    ];
    for (const [k, s] of this.latency) {
      BUCKETS.forEach((b, i) => lines.push(`wharf_request_duration_seconds_bucket{${k},le="${b}"} ${s.buckets[i] ?? 0}`));
      lines.push(`wharf_request_duration_seconds_bucket{${k},le="+Inf"} ${s.count}`);
      lines.push(`wharf_request_duration_seconds_sum{${k}} ${s.sum}`);
      lines.push(`wharf_request_duration_seconds_count{${k}} ${s.count}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

function escape(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
