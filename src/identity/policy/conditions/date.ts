// Date operators. Either side may be ISO 8601 (aws:CurrentTime) or epoch seconds (aws:EpochTime,
// as a number or a string of digits); both become milliseconds before comparing, so a policy
// written in one form compares with a key given in the other.
import type { ContextScalar } from '../types.js';
import { text, type Family } from './family.js';
import { compares } from './numeric.js';

const EPOCH = /^-?\d+(\.\d+)?$/;

export function toMillis(value: ContextScalar | string): number {
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'boolean') return Number.NaN;
  const s = value.trim();
  if (EPOCH.test(s)) return Number(s) * 1000;
  return Date.parse(s);
}

export function date(compare: (a: number, b: number) => boolean): Family {
  return {
    variables: false,
    wildcards: false,
    compile(values) {
      const policy = values.map((v) => toMillis(text(v))).filter((n) => !Number.isNaN(n));
      return (v) => {
        const ms = toMillis(v);
        return !Number.isNaN(ms) && policy.some((p) => compare(ms, p));
      };
    },
  };
}

export { compares };
