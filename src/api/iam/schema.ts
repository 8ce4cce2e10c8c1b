// Schema building blocks for IAM's Query parameters (read after queryParams nests them: numbers
// and booleans arrive as strings, an empty list as ''), with botocore's constraints for each
// member type. A pattern's message is the pattern as IAM prints it in a ValidationError. Pure.
import { z } from 'zod';
import { int, list } from '../../protocol/querySchema.js';

/** A string of `min`..`max` characters matching botocore's `pattern` (whole value). */
export function text(min: number, max: number, pattern?: string) {
  const base = z.string().min(min).max(max);
  return pattern === undefined ? base : base.regex(new RegExp(`^(?:${pattern})$`, 'u'), { message: pattern });
}

const NAME = '[\\w+=,.@-]+';

export const userName = text(1, 64, NAME);
export const existingUserName = text(1, 128, NAME);
export const groupName = text(1, 128, NAME);
export const roleName = text(1, 64, NAME);
export const policyName = text(1, 128, NAME);
export const instanceProfileName = text(1, 128, NAME);
export const path = text(1, 512, '(\\u002F)|(\\u002F[\\u0021-\\u007F]+\\u002F)');
export const pathPrefix = text(1, 512, '\\u002F[\\u0021-\\u007F]*');
export const policyPath = text(1, 512, '((/[A-Za-z0-9\\.,\\+@=_-]+)*)/');
export const policyDocument = text(1, 131072, '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+');
export const arn = text(20, 2048);
export const accessKeyId = text(16, 128, '[\\w]+');
export const versionId = z.string().regex(/^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/, { message: 'v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?' });
export const roleDescription = text(0, 1000, '[\\p{L}\\p{M}\\p{Z}\\p{S}\\p{N}\\p{P}]*');
export const policyDescription = text(0, 1000);
export const maxSessionDuration = int(3600, 43200);

const TAG_KEY = text(1, 128, '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+');
const TAG_VALUE = text(0, 256, '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*');

export const tagList = list(z.object({ Key: TAG_KEY, Value: TAG_VALUE }), 50);
export const tagKeyList = list(TAG_KEY, 50);

/** Marker / MaxItems, as every IAM listing takes them. */
export const paging = {
  Marker: text(1, 320, '[\\u0020-\\u00FF]+').optional(),
  MaxItems: int(1, 1000).optional(),
};
