// Housekeeping: STOPPED tasks stay describable for the retention period (an hour by default, as
// in ECS), INACTIVE container instances and services likewise; then they go, with their tags. Expired RunTask
// client tokens go too.
import type { Store } from '../../../state/store.js';
import { CONTAINER_INSTANCES } from '../containerInstance/repo.js';
import type { ContainerInstanceRecord } from '../containerInstance/model.js';
import { SERVICES, type ServiceRecord } from '../service/model.js';
import { TAGS } from '../tagStore.js';
import { CLIENT_TOKENS, type TokenRecord } from './clientToken.js';
import type { TaskRecord } from './model.js';
import { TASKS } from './repo.js';

export const DEFAULT_RETENTION_MS = 60 * 60 * 1000;

export interface SweepOptions {
  /** Epoch ms. */
  now: number;
  retentionMs: number;
}

async function sweepKind<T>(store: Store, kind: string, expired: (value: T) => string | false): Promise<number> {
  let removed = 0;
  let after: string | undefined;
  for (;;) {
    const rows = await store.list<T>(kind, { after, limit: 500 });
    const doomed = rows.flatMap((r) => {
      const arn = expired(r.value);
      return arn === false ? [] : [{ key: r.key, arn }];
    });
    if (doomed.length > 0) {
      await store.transaction(async (tx) => {
        for (const d of doomed) {
          await tx.delete(kind, d.key);
          if (d.arn) await tx.delete(TAGS, d.arn);
        }
      });
      removed += doomed.length;
    }
    const last = rows[rows.length - 1];
    if (rows.length < 500 || !last) return removed;
    after = last.key;
  }
}

/** Removes what has expired; returns how many records went. */
export async function sweepExpired(store: Store, opts: SweepOptions): Promise<number> {
  const cutoff = opts.now - opts.retentionMs;
  const tasks = await sweepKind<TaskRecord>(store, TASKS, (t) =>
    (t.lastStatus === 'STOPPED' && (t.stoppedAt ?? t.createdAt) <= cutoff ? t.taskArn : false));
  const instances = await sweepKind<ContainerInstanceRecord>(store, CONTAINER_INSTANCES, (ci) =>
    (ci.status === 'INACTIVE' && (ci.deregisteredAt ?? ci.registeredAt) <= cutoff ? ci.arn : false));
  const tokens = await sweepKind<TokenRecord>(store, CLIENT_TOKENS, (t) => (t.expiresAt <= opts.now ? '' : false));
  const services = await sweepKind<ServiceRecord>(store, SERVICES, (s) =>
    (s.status === 'INACTIVE' && (s.deletedAt ?? s.createdAt) <= cutoff ? s.arn : false));
  return tasks + instances + tokens + services;
}
