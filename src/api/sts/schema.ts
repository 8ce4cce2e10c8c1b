// The shapes of STS's inputs (botocore's sts 2011-06-15 model), read after queryParams nests them:
// numbers arrive as strings, an empty list as ''. Pure.
import { z } from 'zod';
import { int, list } from '../../protocol/querySchema.js';

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const NAME_CHARS = /^[\w+=,.@-]*$/;

export const tag = z.object({
  Key: z.string().min(1).max(128).regex(TAG_CHARS),
  Value: z.string().max(256).regex(TAG_CHARS),
});

export const assumeRoleInput = z.object({
  RoleArn: z.string().min(20).max(2048),
  RoleSessionName: z.string().min(2).max(64).regex(NAME_CHARS),
  PolicyArns: list(z.object({ arn: z.string().min(20).max(2048) })).optional(),
  Policy: z.string().min(1).optional(),
  DurationSeconds: int(900, 43200).optional(),
  Tags: list(tag, 50).optional(),
  TransitiveTagKeys: list(z.string().min(1).max(128), 50).optional(),
  ExternalId: z.string().min(2).max(1224).regex(/^[\w+=,.@:/-]*$/).optional(),
  SerialNumber: z.string().min(9).max(256).optional(),
  TokenCode: z.string().min(6).max(6).regex(/^\d*$/).optional(),
  SourceIdentity: z.string().min(2).max(64).regex(NAME_CHARS).optional(),
}).loose();

export type AssumeRoleInput = z.output<typeof assumeRoleInput>;

export const getSessionTokenInput = z.object({
  DurationSeconds: int(900, 129600).optional(),
  SerialNumber: z.string().min(9).max(256).optional(),
  TokenCode: z.string().min(6).max(6).regex(/^\d*$/).optional(),
}).loose();

export const getAccessKeyInfoInput = z.object({
  AccessKeyId: z.string().min(16).max(128).regex(/^\w*$/),
}).loose();

export const decodeAuthorizationMessageInput = z.object({
  EncodedMessage: z.string().min(1).max(10240),
}).loose();
