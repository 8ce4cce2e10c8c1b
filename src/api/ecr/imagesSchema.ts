// Input schemas of the ECR image operations (botocore ecr/2015-09-21). Ranges and enums are
// checked by the handlers, so that they answer with ECR's messages.
import { z } from 'zod';
import { imageIdentifier } from './imageRef.js';

const repositoryInput = z.object({ registryId: z.string().optional(), repositoryName: z.string() }).loose();
const tagStatusFilter = z.object({ tagStatus: z.string().optional() }).loose();

export const listImagesInput = repositoryInput.extend({
  nextToken: z.string().optional(),
  maxResults: z.number().int().optional(),
  filter: tagStatusFilter.optional(),
});

export const describeImagesInput = listImagesInput.extend({
  imageIds: z.array(imageIdentifier).optional(),
});

export const batchGetImageInput = repositoryInput.extend({
  imageIds: z.array(imageIdentifier),
  acceptedMediaTypes: z.array(z.string()).optional(),
});

export const batchDeleteImageInput = repositoryInput.extend({
  imageIds: z.array(imageIdentifier),
});

export const putImageInput = repositoryInput.extend({
  imageManifest: z.string(),
  imageManifestMediaType: z.string().optional(),
  imageTag: z.string().optional(),
  imageDigest: z.string().optional(),
});

export const putImageTagMutabilityInput = repositoryInput.extend({
  imageTagMutability: z.string(),
  imageTagMutabilityExclusionFilters: z.array(z.unknown()).optional(),
});
