// The scanner's public door: what the ECR API and the CLI's import-vulns use.
export { scanImage, describeScanFailure, COMPLETE_DESCRIPTION, NO_FEED_DESCRIPTION, UNSUPPORTED_DESCRIPTION } from './scan.js';
export type { ScanImageInput, ScanImageResult } from './scan.js';
export { inventory } from './inventory.js';
export { LayerReadError, UnsupportedLayerError, type LayerSource } from './layers.js';
export { loadOsvFeed, OsvFeedError, type OsvFeed, type OsvRecord } from './osv.js';
export { FeedIndex, matchPackages, type Match } from './match.js';
export type { ImageScanFinding, Attribute, FindingSeverityCounts } from './findings.js';
export type { FindingSeverity } from './severity.js';
export { compareVersions, compareDebian, compareAlpine } from './version/index.js';
export type { Ecosystem, InstalledPackage, Inventory, OsRelease } from './types.js';
