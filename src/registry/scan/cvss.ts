// CVSS base scores from vector strings, as OSV carries them (`severity[].score` is a vector).
// v3.0/v3.1 per the FIRST specification section 7; v2 per the CVSS v2 guide section 3.2.1.
// v4.0 scores come from a lookup table of macro-vectors and are not computed here.

type Metrics = Map<string, string>;

function metrics(vector: string): Metrics {
  const m = new Map<string, string>();
  for (const part of vector.replace(/^\(|\)$/g, '').split('/')) {
    const [k, v] = part.split(':');
    if (k && v) m.set(k, v);
  }
  return m;
}

function pick(m: Metrics, key: string, weights: Record<string, number>): number | undefined {
  const v = m.get(key);
  return v === undefined ? undefined : weights[v];
}

/** CVSS 3.x Roundup: the smallest number with one decimal that is >= x (float-safe). */
function roundUp(x: number): number {
  const i = Math.round(x * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
}

export function cvss3BaseScore(vector: string): number | undefined {
  if (!/^CVSS:3\.[01]\//.test(vector)) return undefined;
  const m = metrics(vector);
  const changed = m.get('S') === 'C';
  if (!changed && m.get('S') !== 'U') return undefined;
  const cia = { H: 0.56, L: 0.22, N: 0 };
  const av = pick(m, 'AV', { N: 0.85, A: 0.62, L: 0.55, P: 0.2 });
  const ac = pick(m, 'AC', { L: 0.77, H: 0.44 });
  const pr = pick(m, 'PR', changed ? { N: 0.85, L: 0.68, H: 0.5 } : { N: 0.85, L: 0.62, H: 0.27 });
  const ui = pick(m, 'UI', { N: 0.85, R: 0.62 });
  const c = pick(m, 'C', cia);
  const i = pick(m, 'I', cia);
  const a = pick(m, 'A', cia);
  if (av === undefined || ac === undefined || pr === undefined || ui === undefined) return undefined;
  if (c === undefined || i === undefined || a === undefined) return undefined;
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  const exploitability = 8.22 * av * ac * pr * ui;
  if (impact <= 0) return 0;
  return roundUp(Math.min((changed ? 1.08 : 1) * (impact + exploitability), 10));
}

export function cvss2BaseScore(vector: string): number | undefined {
  const m = metrics(vector);
  const cia = { N: 0, P: 0.275, C: 0.66 };
  const av = pick(m, 'AV', { L: 0.395, A: 0.646, N: 1 });
  const ac = pick(m, 'AC', { H: 0.35, M: 0.61, L: 0.71 });
  const au = pick(m, 'Au', { M: 0.45, S: 0.56, N: 0.704 });
  const c = pick(m, 'C', cia);
  const i = pick(m, 'I', cia);
  const a = pick(m, 'A', cia);
  if (av === undefined || ac === undefined || au === undefined) return undefined;
  if (c === undefined || i === undefined || a === undefined) return undefined;
  const impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
  const exploitability = 20 * av * ac * au;
  const f = impact === 0 ? 0 : 1.176;
  return Math.round((0.6 * impact + 0.4 * exploitability - 1.5) * f * 10) / 10;
}
