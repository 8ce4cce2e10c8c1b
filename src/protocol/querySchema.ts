// Schema building blocks for AWS Query parameters, read after queryParams nests them: numbers
// and booleans arrive as strings, an empty list as ''. Pure.
import { z } from 'zod';

function toNumber(v: unknown): unknown {
  return typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
}

function toBoolean(v: unknown): unknown {
  if (v === 'true') return true;
  if (v === 'false') return false;
  return v;
}

export function int(min: number, max: number) {
  return z.preprocess(toNumber, z.number().int().min(min).max(max));
}

export function bool() {
  return z.preprocess(toBoolean, z.boolean());
}

export function list<T extends z.ZodType>(item: T, max?: number) {
  const array = max === undefined ? z.array(item) : z.array(item).max(max);
  return z.preprocess((v) => (v === '' ? [] : v), array);
}
