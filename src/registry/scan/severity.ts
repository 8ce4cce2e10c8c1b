// ECR's severity bands from what an OSV record says: a database's own severity word first, then
// the highest CVSS base score among `severity[]` (the affected entry's, else the record's).
import { cvss2BaseScore, cvss3BaseScore } from './cvss.js';
import type { OsvAffected, OsvRecord, OsvSeverity } from './osv.js';

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'] as const;
export type FindingSeverity = (typeof SEVERITIES)[number];

const WORDS: Record<string, FindingSeverity> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  important: 'HIGH',
  medium: 'MEDIUM',
  moderate: 'MEDIUM',
  low: 'LOW',
  negligible: 'INFORMATIONAL',
  unimportant: 'INFORMATIONAL',
  informational: 'INFORMATIONAL',
  info: 'INFORMATIONAL',
  none: 'INFORMATIONAL',
};

/** Severity words used by GHSA, Ubuntu, Debian's tracker and others; unknown words are UNDEFINED. */
export function severityFromWord(word: string): FindingSeverity {
  return WORDS[word.trim().toLowerCase()] ?? 'UNDEFINED';
}

/** CVSS v3 qualitative bands (a v2 score has no CRITICAL: 7.0-10.0 is HIGH). */
export function severityFromScore(score: number, version: 2 | 3): FindingSeverity {
  if (score >= 9 && version === 3) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  if (score > 0) return 'LOW';
  return 'INFORMATIONAL';
}

export interface CvssScore {
  version: 2 | 3;
  vector: string;
  score: number;
}

/** The CVSS scores a record carries, for the affected entry if it has its own. */
export function cvssScores(record: OsvRecord, affected?: OsvAffected): CvssScore[] {
  const list: OsvSeverity[] = affected && affected.severity.length > 0 ? affected.severity : record.severity;
  const scores: CvssScore[] = [];
  for (const s of list) {
    if (s.type === 'CVSS_V3') {
      const score = cvss3BaseScore(s.score);
      if (score !== undefined) scores.push({ version: 3, vector: s.score, score });
    } else if (s.type === 'CVSS_V2') {
      const score = cvss2BaseScore(s.score);
      if (score !== undefined) scores.push({ version: 2, vector: s.score, score });
    }
  }
  return scores;
}

export function severityOf(record: OsvRecord, affected?: OsvAffected): FindingSeverity {
  if (record.databaseSeverity !== undefined) {
    const fromWord = severityFromWord(record.databaseSeverity);
    if (fromWord !== 'UNDEFINED') return fromWord;
  }
  const list = affected && affected.severity.length > 0 ? affected.severity : record.severity;
  const word = list.find((s) => s.type === 'Ubuntu');
  if (word) return severityFromWord(word.score);
  const scores = cvssScores(record, affected);
  const v3 = scores.filter((s) => s.version === 3);
  const chosen = v3.length > 0 ? v3 : scores;
  if (chosen.length === 0) return 'UNDEFINED';
  const best = chosen.reduce((a, b) => (b.score > a.score ? b : a));
  return severityFromScore(best.score, best.version);
}
