// The wire shapes of the task operations (RunTask, StartTask, StopTask, DescribeTasks, ListTasks).
// Enumerations stay strings: the operations check them with ECS's own messages.
import { z } from 'zod';
import { tagSchema } from '../cluster/schema.js';
import { keyValuePair, withoutNulls } from '../../../protocol/ecs/taskDefinition.js';

const str = z.string();
const int = z.number().int();

const containerOverride = z.object({
  name: str.optional(),
  command: z.array(str).optional(),
  environment: z.array(keyValuePair).optional(),
  environmentFiles: z.array(z.object({ value: str, type: z.enum(['s3']) })).optional(),
  cpu: int.optional(),
  memory: int.optional(),
  memoryReservation: int.optional(),
  resourceRequirements: z.array(z.object({ value: str, type: str })).optional(),
});

export const taskOverride = z.object({
  containerOverrides: z.array(containerOverride).optional(),
  cpu: str.optional(),
  memory: str.optional(),
  executionRoleArn: str.optional(),
  taskRoleArn: str.optional(),
  inferenceAcceleratorOverrides: z.array(z.object({ deviceName: str.optional(), deviceType: str.optional() })).optional(),
  ephemeralStorage: z.object({ sizeInGiB: int }).optional(),
});

const networkConfiguration = z.object({
  awsvpcConfiguration: z.object({
    subnets: z.array(str),
    securityGroups: z.array(str).optional(),
    assignPublicIp: str.optional(),
  }).optional(),
});

const launchCommon = {
  cluster: str.optional(),
  taskDefinition: str,
  overrides: taskOverride.optional(),
  group: str.optional(),
  startedBy: str.optional(),
  tags: z.array(tagSchema).optional(),
  propagateTags: str.optional(),
  enableECSManagedTags: z.boolean().optional(),
  enableExecuteCommand: z.boolean().optional(),
  networkConfiguration: networkConfiguration.optional(),
  referenceId: str.optional(),
};

export const runTaskInput = z.preprocess(withoutNulls, z.object({
  ...launchCommon,
  count: int.optional(),
  launchType: str.optional(),
  capacityProviderStrategy: z.array(z.object({ capacityProvider: str, weight: int.optional(), base: int.optional() })).optional(),
  placementStrategy: z.array(z.object({ type: str.optional(), field: str.optional() })).optional(),
  placementConstraints: z.array(z.object({ type: str.optional(), expression: str.optional() })).optional(),
  platformVersion: str.optional(),
  clientToken: str.optional(),
  volumeConfigurations: z.array(z.unknown()).optional(),
}));

export const startTaskInput = z.preprocess(withoutNulls, z.object({
  ...launchCommon,
  containerInstances: z.array(str),
  volumeConfigurations: z.array(z.unknown()).optional(),
}));

export const stopTaskInput = z.object({ cluster: str.optional(), task: str, reason: str.optional() });

export const describeTasksInput = z.object({
  cluster: str.optional(),
  tasks: z.array(str),
  include: z.array(str).optional(),
});

export const listTasksInput = z.object({
  cluster: str.optional(),
  containerInstance: str.optional(),
  family: str.optional(),
  nextToken: str.optional(),
  maxResults: int.optional(),
  startedBy: str.optional(),
  serviceName: str.optional(),
  desiredStatus: str.optional(),
  launchType: str.optional(),
});

export type TaskOverrideInput = z.output<typeof taskOverride>;
export type RunTaskInput = z.output<typeof runTaskInput>;
export type StartTaskInput = z.output<typeof startTaskInput>;
