// Log group operations: CreateLogGroup, DeleteLogGroup, DescribeLogGroups, PutRetentionPolicy,
// DeleteRetentionPolicy.
import type { Context } from '../../protocol/context.js';
import { InvalidParameterException, ResourceAlreadyExistsException } from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import { paginate } from '../pagination.js';
import { deleteGroup, getGroup, GROUPS, requireGroup, type GroupRecord } from './repo.js';
import {
  checkEnum,
  checkGroupName,
  checkRange,
  checkTags,
  groupArn,
  GROUP_EXISTS,
  invalid,
  LOG_GROUP_CLASSES,
  required,
  RETENTION_DAYS,
} from './rules.js';
import {
  createLogGroupInput,
  describeLogGroupsInput,
  logGroupInput,
  putRetentionPolicyInput,
} from './schema.js';

const DESCRIBE_LIMIT = 50;

/** The LogGroup structure DescribeLogGroups answers. */
export function groupToWire(ctx: Context, g: GroupRecord) {
  const arn = groupArn(ctx.account, g.logGroupName);
  return {
    logGroupName: g.logGroupName,
    creationTime: g.creationTime,
    ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
    metricFilterCount: 0,
    arn: `${arn}:*`,
    storedBytes: g.storedBytes,
    ...(g.kmsKeyId !== undefined ? { kmsKeyId: g.kmsKeyId } : {}),
    logGroupClass: g.logGroupClass,
    logGroupArn: arn,
  };
}

const createLogGroup = operation(createLogGroupInput, async (ctx, input) => {
  const name = checkGroupName(input.logGroupName);
  if (name.startsWith('aws/')) throw new InvalidParameterException("Log group names can't start with the string aws/.");
  const logGroupClass = checkEnum(input.logGroupClass, 'logGroupClass', LOG_GROUP_CLASSES) ?? 'STANDARD';
  if (input.kmsKeyId !== undefined && input.kmsKeyId.length > 256) {
    throw invalid(input.kmsKeyId, 'kmsKeyId', 'Member must have length less than or equal to 256');
  }
  const tags = input.tags ? checkTags(input.tags) : {};
  const creationTime = ctx.clock().getTime();
  await ctx.store.transaction(async (tx) => {
    if (await getGroup(tx, name)) throw new ResourceAlreadyExistsException(GROUP_EXISTS);
    const group: GroupRecord = {
      logGroupName: name,
      creationTime,
      ...(input.kmsKeyId !== undefined ? { kmsKeyId: input.kmsKeyId } : {}),
      logGroupClass,
      tags,
      storedBytes: 0,
    };
    await tx.put(GROUPS, name, group);
  });
  return {};
});

const deleteLogGroup = operation(logGroupInput, async (ctx, input) => {
  const name = checkGroupName(input.logGroupName);
  await ctx.store.transaction(async (tx) => {
    await requireGroup(tx, name);
    await deleteGroup(tx, name);
  });
  return {};
});

const describeLogGroups = operation(describeLogGroupsInput, async (ctx, input) => {
  const limit = checkRange(input.limit, 'limit', { min: 1, max: DESCRIBE_LIMIT }) ?? DESCRIBE_LIMIT;
  const prefix = input.logGroupNamePrefix === undefined ? undefined : checkGroupName(input.logGroupNamePrefix, 'logGroupNamePrefix');
  const pattern = input.logGroupNamePattern;
  if (prefix !== undefined && pattern !== undefined) {
    throw new InvalidParameterException('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
  }
  const logGroupClass = checkEnum(input.logGroupClass, 'logGroupClass', LOG_GROUP_CLASSES);
  const page = await paginate<GroupRecord>(ctx.store, {
    kind: GROUPS,
    prefix,
    limit,
    nextToken: input.nextToken,
    filter: (g) => (pattern === undefined || g.logGroupName.includes(pattern))
      && (logGroupClass === undefined || g.logGroupClass === logGroupClass),
  });
  const logGroups = page.items.map(({ value }) => {
    const full = groupToWire(ctx, value);
    // With a name pattern, Logs answers only the name, ARN and creation time.
    return pattern === undefined ? full : { logGroupName: full.logGroupName, creationTime: full.creationTime, arn: full.arn };
  });
  return { logGroups, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
});

const putRetentionPolicy = operation(putRetentionPolicyInput, async (ctx, input) => {
  const name = checkGroupName(input.logGroupName);
  const days = required(input.retentionInDays, 'retentionInDays');
  checkEnum(days, 'retentionInDays', RETENTION_DAYS);
  await ctx.store.transaction(async (tx) => {
    const group = await requireGroup(tx, name);
    await tx.put<GroupRecord>(GROUPS, name, { ...group, retentionInDays: days });
  });
  return {};
});

const deleteRetentionPolicy = operation(logGroupInput, async (ctx, input) => {
  const name = checkGroupName(input.logGroupName);
  await ctx.store.transaction(async (tx) => {
    const group = { ...(await requireGroup(tx, name)) };
    delete group.retentionInDays;
    await tx.put<GroupRecord>(GROUPS, name, group);
  });
  return {};
});

export const groupsOperations: Record<string, Operation> = {
  CreateLogGroup: createLogGroup,
  DeleteLogGroup: deleteLogGroup,
  DescribeLogGroups: describeLogGroups,
  PutRetentionPolicy: putRetentionPolicy,
  DeleteRetentionPolicy: deleteRetentionPolicy,
};
