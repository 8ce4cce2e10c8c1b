// Account settings in the Store: one document per (principal, setting name). The account
// default is the root user's entry.
import type { Reader, Tx } from '../../../state/store.js';
import { effectiveValue, settingType, type Setting, type SettingName } from './rules.js';

export const ACCOUNT_SETTINGS = 'ecs/account-settings';

export interface StoredSetting {
  name: SettingName;
  value: string;
  principalArn: string;
  updatedAt: string;
}

export function settingKey(principalArn: string, name: SettingName): string {
  return `${principalArn}!${name}`;
}

export function principalPrefix(principalArn: string): string {
  return `${principalArn}!`;
}

export function rootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

export function toSetting(s: Pick<StoredSetting, 'name' | 'value' | 'principalArn'>): Setting {
  return { name: s.name, value: s.value, principalArn: s.principalArn, type: settingType(s.name) };
}

export async function getOwnSetting(reader: Reader, principalArn: string, name: SettingName): Promise<StoredSetting | undefined> {
  return reader.get<StoredSetting>(ACCOUNT_SETTINGS, settingKey(principalArn, name));
}

export interface EffectiveRequest {
  principalArn: string;
  accountId: string;
  name: SettingName;
}

/** The value a setting has for a principal: its own, else the account default, else ECS's.
 *  Other ECS code (e.g. CreateCluster's containerInsights, long ARN formats) asks this. */
export async function effectiveSetting(reader: Reader, req: EffectiveRequest): Promise<string> {
  const root = rootArn(req.accountId);
  const own = req.principalArn === root ? undefined : await getOwnSetting(reader, req.principalArn, req.name);
  const accountDefault = await getOwnSetting(reader, root, req.name);
  return effectiveValue({ name: req.name, own: own?.value, accountDefault: accountDefault?.value });
}

export async function putSetting(tx: Tx, s: StoredSetting): Promise<void> {
  await tx.put(ACCOUNT_SETTINGS, settingKey(s.principalArn, s.name), s);
}

/** Removes the principal's own value; returns what was removed. */
export async function deleteSetting(tx: Tx, principalArn: string, name: SettingName): Promise<StoredSetting | undefined> {
  const existing = await getOwnSetting(tx, principalArn, name);
  if (existing) await tx.delete(ACCOUNT_SETTINGS, settingKey(principalArn, name));
  return existing;
}
