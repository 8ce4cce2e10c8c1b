// One basic scan of one image: inventory its layers, match against the feed, shape for ECR.
// The caller (StartImageScan, scan-on-push) owns timestamps and status bookkeeping; this returns
// the status and description ECR would show and the findings DescribeImageScanFindings lists.
import { countSeverities, sortFindings, toFinding, type FindingSeverityCounts, type ImageScanFinding } from './findings.js';
import { inventory } from './inventory.js';
import type { LayerSource } from './layers.js';
import { FeedIndex, matchPackages } from './match.js';
import type { OsvFeed } from './osv.js';
import type { OsRelease } from './types.js';

export const COMPLETE_DESCRIPTION = 'The scan was completed successfully.';
export const NO_FEED_DESCRIPTION =
  'The scan was completed successfully, but no vulnerability feed is loaded, so no findings are reported. ' +
  'Load an OSV feed with `wharf registry import-vulns FILE`.';
export const UNSUPPORTED_DESCRIPTION = 'UnsupportedImageError: The operating system and/or package manager are not supported.';

export interface ScanImageInput {
  /** The image's layer blobs in manifest order (lowest first), opened one at a time. */
  layers: AsyncIterable<LayerSource> | Iterable<LayerSource>;
  /** The loaded feed, or undefined when the operator has not imported one. */
  feed: OsvFeed | FeedIndex | undefined;
}

export interface ScanImageResult {
  /** ECR `imageScanStatus.status`: FAILED for an image without a supported package manager. */
  status: 'COMPLETE' | 'FAILED';
  /** ECR `imageScanStatus.description`. */
  description: string;
  findings: ImageScanFinding[];
  findingSeverityCounts: FindingSeverityCounts;
  os?: OsRelease;
  packageCount: number;
}

export async function scanImage({ layers, feed }: ScanImageInput): Promise<ScanImageResult> {
  const found = await inventory(layers);
  const base = { ...(found.os ? { os: found.os } : {}), packageCount: found.packages.length };
  if (!feed) return { status: 'COMPLETE', description: NO_FEED_DESCRIPTION, findings: [], findingSeverityCounts: {}, ...base };
  if (found.databases.length === 0 && !found.os) {
    return { status: 'FAILED', description: UNSUPPORTED_DESCRIPTION, findings: [], findingSeverityCounts: {}, ...base };
  }
  const index = feed instanceof FeedIndex ? feed : new FeedIndex(feed);
  const findings = sortFindings(matchPackages(index, found.packages, found.os).map(toFinding));
  return { status: 'COMPLETE', description: COMPLETE_DESCRIPTION, findings, findingSeverityCounts: countSeverities(findings), ...base };
}

/** ECR's `imageScanStatus.description` for a scan that threw (unreadable or zstd layer, ...). */
export function describeScanFailure(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return `ScanError: ${String(err)}`;
}
