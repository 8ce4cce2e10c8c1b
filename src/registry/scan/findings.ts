// Matches shaped as ECR's basic-scan findings (`ImageScanFinding`) and their severity counts.
import type { Match } from './match.js';
import { cvssScores, SEVERITIES, severityOf, type FindingSeverity } from './severity.js';

export interface Attribute {
  key: string;
  value: string;
}

export interface ImageScanFinding {
  name: string;
  description: string;
  uri: string;
  severity: FindingSeverity;
  attributes: Attribute[];
}

export type FindingSeverityCounts = Partial<Record<FindingSeverity, number>>;

/** ECR lists at most 50 attributes per finding; ours stay well under. */
export function toFinding({ record, affected, pkg }: Match): ImageScanFinding {
  const attributes: Attribute[] = [
    { key: 'package_version', value: pkg.version },
    { key: 'package_name', value: pkg.name },
  ];
  const v2 = cvssScores(record, affected).find((s) => s.version === 2);
  if (v2) {
    attributes.push({ key: 'CVSS2_VECTOR', value: v2.vector });
    attributes.push({ key: 'CVSS2_SCORE', value: String(v2.score) });
  }
  return {
    name: record.id,
    description: record.details ?? record.summary ?? '',
    uri: advisoryUri(record),
    severity: severityOf(record, affected),
    attributes,
  };
}

function advisoryUri(record: { id: string; references: { type: string; url: string }[] }): string {
  const advisory = record.references.find((r) => r.type === 'ADVISORY') ?? record.references[0];
  return advisory?.url ?? `https://osv.dev/vulnerability/${encodeURIComponent(record.id)}`;
}

/** Most severe first, then by name and package, so listings are stable for pagination. */
export function sortFindings(findings: ImageScanFinding[]): ImageScanFinding[] {
  const rank = (s: FindingSeverity) => SEVERITIES.indexOf(s);
  const pkg = (f: ImageScanFinding) => f.attributes.find((a) => a.key === 'package_name')?.value ?? '';
  return [...findings].sort(
    (a, b) => rank(a.severity) - rank(b.severity) || a.name.localeCompare(b.name) || pkg(a).localeCompare(pkg(b)),
  );
}

/** Counts per severity, listing only severities that occur (as ECR does). */
export function countSeverities(findings: ImageScanFinding[]): FindingSeverityCounts {
  const counts: FindingSeverityCounts = {};
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  return counts;
}
