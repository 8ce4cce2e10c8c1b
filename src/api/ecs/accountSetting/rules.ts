// ECS account settings: the names, the values each accepts, ECS's built-in defaults, and how an
// effective value is found (the principal's own, else the account default, else ECS's). Pure.
import { InvalidParameterException } from '../../../protocol/errors.js';

interface SettingRule {
  values: readonly string[];
  /** ECS's value when neither the principal nor the account default sets one. */
  builtIn: string;
  /** Managed by AWS on the customer's behalf and read-only (type aws_managed). */
  awsManaged?: boolean;
  /** Can only be set for the root user (the account default). */
  rootOnly?: boolean;
}

const ON_OFF = ['enabled', 'disabled'] as const;

const RULES = {
  awsvpcTrunking: { values: ON_OFF, builtIn: 'disabled' },
  containerInsights: { values: ['enhanced', 'enabled', 'disabled'], builtIn: 'disabled' },
  containerInstanceLongArnFormat: { values: ON_OFF, builtIn: 'enabled' },
  defaultLogDriverMode: { values: ['blocking', 'non-blocking'], builtIn: 'non-blocking' },
  dualStackIPv6: { values: ON_OFF, builtIn: 'disabled' },
  fargateEventWindows: { values: ON_OFF, builtIn: 'disabled' },
  fargateFIPSMode: { values: ON_OFF, builtIn: 'disabled' },
  fargateTaskRetirementWaitPeriod: { values: ['0', '7', '14'], builtIn: '7', rootOnly: true },
  guardDutyActivate: { values: ['on', 'off'], builtIn: 'off', awsManaged: true },
  serviceLongArnFormat: { values: ON_OFF, builtIn: 'enabled' },
  tagResourceAuthorization: { values: ['on', 'off'], builtIn: 'on' },
  taskLongArnFormat: { values: ON_OFF, builtIn: 'enabled' },
} as const satisfies Record<string, SettingRule>;

export type SettingName = keyof typeof RULES;
export type SettingType = 'user' | 'aws_managed';

/** Every setting name, in the order ECS lists them (by name). */
export const SETTING_NAMES = (Object.keys(RULES) as SettingName[]).sort();

export interface Setting {
  name: SettingName;
  value: string;
  principalArn: string;
  type: SettingType;
}

function rule(name: SettingName): SettingRule {
  return RULES[name];
}

export function checkSettingName(name: string): SettingName {
  const found = SETTING_NAMES.find((n) => n === name);
  if (!found) throw new InvalidParameterException("Invalid setting 'name'");
  return found;
}

export interface SettingChange {
  name: SettingName;
  value: string;
  principalArn: string;
  rootArn: string;
}

/** Checks that `value` may be set for `name` on `principalArn`; throws ECS's error otherwise. */
export function checkSettingChange({ name, value, principalArn, rootArn }: SettingChange): void {
  checkWritable(name);
  const r = rule(name);
  if (!r.values.includes(value)) throw new InvalidParameterException("Invalid setting 'value'");
  if (r.rootOnly && principalArn !== rootArn) {
    throw new InvalidParameterException(`The ${name} account setting can only be set for the root user.`);
  }
}

/** Settings AWS manages (guardDutyActivate) can be neither set nor deleted. */
export function checkWritable(name: SettingName): void {
  if (rule(name).awsManaged) {
    throw new InvalidParameterException(`The ${name} account setting is managed by AWS and is read-only.`);
  }
}

export function settingType(name: SettingName): SettingType {
  return rule(name).awsManaged ? 'aws_managed' : 'user';
}

export interface EffectiveLookup {
  name: SettingName;
  /** The principal's own value, if set. */
  own?: string | undefined;
  /** The account default (the root user's value), if set. */
  accountDefault?: string | undefined;
}

export function effectiveValue({ name, own, accountDefault }: EffectiveLookup): string {
  return own ?? accountDefault ?? rule(name).builtIn;
}

/** A principal ECS accepts: this account's root user, an IAM user or an IAM role. */
export function checkPrincipalArn(principalArn: string, accountId: string): string {
  const m = /^arn:aws:iam::(\d{12}):(root|user\/.+|role\/.+)$/.exec(principalArn);
  if (!m) throw new InvalidParameterException('The principalArn must be the ARN of an IAM user, an IAM role or the root user.');
  if (m[1] !== accountId) throw new InvalidParameterException('The principalArn must belong to this account.');
  return principalArn;
}
