// What the registry's services are built from.
import type { Logger } from 'pino';
import type { Store } from '../../state/store.js';
import type { Clock, Ids } from '../../util/clock.js';
import type { BlobStore } from '../storage/blobStore.js';
import type { BlobLocks } from './blobLocks.js';

export interface RegistryDeps {
  store: Store;
  blobs: BlobStore;
  /** Held while a blob file and its rows are written together, or the file is collected. */
  blobLocks: BlobLocks;
  clock: Clock;
  ids: Ids;
  accountId: string;
  log: Logger;
}
