// Access keys: CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey,
// GetAccessKeyLastUsed. A key is identity/accessKeys' AccessKey (what the front door looks up),
// with the user's principal in it, plus an entry in this folder's per-user index. The root
// user's keys are indexed under `:root`, a name no IAM user can have.
import { z } from 'zod';
import { ACCESS_KEYS, rootPrincipal, type AccessKey } from '../../identity/accessKeys.js';
import type { Principal } from '../../identity/principal.js';
import type { Context } from '../../protocol/context.js';
import { LimitExceeded, NoSuchEntity } from '../../protocol/errors.js';
import { operation } from '../../protocol/operation.js';
import type { Reader } from '../../state/store.js';
import { targetUser } from './caller.js';
import { pageOf } from './paging.js';
import { accountOf, now, requireUser, USER_ACCESS_KEYS, userAccessKeyIds, userKeyPrefix } from './repo.js';
import { accessKeyId, existingUserName, paging } from './schema.js';

export const ACCESS_KEYS_PER_USER = 2;
const ROOT_OWNER = ':root';

interface Owner {
  /** The index's name for the owner: a user's name, or `:root`. */
  indexName: string;
  userName?: string;
  principal: Principal;
}

async function ownerOf(ctx: Context, reader: Reader, userName: string | undefined): Promise<Owner> {
  const acct = accountOf(ctx);
  const name = targetUser(ctx, userName);
  if (name === undefined) return { indexName: ROOT_OWNER, principal: { ...rootPrincipal(acct), kind: 'root' } };
  const user = await requireUser(reader, acct, name);
  return { indexName: user.name, userName: user.name, principal: { arn: user.arn, userId: user.id, accountId: acct, kind: 'user' } };
}

/** The owner's keys: the index's, and for root the administrator's kept key pair too. */
async function keysOf(ctx: Context, reader: Reader, owner: Owner): Promise<AccessKey[]> {
  const acct = accountOf(ctx);
  const ids = await userAccessKeyIds(reader, acct, owner.indexName);
  if (owner.indexName === ROOT_OWNER) {
    const kept = await reader.get<{ accessKeyId: string }>('iam/root-key', 'root');
    if (kept && !ids.includes(kept.accessKeyId)) ids.unshift(kept.accessKeyId);
  }
  const out: AccessKey[] = [];
  for (const id of ids) {
    const key = await reader.get<AccessKey>(ACCESS_KEYS, id);
    if (key && key.principal.accountId === acct && key.principal.arn === owner.principal.arn) out.push(key);
  }
  return out;
}

async function requireKey(ctx: Context, reader: Reader, owner: Owner, id: string): Promise<AccessKey> {
  const key = (await keysOf(ctx, reader, owner)).find((k) => k.accessKeyId === id);
  if (!key) throw new NoSuchEntity(`The Access Key with id ${id} cannot be found.`);
  return key;
}

function metadata(key: AccessKey, owner: Owner) {
  return { UserName: owner.userName, AccessKeyId: key.accessKeyId, Status: key.status, CreateDate: key.createDate };
}

export const accessKeyOperations = {
  CreateAccessKey: operation(z.object({ UserName: existingUserName.optional() }), async (ctx, input) => {
    const acct = accountOf(ctx);
    return ctx.store.transaction(async (tx) => {
      const owner = await ownerOf(ctx, tx, input.UserName);
      if ((await keysOf(ctx, tx, owner)).length >= ACCESS_KEYS_PER_USER) {
        throw new LimitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${ACCESS_KEYS_PER_USER}`);
      }
      const key: AccessKey = {
        accessKeyId: `AKIA${ctx.ids.hex(8).toUpperCase()}`,
        secretAccessKey: Buffer.from(ctx.ids.hex(30), 'hex').toString('base64').slice(0, 40),
        status: 'Active',
        principal: owner.principal,
        createDate: now(ctx),
      };
      await tx.put(ACCESS_KEYS, key.accessKeyId, key);
      await tx.put(USER_ACCESS_KEYS, `${userKeyPrefix(acct, owner.indexName)}${key.accessKeyId}`, { accessKeyId: key.accessKeyId });
      return { AccessKey: { ...metadata(key, owner), SecretAccessKey: key.secretAccessKey } };
    });
  }),

  ListAccessKeys: operation(z.object({ UserName: existingUserName.optional(), ...paging }), async (ctx, input) => {
    const owner = await ownerOf(ctx, ctx.store, input.UserName);
    const page = pageOf(await keysOf(ctx, ctx.store, owner), input);
    return { AccessKeyMetadata: page.items.map((k) => metadata(k, owner)), IsTruncated: page.IsTruncated, Marker: page.Marker };
  }),

  UpdateAccessKey: operation(z.object({
    UserName: existingUserName.optional(),
    AccessKeyId: accessKeyId,
    Status: z.enum(['Active', 'Inactive']),
  }), async (ctx, input) => {
    await ctx.store.transaction(async (tx) => {
      const owner = await ownerOf(ctx, tx, input.UserName);
      const key = await requireKey(ctx, tx, owner, input.AccessKeyId);
      await tx.put(ACCESS_KEYS, key.accessKeyId, { ...key, status: input.Status });
    });
    return {};
  }),

  DeleteAccessKey: operation(z.object({ UserName: existingUserName.optional(), AccessKeyId: accessKeyId }), async (ctx, input) => {
    const acct = accountOf(ctx);
    await ctx.store.transaction(async (tx) => {
      const owner = await ownerOf(ctx, tx, input.UserName);
      const key = await requireKey(ctx, tx, owner, input.AccessKeyId);
      await tx.delete(ACCESS_KEYS, key.accessKeyId);
      await tx.delete(USER_ACCESS_KEYS, `${userKeyPrefix(acct, owner.indexName)}${key.accessKeyId}`);
    });
    return {};
  }),

  // Wharf does not record a key's last use (the front door would have to write on every request),
  // so this answers IAM's shape for a key never used: ServiceName and Region "N/A", no date.
  GetAccessKeyLastUsed: operation(z.object({ AccessKeyId: accessKeyId }), async (ctx, input) => {
    const key = await ctx.store.get<AccessKey>(ACCESS_KEYS, input.AccessKeyId);
    if (!key || key.principal.accountId !== accountOf(ctx)) throw new NoSuchEntity(`The Access Key with id ${input.AccessKeyId} cannot be found.`);
    const isUser = key.principal.arn.includes(':user/');
    return {
      UserName: isUser ? key.principal.arn.slice(key.principal.arn.lastIndexOf('/') + 1) : undefined,
      AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' },
    };
  }),
};
