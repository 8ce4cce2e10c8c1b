// Numeric operators. A value that is not a number (on either side) never matches, so the
// negated operator is true for it, as AWS's "the values do not match" reads.
import type { ContextScalar } from '../types.js';
import { text, type Family } from './family.js';

type Compare = (request: number, policy: number) => boolean;

export function toNumber(value: ContextScalar | string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean' || value.trim() === '') return Number.NaN;
  return Number(value);
}

export function numeric(compare: Compare): Family {
  return {
    variables: false,
    wildcards: false,
    compile(values) {
      const policy = values.map((v) => toNumber(text(v))).filter((n) => !Number.isNaN(n));
      return (v) => {
        const n = toNumber(v);
        return !Number.isNaN(n) && policy.some((p) => compare(n, p));
      };
    },
  };
}

export const compares = {
  equals: (a: number, b: number) => a === b,
  lessThan: (a: number, b: number) => a < b,
  lessThanEquals: (a: number, b: number) => a <= b,
  greaterThan: (a: number, b: number) => a > b,
  greaterThanEquals: (a: number, b: number) => a >= b,
} as const satisfies Record<string, Compare>;
