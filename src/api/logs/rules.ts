// CloudWatch Logs' parameter rules, limits and messages, and its ARNs. Pure: no I/O.
// Logs reports a broken constraint as an InvalidParameterException in AWS's validation wording
// ("1 validation error detected: Value 'x' at 'logGroupName' failed to satisfy constraint: ...").
import type { Account } from '../../protocol/context.js';
import { InvalidParameterException, type WireError } from '../../protocol/errors.js';

export const DAY_MS = 86_400_000;
export const MAX_EVENTS_PER_PUT = 10_000;
export const MAX_PUT_BYTES = 1_048_576;
/** Bytes counted for each event on top of its UTF-8 message. */
export const EVENT_OVERHEAD = 26;
export const MAX_EVENT_AGE_MS = 14 * DAY_MS;
export const MAX_EVENT_FUTURE_MS = 2 * 3_600_000;
export const MAX_BATCH_SPAN_MS = DAY_MS;
/** A page of GetLogEvents / FilterLogEvents holds at most this many bytes of events. */
export const MAX_PAGE_BYTES = 1_048_576;
export const MAX_TAGS = 50;
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
export const LOG_GROUP_CLASSES = ['STANDARD', 'INFREQUENT_ACCESS', 'DELIVERY'];

export const GROUP_NOT_FOUND = 'The specified log group does not exist.';
export const STREAM_NOT_FOUND = 'The specified log stream does not exist.';
export const GROUP_EXISTS = 'The specified log group already exists';
export const STREAM_EXISTS = 'The specified log stream already exists';
export const NOT_CHRONOLOGICAL = 'Log events in a single PutLogEvents request must be in chronological order.';
export const INVALID_TOKEN = 'The specified nextToken is invalid.';

const GROUP_NAME_PATTERN = '[\\.\\-_/#A-Za-z0-9]+';
const STREAM_NAME_PATTERN = '[^:*]*';
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

function shown(value: unknown): string {
  return value === undefined || value === null ? 'null' : `'${String(value)}'`;
}

/** AWS's wording for one broken constraint on the member at `path`. */
export function invalid(value: unknown, path: string, constraint: string): WireError {
  return new InvalidParameterException(
    `1 validation error detected: Value ${shown(value)} at '${path}' failed to satisfy constraint: ${constraint}`,
  );
}

export function required<T>(value: T | undefined, path: string): T {
  if (value === undefined || value === null) throw invalid(value, path, 'Member must not be null');
  return value;
}

function checkLength(value: string, path: string, max: number, min = 1): void {
  if (value.length < min) throw invalid(value, path, `Member must have length greater than or equal to ${min}`);
  if (value.length > max) throw invalid(value, path, `Member must have length less than or equal to ${max}`);
}

/** A log group name: 1 to 512 of a-z A-Z 0-9 _ - / . #. */
export function checkGroupName(value: string | undefined, path = 'logGroupName'): string {
  const name = required(value, path);
  checkLength(name, path, 512);
  if (!new RegExp(`^${GROUP_NAME_PATTERN}$`).test(name)) {
    throw invalid(name, path, `Member must satisfy regular expression pattern: ${GROUP_NAME_PATTERN}`);
  }
  return name;
}

/** A log stream name: 1 to 512 characters, no ':' or '*'. */
export function checkStreamName(value: string | undefined, path = 'logStreamName', min = 1): string {
  const name = required(value, path);
  checkLength(name, path, 512, min);
  if (/[:*]/.test(name)) {
    throw invalid(name, path, `Member must satisfy regular expression pattern: ${STREAM_NAME_PATTERN}`);
  }
  return name;
}

export function checkRange(value: number | undefined, path: string, range: { min: number; max: number }): number | undefined {
  if (value === undefined) return undefined;
  if (value < range.min) throw invalid(value, path, `Member must have value greater than or equal to ${range.min}`);
  if (value > range.max) throw invalid(value, path, `Member must have value less than or equal to ${range.max}`);
  return value;
}

export function checkEnum<T extends string | number>(value: T | undefined, path: string, allowed: readonly T[]): T | undefined {
  if (value === undefined || allowed.includes(value)) return value;
  throw invalid(value, path, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
}

export function checkTimestamp(value: number | undefined, path: string): number | undefined {
  if (value !== undefined && value < 0) throw invalid(value, path, 'Member must have value greater than or equal to 0');
  return value;
}

export function checkTagKeys(keys: readonly string[], path: string): void {
  for (const key of keys) {
    checkLength(key, path, 128);
    if (!TAG_KEY.test(key)) throw invalid(key, path, 'Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$');
  }
}

export function checkTags(tags: Record<string, string>, path = 'tags'): Record<string, string> {
  const entries = Object.entries(tags);
  if (entries.length < 1) throw invalid('{}', path, 'Member must have length greater than or equal to 1');
  if (entries.length > MAX_TAGS) throw invalid('{...}', path, `Member must have length less than or equal to ${MAX_TAGS}`);
  checkTagKeys(entries.map(([k]) => k), path);
  for (const [, value] of entries) {
    checkLength(value, path, 256, 0);
    if (!TAG_VALUE.test(value)) throw invalid(value, path, 'Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$');
  }
  return tags;
}

/** The log group ARN without the trailing `:*` (`logGroupArn`, and what tagging takes). */
export function groupArn(account: Account, group: string): string {
  return `arn:aws:logs:${account.region}:${account.accountId}:log-group:${group}`;
}

export function streamArn(account: Account, group: string, stream: string): string {
  return `${groupArn(account, group)}:log-stream:${stream}`;
}

/** The group a log group ARN (with or without `:*`) names in this account and Region. */
export function groupFromArn(account: Account, arn: string): string | undefined {
  const prefix = `arn:aws:logs:${account.region}:${account.accountId}:log-group:`;
  if (!arn.startsWith(prefix)) return undefined;
  const rest = arn.slice(prefix.length);
  const name = rest.endsWith(':*') ? rest.slice(0, -2) : rest;
  return /^[.\-_/#A-Za-z0-9]{1,512}$/.test(name) ? name : undefined;
}

/** The group of a request that takes `logGroupName` or `logGroupIdentifier` (a name or an ARN). */
export function groupOf(account: Account, input: { logGroupName?: string | undefined; logGroupIdentifier?: string | undefined }): string {
  if (input.logGroupName !== undefined && input.logGroupIdentifier !== undefined) {
    throw new InvalidParameterException('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  if (input.logGroupIdentifier !== undefined) {
    const id = input.logGroupIdentifier;
    if (!id.startsWith('arn:')) return checkGroupName(id, 'logGroupIdentifier');
    const name = groupFromArn(account, id);
    if (name === undefined) throw new InvalidParameterException(`Invalid log group ARN: ${id}`);
    return name;
  }
  if (input.logGroupName === undefined) {
    throw new InvalidParameterException('Either logGroupName or logGroupIdentifier must be specified.');
  }
  return checkGroupName(input.logGroupName);
}

/** UTF-8 bytes an event counts for against PutLogEvents' and a page's size limits. */
export function eventSize(message: string): number {
  return Buffer.byteLength(message, 'utf8') + EVENT_OVERHEAD;
}
