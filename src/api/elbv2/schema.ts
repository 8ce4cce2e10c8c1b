// Schema building blocks for ELBv2's Query parameters, read after queryParams nests them:
// numbers and booleans arrive as strings, an empty list as ''. Pure.
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

const TAG_CHARS = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;

export const tagList = list(z.object({
  Key: z.string().min(1).max(128).regex(TAG_CHARS),
  Value: z.string().max(256).regex(TAG_CHARS).optional(),
}));

export const stringList = list(z.string());

export const paging = {
  Marker: z.string().optional(),
  PageSize: int(1, 400).optional(),
};

export const port = int(1, 65535);
