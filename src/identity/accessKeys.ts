// Access keys and the administrator's (root) key pair. The root pair comes from
// WHARF_ROOT_ACCESS_KEY_ID / WHARF_ROOT_SECRET_ACCESS_KEY, or is generated on first start and
// kept in the store.
import type { Principal } from './principal.js';
import type { Store } from '../state/store.js';
import type { Ids } from '../util/clock.js';

export const ACCESS_KEYS = 'iam/access-keys';
const ROOT_KEY = 'iam/root-key';

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  status: 'Active' | 'Inactive';
  principal: Principal;
  createDate: string;
}

export function findAccessKey(store: Store, accessKeyId: string): Promise<AccessKey | undefined> {
  return store.get<AccessKey>(ACCESS_KEYS, accessKeyId);
}

export function rootPrincipal(accountId: string): Principal {
  return { arn: `arn:aws:iam::${accountId}:root`, userId: accountId, accountId };
}

export interface RootKeyOptions {
  store: Store;
  ids: Ids;
  accountId: string;
  now: Date;
  fromEnv?: { accessKeyId?: string | undefined; secretAccessKey?: string | undefined };
}

/** The administrator's key pair: the one given, else the one kept, else a new one. */
export async function ensureRootKey(opts: RootKeyOptions): Promise<AccessKey> {
  const { store, ids, accountId, now, fromEnv } = opts;
  return store.transaction(async (tx) => {
    const kept = await tx.get<{ accessKeyId: string }>(ROOT_KEY, 'root');
    const wanted = fromEnv?.accessKeyId && fromEnv.secretAccessKey ? fromEnv : undefined;
    if (kept && (!wanted || wanted.accessKeyId === kept.accessKeyId)) {
      const existing = await tx.get<AccessKey>(ACCESS_KEYS, kept.accessKeyId);
      if (existing && (!wanted || existing.secretAccessKey === wanted.secretAccessKey)) return existing;
    }
    if (kept) await tx.delete(ACCESS_KEYS, kept.accessKeyId);
    const key: AccessKey = {
      accessKeyId: wanted?.accessKeyId ?? `AKIA${ids.hex(8).toUpperCase()}`,
      secretAccessKey: wanted?.secretAccessKey ?? Buffer.from(ids.hex(30), 'hex').toString('base64').slice(0, 40),
      status: 'Active',
      principal: rootPrincipal(accountId),
      createDate: now.toISOString(),
    };
    await tx.put(ACCESS_KEYS, key.accessKeyId, key);
    await tx.put(ROOT_KEY, 'root', { accessKeyId: key.accessKeyId });
    return key;
  });
}
