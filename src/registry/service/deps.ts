// What the registry's services are built from.
import type { Logger } from 'pino';
import type { Store } from '../../state/store.js';
import type { Clock, Ids } from '../../util/clock.js';
import type { BlobStore } from '../storage/blobStore.js';

export interface RegistryDeps {
  store: Store;
  blobs: BlobStore;
  clock: Clock;
  ids: Ids;
  accountId: string;
  log: Logger;
}
