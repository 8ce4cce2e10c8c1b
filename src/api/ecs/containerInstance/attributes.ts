// ECS's rules for container instance attributes (PutAttributes, DeleteAttributes and the ones an
// agent registers with). Pure.
import { AttributeLimitExceededException, InvalidParameterException } from '../../../protocol/errors.js';
import type { Attribute } from './model.js';

export const MAX_CUSTOM_ATTRIBUTES = 10;
export const TARGET_TYPE = 'container-instance';
const NAME = /^[A-Za-z0-9_./\\-]{1,128}$/;
const VALUE = /^[A-Za-z0-9_.@/\\: -]{1,128}$/;

/** Attributes ECS or its agent set; they do not count against the custom attribute limit. */
export function isBuiltIn(name: string): boolean {
  return name.startsWith('ecs.') || name.startsWith('com.amazonaws.ecs.');
}

export function checkAttribute(a: { name: string; value?: string | undefined }): void {
  if (!NAME.test(a.name)) {
    throw new InvalidParameterException(
      `Attribute name '${a.name}' is invalid: use up to 128 letters, numbers, hyphens, underscores, periods, forward or back slashes.`,
    );
  }
  if (a.value !== undefined && (!VALUE.test(a.value) || a.value.startsWith(' ') || a.value.endsWith(' '))) {
    throw new InvalidParameterException(
      `Attribute value '${a.value}' is invalid: use up to 128 letters, numbers, hyphens, underscores, periods, at signs, forward or back slashes, colons or spaces, not starting or ending with a space.`,
    );
  }
}

export function checkTargetType(targetType: string | undefined): void {
  if (targetType !== undefined && targetType !== TARGET_TYPE) {
    throw new InvalidParameterException(`Invalid targetType '${targetType}'. The only valid value is ${TARGET_TYPE}.`);
  }
}

/** `current` with `updates` put by name; throws when the custom attributes would exceed 10. */
export function putAttributes(current: readonly Attribute[], updates: readonly Attribute[]): Attribute[] {
  const byName = new Map(current.map((a) => [a.name, a]));
  for (const a of updates) byName.set(a.name, a.value === undefined ? { name: a.name } : { name: a.name, value: a.value });
  const next = [...byName.values()];
  if (next.filter((a) => !isBuiltIn(a.name)).length > MAX_CUSTOM_ATTRIBUTES) {
    throw new AttributeLimitExceededException(
      `You can apply up to ${MAX_CUSTOM_ATTRIBUTES} custom attributes for each resource. Remove attributes with DeleteAttributes first.`,
    );
  }
  return next;
}

export function deleteAttributes(current: readonly Attribute[], names: readonly string[]): Attribute[] {
  const drop = new Set(names);
  return current.filter((a) => !drop.has(a.name));
}
