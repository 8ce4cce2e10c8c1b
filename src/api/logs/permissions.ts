// What each CloudWatch Logs operation needs to be authorized, keyed as the dispatch table
// (index.ts) keys it, from the Service Authorization Reference for Amazon CloudWatch Logs
// (prefix logs; resource types log-group arn:aws:logs:R:A:log-group:NAME and log-stream
// ...:log-group:NAME:log-stream:STREAM). Operations on one stream name the stream's ARN, the ARN
// AWS reports when it denies them (a `log-group:NAME:*` policy matches it). A request that names
// no group is refused by its handler; until then it is asked about `*`, never about nothing.
import { z } from 'zod';
import { anyResource, requestTagConditions, row, tagKeyConditions, type PermissionTable } from '../../protocol/authorization.js';
import type { Account } from '../../protocol/context.js';
import { groupArn, groupFromArn, streamArn } from './rules.js';

const opt = z.string().optional();
const group = z.object({ logGroupName: opt, logGroupIdentifier: opt }).loose();
const stream = group.extend({ logStreamName: opt });
const tagMap = z.record(z.string(), z.string()).optional();

/** The group a request names, by `logGroupName`, or `logGroupIdentifier` (a name or an ARN). */
function groupName(account: Account, input: { logGroupName?: string | undefined; logGroupIdentifier?: string | undefined }): string | undefined {
  const id = input.logGroupIdentifier;
  if (id === undefined) return input.logGroupName;
  return id.startsWith('arn:') ? groupFromArn(account, id) : id;
}

function groupResource(account: Account, input: z.output<typeof group>): string[] {
  const name = groupName(account, input);
  return [name === undefined ? '*' : groupArn(account, name)];
}

function streamResource(account: Account, input: z.output<typeof stream>): string[] {
  const name = groupName(account, input);
  return [name === undefined || input.logStreamName === undefined ? '*' : streamArn(account, name, input.logStreamName)];
}

function tagConditions(tags: Record<string, string> | undefined) {
  return requestTagConditions(tags && Object.entries(tags).map(([key, value]) => ({ key, value })));
}

const onGroup = (action: string) => row(group, { action, resources: ({ input, account }) => groupResource(account, input) });
const onStream = (action: string) => row(stream, { action, resources: ({ input, account }) => streamResource(account, input) });

export const logsPermissions: PermissionTable = {
  CreateLogGroup: row(group.extend({ tags: tagMap }), {
    action: 'logs:CreateLogGroup',
    resources: ({ input, account }) => groupResource(account, input),
    conditions: ({ input }) => tagConditions(input.tags),
    // Logs documents that creating a group with tags needs logs:TagResource as well.
    also: ({ input, account }) =>
      input.tags && Object.keys(input.tags).length > 0
        ? [{ action: 'logs:TagResource', resources: groupResource(account, input), conditions: tagConditions(input.tags) }]
        : [],
  }),
  DeleteLogGroup: onGroup('logs:DeleteLogGroup'),
  // Listing groups names no group; AWS's managed read-only policy grants logs:Describe* on `*`.
  DescribeLogGroups: anyResource('logs:DescribeLogGroups'),
  PutRetentionPolicy: onGroup('logs:PutRetentionPolicy'),
  DeleteRetentionPolicy: onGroup('logs:DeleteRetentionPolicy'),

  CreateLogStream: onStream('logs:CreateLogStream'),
  DeleteLogStream: onStream('logs:DeleteLogStream'),
  DescribeLogStreams: onGroup('logs:DescribeLogStreams'),
  PutLogEvents: onStream('logs:PutLogEvents'),
  GetLogEvents: onStream('logs:GetLogEvents'),
  FilterLogEvents: onGroup('logs:FilterLogEvents'),

  TagResource: row(z.object({ resourceArn: opt, tags: tagMap }).loose(), {
    action: 'logs:TagResource',
    resources: ({ input }) => [input.resourceArn ?? '*'],
    conditions: ({ input }) => tagConditions(input.tags),
  }),
  UntagResource: row(z.object({ resourceArn: opt, tagKeys: z.array(z.string()).optional() }).loose(), {
    action: 'logs:UntagResource',
    resources: ({ input }) => [input.resourceArn ?? '*'],
    conditions: ({ input }) => tagKeyConditions(input.tagKeys),
  }),
  ListTagsForResource: row(z.object({ resourceArn: opt }).loose(), {
    action: 'logs:ListTagsForResource',
    resources: ({ input }) => [input.resourceArn ?? '*'],
  }),
  // The older, group-named tagging operations keep their own action names.
  TagLogGroup: row(group.extend({ tags: tagMap }), {
    action: 'logs:TagLogGroup',
    resources: ({ input, account }) => groupResource(account, input),
    conditions: ({ input }) => tagConditions(input.tags),
  }),
  UntagLogGroup: row(group.extend({ tags: z.array(z.string()).optional() }), {
    action: 'logs:UntagLogGroup',
    resources: ({ input, account }) => groupResource(account, input),
    conditions: ({ input }) => tagKeyConditions(input.tags),
  }),
  ListTagsLogGroup: onGroup('logs:ListTagsLogGroup'),
};
