// The wire shapes of the CloudWatch Logs operations Wharf answers (botocore's logs model), as zod
// schemas. Required members are optional here: the handlers check them and answer Logs' own
// "Member must not be null" message, as they check lengths, patterns and ranges.
import { z } from 'zod';

const name = z.string().optional();
const int = z.number().int().optional();
const tags = z.record(z.string(), z.string()).optional();
const groupRef = { logGroupName: name, logGroupIdentifier: name };

export const createLogGroupInput = z.object({
  logGroupName: name,
  kmsKeyId: z.string().optional(),
  tags,
  logGroupClass: z.string().optional(),
});

export const logGroupInput = z.object({ logGroupName: name });

export const describeLogGroupsInput = z.object({
  logGroupNamePrefix: name,
  logGroupNamePattern: name,
  logGroupClass: z.string().optional(),
  nextToken: z.string().optional(),
  limit: int,
});

export const putRetentionPolicyInput = z.object({ logGroupName: name, retentionInDays: int });

export const logStreamInput = z.object({ logGroupName: name, logStreamName: name });

export const describeLogStreamsInput = z.object({
  ...groupRef,
  logStreamNamePrefix: name,
  orderBy: z.string().optional(),
  descending: z.boolean().optional(),
  nextToken: z.string().optional(),
  limit: int,
});

export const putLogEventsInput = z.object({
  logGroupName: name,
  logStreamName: name,
  logEvents: z.array(z.object({ timestamp: int, message: z.string().optional() })).optional(),
  sequenceToken: z.string().optional(),
});

export const getLogEventsInput = z.object({
  ...groupRef,
  logStreamName: name,
  startTime: int,
  endTime: int,
  nextToken: z.string().optional(),
  limit: int,
  startFromHead: z.boolean().optional(),
  unmask: z.boolean().optional(),
});

export const filterLogEventsInput = z.object({
  ...groupRef,
  logStreamNames: z.array(z.string()).optional(),
  logStreamNamePrefix: name,
  startTime: int,
  endTime: int,
  filterPattern: z.string().optional(),
  nextToken: z.string().optional(),
  limit: int,
  interleaved: z.boolean().optional(),
  unmask: z.boolean().optional(),
});

export const tagLogGroupInput = z.object({ logGroupName: name, tags });
export const untagLogGroupInput = z.object({ logGroupName: name, tags: z.array(z.string()).optional() });
export const tagResourceInput = z.object({ resourceArn: name, tags });
export const untagResourceInput = z.object({ resourceArn: name, tagKeys: z.array(z.string()).optional() });
export const listTagsForResourceInput = z.object({ resourceArn: name });
