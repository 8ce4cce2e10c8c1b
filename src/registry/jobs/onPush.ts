// Scan on push: when a repository has `scanOnPush`, a pushed image manifest gets a basic scan.
// Called from the manifest-put path once the manifest is stored; it only queues the scan (one
// small Store write), so the push is acknowledged without waiting for the scan, which the
// ScanWorker runs. Never fails the push.
import { MEDIA_TYPES } from '../manifest.js';
import type { RepositoryRecord } from '../meta/records.js';
import type { RegistryDeps } from '../service/deps.js';
import { enqueueScan, getScan } from './scanStore.js';

/** Config media types that make a manifest a container image (and not, say, a signature). */
const IMAGE_CONFIG_TYPES: ReadonlySet<string> = new Set([
  'application/vnd.docker.container.image.v1+json',
  'application/vnd.oci.image.config.v1+json',
]);

const IMAGE_MANIFEST_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.dockerManifest, MEDIA_TYPES.ociManifest]);

export interface PushedImage {
  repository: RepositoryRecord;
  digest: string;
  mediaType: string;
  /** The manifest's artifactType, or for an image manifest its config's media type. */
  artifactType?: string | undefined;
}

/** Whether a pushed manifest is an image a scan on push applies to (indexes and artifacts are not). */
export function scansOnPush(pushed: PushedImage): boolean {
  return pushed.repository.scanOnPush
    && IMAGE_MANIFEST_TYPES.has(pushed.mediaType)
    && pushed.artifactType !== undefined && IMAGE_CONFIG_TYPES.has(pushed.artifactType);
}

export async function onImagePushed(deps: RegistryDeps, pushed: PushedImage): Promise<void> {
  if (!scansOnPush(pushed)) return;
  const name = pushed.repository.repositoryName;
  try {
    await deps.store.transaction(async (tx) => {
      if (await getScan(tx, name, pushed.digest)) return; // the same image again (a new tag): already scanned
      await enqueueScan(tx, name, pushed.digest, deps.clock());
    });
  } catch (err) {
    deps.log.warn({ err, repository: name, digest: pushed.digest }, 'could not queue the scan on push');
  }
}
