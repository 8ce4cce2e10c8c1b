// Input schemas of the ECR repository operations (botocore ecr/2015-09-21).
import { z } from 'zod';

const registryId = z.string().optional();
const repositoryName = z.string();

export const tagList = z.array(z.object({ Key: z.string(), Value: z.string() }));

export const createRepositoryInput = z.object({
  registryId,
  repositoryName,
  tags: tagList.optional(),
  imageTagMutability: z.string().optional(),
  imageScanningConfiguration: z.object({ scanOnPush: z.boolean().optional() }).optional(),
  encryptionConfiguration: z.object({ encryptionType: z.string(), kmsKey: z.string().optional() }).optional(),
}).loose();

export const describeRepositoriesInput = z.object({
  registryId,
  repositoryNames: z.array(z.string()).optional(),
  nextToken: z.string().optional(),
  maxResults: z.number().int().optional(),
}).loose();

export const deleteRepositoryInput = z.object({
  registryId,
  repositoryName,
  force: z.boolean().optional(),
}).loose();

export const getAuthorizationTokenInput = z.object({
  registryIds: z.array(z.string()).optional(),
}).loose();
