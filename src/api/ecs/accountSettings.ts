// ECS account settings operations: PutAccountSetting, PutAccountSettingDefault,
// ListAccountSettings, DeleteAccountSetting.
import { z } from 'zod';
import type { Context } from '../../protocol/context.js';
import { InvalidParameterException } from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import { decodeToken, encodeToken, paginate } from '../pagination.js';
import {
  deleteSetting,
  effectiveSetting,
  principalPrefix,
  putSetting,
  rootArn,
  toSetting,
  ACCOUNT_SETTINGS,
  type StoredSetting,
} from './accountSetting/repo.js';
import {
  checkPrincipalArn,
  checkSettingChange,
  checkSettingName,
  checkWritable,
  settingType,
  SETTING_NAMES,
  type Setting,
  type SettingName,
} from './accountSetting/rules.js';

const MAX_LIST_RESULTS = 10;

const putAccountSettingInput = z.object({ name: z.string(), value: z.string(), principalArn: z.string().optional() });
const putAccountSettingDefaultInput = z.object({ name: z.string(), value: z.string() });
const deleteAccountSettingInput = z.object({ name: z.string(), principalArn: z.string().optional() });
const listAccountSettingsInput = z.object({
  name: z.string().optional(),
  value: z.string().optional(),
  principalArn: z.string().optional(),
  effectiveSettings: z.boolean().optional(),
  nextToken: z.string().optional(),
  maxResults: z.number().int().optional(),
});

/** The principal a call is about: the one named, else the caller. */
function principalOf(ctx: Context, principalArn: string | undefined): string {
  return principalArn === undefined ? ctx.principal.arn : checkPrincipalArn(principalArn, ctx.account.accountId);
}

interface PutRequest {
  name: string;
  value: string;
  principalArn: string;
}

async function put(ctx: Context, req: PutRequest): Promise<{ setting: Setting }> {
  const name = checkSettingName(req.name);
  checkSettingChange({ name, value: req.value, principalArn: req.principalArn, rootArn: rootArn(ctx.account.accountId) });
  const stored: StoredSetting = { name, value: req.value, principalArn: req.principalArn, updatedAt: ctx.clock().toISOString() };
  await ctx.store.transaction((tx) => putSetting(tx, stored));
  return { setting: toSetting(stored) };
}

interface ListRequest {
  ctx: Context;
  principalArn: string;
  name?: SettingName | undefined;
  value?: string | undefined;
  limit: number;
  nextToken?: string | undefined;
}

/** With effectiveSettings: every setting (or the one named), with the value in force for the principal. */
async function listEffective(req: ListRequest): Promise<{ settings: Setting[]; nextToken?: string }> {
  const after = req.nextToken ? decodeToken(req.nextToken) : undefined;
  const settings: Setting[] = [];
  for (const name of SETTING_NAMES) {
    if (req.name && name !== req.name) continue;
    if (after !== undefined && name <= after) continue;
    const value = await effectiveSetting(req.ctx.store, { principalArn: req.principalArn, accountId: req.ctx.account.accountId, name });
    if (req.value !== undefined && value !== req.value) continue;
    if (settings.length === req.limit) {
      const last = settings[settings.length - 1];
      return last ? { settings, nextToken: encodeToken(last.name) } : { settings };
    }
    settings.push({ name, value, principalArn: req.principalArn, type: settingType(name) });
  }
  return { settings };
}

/** Without effectiveSettings: only what is set for the principal itself. */
async function listOwn(req: ListRequest): Promise<{ settings: Setting[]; nextToken?: string }> {
  const page = await paginate<StoredSetting>(req.ctx.store, {
    kind: ACCOUNT_SETTINGS,
    prefix: principalPrefix(req.principalArn),
    limit: req.limit,
    nextToken: req.nextToken,
    filter: (s) => (!req.name || s.name === req.name) && (req.value === undefined || s.value === req.value),
  });
  return { settings: page.items.map((i) => toSetting(i.value)), ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export const accountSettingsOperations: Record<string, Operation> = {
  PutAccountSetting: operation(putAccountSettingInput, async (ctx, input) =>
    put(ctx, { name: input.name, value: input.value, principalArn: principalOf(ctx, input.principalArn) })),

  PutAccountSettingDefault: operation(putAccountSettingDefaultInput, async (ctx, input) =>
    put(ctx, { name: input.name, value: input.value, principalArn: rootArn(ctx.account.accountId) })),

  ListAccountSettings: operation(listAccountSettingsInput, async (ctx, input) => {
    const name = input.name === undefined ? undefined : checkSettingName(input.name);
    if (input.value !== undefined && name === undefined) {
      throw new InvalidParameterException('A setting name must be specified to filter account settings by value.');
    }
    const limit = input.maxResults ?? MAX_LIST_RESULTS;
    if (limit < 1 || limit > MAX_LIST_RESULTS) {
      throw new InvalidParameterException(`maxResults must be between 1 and ${MAX_LIST_RESULTS}.`);
    }
    const req: ListRequest = {
      ctx,
      principalArn: principalOf(ctx, input.principalArn),
      name,
      value: input.value,
      limit,
      nextToken: input.nextToken,
    };
    return input.effectiveSettings ? listEffective(req) : listOwn(req);
  }),

  DeleteAccountSetting: operation(deleteAccountSettingInput, async (ctx, input) => {
    const name = checkSettingName(input.name);
    checkWritable(name);
    const principalArn = principalOf(ctx, input.principalArn);
    const removed = await ctx.store.transaction((tx) => deleteSetting(tx, principalArn, name));
    // What was set, or (nothing was) the value now in force for the principal.
    const value = removed?.value
      ?? (await effectiveSetting(ctx.store, { principalArn, accountId: ctx.account.accountId, name }));
    return { setting: toSetting({ name, value, principalArn }) };
  }),
};
