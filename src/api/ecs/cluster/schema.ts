// The wire shapes of the cluster operations (botocore's ECS model), as zod schemas.
// Enumerations stay plain strings here: ECS checks them itself and answers its own messages.
import { z } from 'zod';

export const tagSchema = z.object({ key: z.string(), value: z.string().optional() });

export const clusterSettingSchema = z.object({ name: z.string().optional(), value: z.string().optional() });

const executeCommandLogConfigurationSchema = z.object({
  cloudWatchLogGroupName: z.string().optional(),
  cloudWatchEncryptionEnabled: z.boolean().optional(),
  s3BucketName: z.string().optional(),
  s3EncryptionEnabled: z.boolean().optional(),
  s3KeyPrefix: z.string().optional(),
});

export const clusterConfigurationSchema = z.object({
  executeCommandConfiguration: z.object({
    kmsKeyId: z.string().optional(),
    logging: z.string().optional(),
    logConfiguration: executeCommandLogConfigurationSchema.optional(),
  }).optional(),
  managedStorageConfiguration: z.object({
    kmsKeyId: z.string().optional(),
    fargateEphemeralStorageKmsKeyId: z.string().optional(),
  }).optional(),
});

export const strategyItemSchema = z.object({
  capacityProvider: z.string(),
  weight: z.number().int().optional(),
  base: z.number().int().optional(),
});

export const serviceConnectDefaultsSchema = z.object({ namespace: z.string() });

export const createClusterInput = z.object({
  clusterName: z.string().optional(),
  tags: z.array(tagSchema).optional(),
  settings: z.array(clusterSettingSchema).optional(),
  configuration: clusterConfigurationSchema.optional(),
  capacityProviders: z.array(z.string()).optional(),
  defaultCapacityProviderStrategy: z.array(strategyItemSchema).optional(),
  serviceConnectDefaults: serviceConnectDefaultsSchema.optional(),
});

export const describeClustersInput = z.object({
  clusters: z.array(z.string()).optional(),
  include: z.array(z.string()).optional(),
});

export const listClustersInput = z.object({
  nextToken: z.string().optional(),
  maxResults: z.number().int().optional(),
});

export const updateClusterInput = z.object({
  cluster: z.string(),
  settings: z.array(clusterSettingSchema).optional(),
  configuration: clusterConfigurationSchema.optional(),
  serviceConnectDefaults: serviceConnectDefaultsSchema.optional(),
});

export const updateClusterSettingsInput = z.object({
  cluster: z.string(),
  settings: z.array(clusterSettingSchema),
});

export const deleteClusterInput = z.object({ cluster: z.string() });

export type ClusterSettingInput = z.output<typeof clusterSettingSchema>;
export type ClusterConfiguration = z.output<typeof clusterConfigurationSchema>;
export type StrategyItemInput = z.output<typeof strategyItemSchema>;
export type TagInput = z.output<typeof tagSchema>;
