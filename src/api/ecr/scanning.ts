// ECR basic scanning operations: PutImageScanningConfiguration, BatchGetRepositoryScanningConfiguration,
// StartImageScan and DescribeImageScanFindings. A scan is queued in the Store (registry/jobs/scanStore.ts) and run by
// the ScanWorker; `scans.kick()` only tells the worker not to wait for its next tick.
import { z } from 'zod';
import {
  LimitExceededException, RepositoryNotFoundException, ScanNotFoundException,
} from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import { enqueueScan, getScan, withinScanQuota } from '../../registry/jobs/scanStore.js';
import { REPOSITORIES } from '../../registry/meta/keys.js';
import type { RepositoryRecord } from '../../registry/meta/records.js';
import { getRepository, repositoryArn } from '../../registry/meta/repositories.js';
import type { EcrEnv } from './env.js';
import { findImage, formatImageId, imageIdentifier, offsetToken, pageSize, readOffsetToken } from './imageRef.js';
import { epochSeconds, notFoundMessage } from './model.js';
import { constraintError } from './rules.js';

export { getScanSummary, type ScanSummary } from '../../registry/jobs/scanStore.js';

/** What the scanning operations need beyond EcrEnv: a way to wake the scan worker. */
export interface ScanningEnv {
  scans?: { kick(): void };
}

const repositoryInput = z.object({ registryId: z.string().optional(), repositoryName: z.string() }).loose();
const putConfigInput = repositoryInput.extend({
  imageScanningConfiguration: z.object({ scanOnPush: z.boolean().optional() }).loose(),
});
const batchGetConfigInput = z.object({ repositoryNames: z.array(z.string()) }).loose();
const startScanInput = repositoryInput.extend({ imageId: imageIdentifier });
const describeFindingsInput = startScanInput.extend({
  nextToken: z.string().optional(),
  maxResults: z.number().int().optional(),
});

const MAX_BATCH_NAMES = 25;
const FINDINGS_MAX_RESULTS = 1000;
const FINDINGS_DEFAULT_RESULTS = 100;

export const SCAN_QUOTA_MESSAGE = 'The scan quota per image has been exceeded. Wait and try again.';

export function scanNotFoundMessage(imageId: string, repository: string, registryId: string): string {
  return `Image scan does not exist for the image with '${imageId}' in the repository with name '${repository}' in the registry with id '${registryId}'`;
}

export function scanningOperations(env: EcrEnv & ScanningEnv): Record<string, Operation> {
  const putImageScanningConfiguration = operation(putConfigInput, async (ctx, input) => {
    const name = input.repositoryName;
    const scanOnPush = input.imageScanningConfiguration.scanOnPush ?? false;
    await ctx.store.transaction(async (tx) => {
      const repo = await getRepository(tx, name);
      if (!repo) throw new RepositoryNotFoundException(notFoundMessage(name, ctx.account.accountId));
      await tx.put<RepositoryRecord>(REPOSITORIES, name, { ...repo, scanOnPush });
    });
    return { registryId: ctx.account.accountId, repositoryName: name, imageScanningConfiguration: { scanOnPush } };
  });

  // The scan-on-push switch that acts is each repository's, so that is what is reported; the
  // registry's BASIC rules (registry.ts) are kept for reading back but select no repository here.
  const batchGetRepositoryScanningConfiguration = operation(batchGetConfigInput, async (ctx, input) => {
    const names = input.repositoryNames;
    if (names.length < 1 || names.length > MAX_BATCH_NAMES) {
      throw constraintError('repositoryNames', `Member must have length between 1 and ${MAX_BATCH_NAMES}`);
    }
    const scanningConfigurations = [];
    const failures = [];
    for (const name of new Set(names)) {
      const repo = await getRepository(ctx.store, name);
      if (!repo) {
        failures.push({ repositoryName: name, failureCode: 'REPOSITORY_NOT_FOUND', failureReason: notFoundMessage(name, ctx.account.accountId) });
        continue;
      }
      scanningConfigurations.push({
        repositoryArn: repositoryArn(ctx.account, name),
        repositoryName: name,
        scanOnPush: repo.scanOnPush,
        scanFrequency: repo.scanOnPush ? 'SCAN_ON_PUSH' : 'MANUAL',
        appliedScanFilters: [],
      });
    }
    return { scanningConfigurations, failures };
  });

  const startImageScan = operation(startScanInput, async (ctx, input) => {
    const name = input.repositoryName;
    const queued = await ctx.store.transaction(async (tx) => {
      if (!(await getRepository(tx, name))) throw new RepositoryNotFoundException(notFoundMessage(name, ctx.account.accountId));
      const image = await findImage(tx, ctx.account, name, input.imageId);
      const now = ctx.clock();
      const previous = await getScan(tx, name, image.imageId.imageDigest);
      if (previous && withinScanQuota(previous.startedAt, now)) throw new LimitExceededException(SCAN_QUOTA_MESSAGE);
      const scan = await enqueueScan(tx, name, image.imageId.imageDigest, now);
      return { image, scan };
    });
    env.scans?.kick();
    return {
      registryId: ctx.account.accountId,
      repositoryName: name,
      imageId: queued.image.imageId,
      imageScanStatus: { status: queued.scan.status },
    };
  });

  const describeImageScanFindings = operation(describeFindingsInput, async (ctx, input) => {
    const name = input.repositoryName;
    if (!(await getRepository(ctx.store, name))) throw new RepositoryNotFoundException(notFoundMessage(name, ctx.account.accountId));
    const limit = pageSize(input.maxResults, FINDINGS_MAX_RESULTS, FINDINGS_DEFAULT_RESULTS);
    const image = await findImage(ctx.store, ctx.account, name, input.imageId);
    const scan = await getScan(ctx.store, name, image.imageId.imageDigest);
    if (!scan) throw new ScanNotFoundException(scanNotFoundMessage(formatImageId(input.imageId), name, ctx.account.accountId));
    const base = {
      registryId: ctx.account.accountId,
      repositoryName: name,
      imageId: image.imageId,
      imageScanStatus: { status: scan.status, ...(scan.description !== undefined ? { description: scan.description } : {}) },
    };
    if (scan.status !== 'COMPLETE' || scan.completedAt === undefined) return base;
    const start = readOffsetToken(input.nextToken);
    const more = start + limit < scan.findings.length;
    return {
      ...base,
      imageScanFindings: {
        imageScanCompletedAt: epochSeconds(scan.completedAt),
        ...(scan.vulnerabilitySourceUpdatedAt ? { vulnerabilitySourceUpdatedAt: epochSeconds(scan.vulnerabilitySourceUpdatedAt) } : {}),
        findingSeverityCounts: scan.findingSeverityCounts,
        findings: scan.findings.slice(start, start + limit),
      },
      ...(more ? { nextToken: offsetToken(start + limit) } : {}),
    };
  });

  return {
    PutImageScanningConfiguration: putImageScanningConfiguration,
    BatchGetRepositoryScanningConfiguration: batchGetRepositoryScanningConfiguration,
    StartImageScan: startImageScan,
    DescribeImageScanFindings: describeImageScanFindings,
  };
}
