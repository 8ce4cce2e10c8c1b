// Schema building blocks for ELBv2's Query parameters, read after queryParams nests them:
// numbers and booleans arrive as strings, an empty list as ''. Pure.
import { z } from 'zod';
import { int, list } from '../../protocol/querySchema.js';

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
