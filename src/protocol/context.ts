// What every API handler is given: state, time, ids, the account and the caller.
import type { Logger } from 'pino';
import type { Principal } from '../identity/principal.js';
import type { Store } from '../state/store.js';
import type { ChangeFeed } from '../util/changes.js';
import type { Clock, Ids } from '../util/clock.js';

export interface Account {
  accountId: string;
  region: string;
}

export interface Services {
  store: Store;
  clock: Clock;
  ids: Ids;
  account: Account;
  /** Where writers signal committed changes for the controllers (absent: nobody listens). */
  changes?: ChangeFeed;
}

export interface Context extends Services {
  principal: Principal;
  requestId: string;
  log: Logger;
}
