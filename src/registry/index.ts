// The registry's entry point: opens blob storage, the services and the HTTP plugin, with the
// access check (http/access.ts: login tokens, ECR actions, repository policies).
import type { Logger } from 'pino';
import type { Store } from '../state/store.js';
import type { Clock, Ids } from '../util/clock.js';
import { createRegistryAccess, type RepositoryPolicyLookup } from './http/access.js';
import { registryPlugin } from './http/plugin.js';
import { BlobLocks } from './service/blobLocks.js';
import type { RegistryDeps } from './service/deps.js';
import { Uploads } from './service/uploads.js';
import { FsBlobStore } from './storage/fsBlobStore.js';
import { tokenSecret } from './token.js';

export interface RegistryOptions {
  store: Store;
  clock: Clock;
  ids: Ids;
  accountId: string;
  /** The region repository ARNs name; us-east-1 by default. */
  region?: string;
  dataDir: string;
  /** Encrypt blob files at rest (AES-256-CTR); default true. */
  encryption?: boolean;
  log: Logger;
  /** How often expired upload sessions are swept; default hourly. 0 turns the sweep off. */
  sweepIntervalMs?: number;
  /** Where a repository's policy is read; the Store's ecr/repository-policies by default. */
  repositoryPolicy?: RepositoryPolicyLookup;
}

export interface Registry {
  deps: RegistryDeps;
  uploads: Uploads;
  plugin: ReturnType<typeof registryPlugin>;
  close(): Promise<void>;
}

export async function openRegistry(opts: RegistryOptions): Promise<Registry> {
  const blobs = await FsBlobStore.open({ dataDir: opts.dataDir, encryption: opts.encryption ?? true, ids: opts.ids });
  const deps: RegistryDeps = {
    store: opts.store, blobs, blobLocks: new BlobLocks(), clock: opts.clock, ids: opts.ids, accountId: opts.accountId, log: opts.log.child({ component: 'registry' }),
  };
  const uploads = new Uploads(deps);
  const secret = await tokenSecret(opts.store);
  await uploads.cleanup(opts.clock(), { orphans: true });

  const access = createRegistryAccess({
    store: opts.store, clock: opts.clock, secret, account: { accountId: opts.accountId, region: opts.region ?? 'us-east-1' }, log: deps.log,
    ...(opts.repositoryPolicy ? { repositoryPolicy: opts.repositoryPolicy } : {}),
  });

  const interval = opts.sweepIntervalMs ?? 60 * 60 * 1000;
  const sweep = interval > 0
    ? setInterval(() => {
      uploads.cleanup(opts.clock()).catch((err: unknown) => deps.log.warn({ err }, 'upload sweep failed'));
    }, interval)
    : undefined;
  sweep?.unref();

  return {
    deps,
    uploads,
    plugin: registryPlugin({ deps, uploads }, access),
    close: async () => {
      if (sweep) clearInterval(sweep);
    },
  };
}
