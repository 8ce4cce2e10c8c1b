// Docker's log timestamps (RFC 3339 with up to nanoseconds, `docker logs --timestamps`) as the
// three things the shipper needs: epoch milliseconds for CloudWatch, a string that sorts in time
// order at full nanosecond precision (the resume position), and the `since` value Docker's API
// takes ("<seconds>.<nanoseconds>", as the docker CLI sends it). Pure.

export interface DockerTime {
  /** Epoch milliseconds (the nanoseconds truncated). */
  ms: number;
  /** `SSSSSSSSSSSS.NNNNNNNNN`: epoch seconds and nanoseconds, zero-padded, so string order is time order. */
  key: string;
}

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;

/** Parses one Docker timestamp; undefined when it is not one. */
export function parseDockerTime(text: string): DockerTime | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const secondMs = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(secondMs) || secondMs < 0) return undefined;
  const nanos = (m[2] ?? '').padEnd(9, '0');
  const seconds = Math.floor(secondMs / 1000);
  return {
    ms: secondMs + Math.floor(Number(nanos) / 1_000_000),
    key: `${String(seconds).padStart(12, '0')}.${nanos}`,
  };
}

/** The `since` query value for a position key: Docker returns entries at or after it. */
export function sinceFromKey(key: string): string {
  const [seconds = '0', nanos = '000000000'] = key.split('.');
  return `${Number(seconds)}.${nanos}`;
}
