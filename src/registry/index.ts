// The registry's entry point: opens blob storage, the services and the HTTP plugin, and checks
// ECR login tokens against the access keys.
import type { Logger } from 'pino';
import { ACCESS_KEYS, type AccessKey } from '../identity/accessKeys.js';
import type { Store } from '../state/store.js';
import type { Clock, Ids } from '../util/clock.js';
import { isPresigned, verifyDownloadPath } from './downloadUrl.js';
import { registryPlugin, type Authorizer } from './http/plugin.js';
import { BlobLocks } from './service/blobLocks.js';
import type { RegistryDeps } from './service/deps.js';
import { Uploads } from './service/uploads.js';
import { FsBlobStore } from './storage/fsBlobStore.js';
import { parseBasic, REGISTRY_USER, tokenSecret, verifyToken } from './token.js';

export interface RegistryOptions {
  store: Store;
  clock: Clock;
  ids: Ids;
  accountId: string;
  dataDir: string;
  /** Encrypt blob files at rest (AES-256-CTR); default true. */
  encryption?: boolean;
  log: Logger;
  /** How often expired upload sessions are swept; default hourly. 0 turns the sweep off. */
  sweepIntervalMs?: number;
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

  const authorize: Authorizer = async ({ authorization, method, path, query }) => {
    if (isPresigned(query)) return (method === 'GET' || method === 'HEAD') && verifyDownloadPath(secret, path, query, opts.clock());
    const basic = parseBasic(authorization);
    if (!basic || basic.user !== REGISTRY_USER) return false;
    const claims = verifyToken(secret, basic.password, opts.clock());
    if (!claims) return false;
    const keys = await opts.store.list<AccessKey>(ACCESS_KEYS);
    return keys.some((k) => k.value.status === 'Active' && k.value.principal.arn === claims.principalArn);
  };

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
    plugin: registryPlugin({ deps, uploads }, authorize),
    close: async () => {
      if (sweep) clearInterval(sweep);
    },
  };
}
