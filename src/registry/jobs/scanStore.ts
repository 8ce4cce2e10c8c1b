// Basic-scan results in the Store, one row per image (`<repository>|<digest>`), and the queue of
// scans waiting for the worker. StartImageScan and scan-on-push enqueue; the worker fills in the
// result; DescribeImageScanFindings and DescribeImages read it.
import type { FindingSeverityCounts, ImageScanFinding } from '../scan/index.js';
import { IMAGE_SCANS, repoKey } from '../meta/keys.js';
import type { Reader, Tx } from '../../state/store.js';

export { IMAGE_SCANS };
export const SCAN_QUEUE = 'registry/scan-queue';

/** ECR allows one basic scan per image per 24 hours, the scan on push included. */
export const SCAN_QUOTA_WINDOW_MS = 24 * 60 * 60 * 1000;

export type ScanStatus = 'IN_PROGRESS' | 'COMPLETE' | 'FAILED';

export interface ScanRecord {
  repository: string;
  digest: string;
  status: ScanStatus;
  description?: string;
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601, once COMPLETE or FAILED. */
  completedAt?: string;
  /** The feed's latest `modified` time (ISO 8601), when a feed was loaded. */
  vulnerabilitySourceUpdatedAt?: string;
  findings: ImageScanFinding[];
  findingSeverityCounts: FindingSeverityCounts;
}

export interface ScanQueueRecord {
  repository: string;
  digest: string;
  /** ISO 8601; matches the ScanRecord's startedAt. */
  enqueuedAt: string;
}

export function scanKey(repository: string, digest: string): string {
  return repoKey(repository, digest);
}

export function getScan(reader: Reader, repository: string, digest: string): Promise<ScanRecord | undefined> {
  return reader.get<ScanRecord>(IMAGE_SCANS, scanKey(repository, digest));
}

/** Records a scan as IN_PROGRESS and queues it for the worker (inside the caller's transaction). */
export async function enqueueScan(tx: Tx, repository: string, digest: string, now: Date): Promise<ScanRecord> {
  const startedAt = now.toISOString();
  const record: ScanRecord = { repository, digest, status: 'IN_PROGRESS', startedAt, findings: [], findingSeverityCounts: {} };
  await tx.put<ScanRecord>(IMAGE_SCANS, scanKey(repository, digest), record);
  await tx.put<ScanQueueRecord>(SCAN_QUEUE, scanKey(repository, digest), { repository, digest, enqueuedAt: startedAt });
  return record;
}

/** Whether a scan started at `startedAt` still uses up the image's quota at `now`. */
export function withinScanQuota(startedAt: string, now: Date): boolean {
  return now.getTime() - new Date(startedAt).getTime() < SCAN_QUOTA_WINDOW_MS;
}

/** DescribeImages' scan fields for one image, already in ECR's wire shape (timestamps in epoch seconds). */
export interface ScanSummary {
  imageScanStatus: { status: ScanStatus; description?: string };
  imageScanFindingsSummary?: {
    imageScanCompletedAt: number;
    vulnerabilitySourceUpdatedAt?: number;
    findingSeverityCounts: FindingSeverityCounts;
  };
}

/** The scan status and findings summary DescribeImages shows, or undefined for a never-scanned image. */
export async function getScanSummary(reader: Reader, repository: string, digest: string): Promise<ScanSummary | undefined> {
  const scan = await getScan(reader, repository, digest);
  if (!scan) return undefined;
  const imageScanStatus = { status: scan.status, ...(scan.description !== undefined ? { description: scan.description } : {}) };
  if (scan.status !== 'COMPLETE' || scan.completedAt === undefined) return { imageScanStatus };
  return {
    imageScanStatus,
    imageScanFindingsSummary: {
      imageScanCompletedAt: epochSeconds(scan.completedAt),
      ...(scan.vulnerabilitySourceUpdatedAt ? { vulnerabilitySourceUpdatedAt: epochSeconds(scan.vulnerabilitySourceUpdatedAt) } : {}),
      findingSeverityCounts: scan.findingSeverityCounts,
    },
  };
}

function epochSeconds(iso: string): number {
  return new Date(iso).getTime() / 1000;
}
