// The wire shapes of the container instance and attribute operations (botocore's ECS model).
import { z } from 'zod';
import { tagSchema } from '../cluster/schema.js';

const str = z.string();

export const resourceSchema = z.object({
  name: str.optional(),
  type: str.optional(),
  doubleValue: z.number().optional(),
  longValue: z.number().optional(),
  integerValue: z.number().optional(),
  stringSetValue: z.array(str).optional(),
});

export const attributeSchema = z.object({
  name: str,
  value: str.optional(),
  targetType: str.optional(),
  targetId: str.optional(),
});

export const versionInfoSchema = z.object({
  agentVersion: str.optional(),
  agentHash: str.optional(),
  dockerVersion: str.optional(),
});

export const registerContainerInstanceInput = z.object({
  cluster: str.optional(),
  instanceIdentityDocument: str.optional(),
  instanceIdentityDocumentSignature: str.optional(),
  totalResources: z.array(resourceSchema).optional(),
  versionInfo: versionInfoSchema.optional(),
  containerInstanceArn: str.optional(),
  attributes: z.array(attributeSchema).optional(),
  platformDevices: z.array(z.object({ id: str, type: str })).optional(),
  tags: z.array(tagSchema).optional(),
});

export const deregisterContainerInstanceInput = z.object({
  cluster: str.optional(),
  containerInstance: str,
  force: z.boolean().optional(),
});

export const describeContainerInstancesInput = z.object({
  cluster: str.optional(),
  containerInstances: z.array(str),
  include: z.array(str).optional(),
});

export const listContainerInstancesInput = z.object({
  cluster: str.optional(),
  filter: str.optional(),
  nextToken: str.optional(),
  maxResults: z.number().int().optional(),
  status: str.optional(),
});

export const updateContainerInstancesStateInput = z.object({
  cluster: str.optional(),
  containerInstances: z.array(str),
  status: str,
});

export const attributesInput = z.object({
  cluster: str.optional(),
  attributes: z.array(attributeSchema),
});

export const listAttributesInput = z.object({
  cluster: str.optional(),
  targetType: str,
  attributeName: str.optional(),
  attributeValue: str.optional(),
  nextToken: str.optional(),
  maxResults: z.number().int().optional(),
});

export type ResourceInput = z.output<typeof resourceSchema>;
export type AttributeInput = z.output<typeof attributeSchema>;
export type RegisterContainerInstanceInput = z.output<typeof registerContainerInstanceInput>;
