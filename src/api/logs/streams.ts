// Log stream operations: CreateLogStream, DeleteLogStream, DescribeLogStreams.
import type { Context } from '../../protocol/context.js';
import { InvalidParameterException, ResourceAlreadyExistsException } from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import { decodeToken, encodeToken, paginate } from '../pagination.js';
import {
  deleteStream,
  getStream,
  nextStreamId,
  pad,
  requireGroup,
  requireStream,
  streamKey,
  STREAMS,
  type StreamRecord,
} from './repo.js';
import { checkEnum, checkGroupName, checkRange, checkStreamName, groupOf, streamArn, STREAM_EXISTS } from './rules.js';
import { describeLogStreamsInput, logStreamInput } from './schema.js';

const DESCRIBE_LIMIT = 50;
const ORDERS = ['LogStreamName', 'LastEventTime'];

/** The token PutLogEvents hands back and DescribeLogStreams shows; Logs no longer checks it. */
export function sequenceToken(stream: StreamRecord): string {
  return `${pad(stream.id, 16)}${pad(stream.lastSeq, 40)}`;
}

/** The LogStream structure DescribeLogStreams answers; event times appear once there are events. */
function streamToWire(ctx: Context, group: string, s: StreamRecord) {
  return {
    logStreamName: s.logStreamName,
    creationTime: s.creationTime,
    ...(s.firstEventTimestamp !== undefined ? { firstEventTimestamp: s.firstEventTimestamp } : {}),
    ...(s.lastEventTimestamp !== undefined ? { lastEventTimestamp: s.lastEventTimestamp } : {}),
    ...(s.lastIngestionTime !== undefined ? { lastIngestionTime: s.lastIngestionTime } : {}),
    ...(s.lastSeq > 0 ? { uploadSequenceToken: sequenceToken(s) } : {}),
    arn: streamArn(ctx.account, group, s.logStreamName),
    // Logs has reported 0 for a stream's storedBytes since 2019.
    storedBytes: 0,
  };
}

const createLogStream = operation(logStreamInput, async (ctx, input) => {
  const group = checkGroupName(input.logGroupName);
  const stream = checkStreamName(input.logStreamName);
  const creationTime = ctx.clock().getTime();
  await ctx.store.transaction(async (tx) => {
    await requireGroup(tx, group);
    if (await getStream(tx, group, stream)) throw new ResourceAlreadyExistsException(STREAM_EXISTS);
    const record: StreamRecord = { logStreamName: stream, creationTime, id: await nextStreamId(tx), lastSeq: 0, storedBytes: 0 };
    await tx.put(STREAMS, streamKey(group, stream), record);
  });
  return {};
});

const deleteLogStream = operation(logStreamInput, async (ctx, input) => {
  const group = checkGroupName(input.logGroupName);
  const stream = checkStreamName(input.logStreamName);
  await ctx.store.transaction(async (tx) => {
    const groupRecord = await requireGroup(tx, group);
    await deleteStream(tx, groupRecord, await requireStream(tx, group, stream));
  });
  return {};
});

const describeLogStreams = operation(describeLogStreamsInput, async (ctx, input) => {
  const group = groupOf(ctx.account, input);
  const limit = checkRange(input.limit, 'limit', { min: 1, max: DESCRIBE_LIMIT }) ?? DESCRIBE_LIMIT;
  const orderBy = checkEnum(input.orderBy, 'orderBy', ORDERS) ?? 'LogStreamName';
  const prefix = input.logStreamNamePrefix === undefined ? undefined : checkStreamName(input.logStreamNamePrefix, 'logStreamNamePrefix');
  if (orderBy === 'LastEventTime' && prefix !== undefined) {
    throw new InvalidParameterException('Cannot order by LastEventTime with a logStreamNamePrefix.');
  }
  await requireGroup(ctx.store, group);
  const page = orderBy === 'LogStreamName'
    ? await byName(ctx, { group, prefix: prefix ?? '', limit, descending: input.descending ?? false, nextToken: input.nextToken })
    : await byLastEventTime(ctx, { group, limit, descending: input.descending ?? false, nextToken: input.nextToken });
  return {
    logStreams: page.streams.map((s) => streamToWire(ctx, group, s)),
    ...(page.nextToken ? { nextToken: page.nextToken } : {}),
  };
});

interface StreamPageRequest {
  group: string;
  limit: number;
  descending: boolean;
  nextToken: string | undefined;
}

interface StreamPage {
  streams: StreamRecord[];
  nextToken?: string | undefined;
}

async function byName(ctx: Context, req: StreamPageRequest & { prefix: string }): Promise<StreamPage> {
  const page = await paginate<StreamRecord>(ctx.store, {
    kind: STREAMS,
    prefix: streamKey(req.group, req.prefix),
    limit: req.limit,
    reverse: req.descending,
    nextToken: req.nextToken,
  });
  return { streams: page.items.map((i) => i.value), nextToken: page.nextToken };
}

/** Ordered by the time of each stream's last event (streams without events first), then name. */
async function byLastEventTime(ctx: Context, req: StreamPageRequest): Promise<StreamPage> {
  const all = (await ctx.store.list<StreamRecord>(STREAMS, { prefix: streamKey(req.group, '') })).map((i) => i.value);
  const rank = (s: StreamRecord) => `${pad(s.lastEventTimestamp ?? 0, 15)}:${s.logStreamName}`;
  all.sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
  if (req.descending) all.reverse();
  let start = 0;
  if (req.nextToken) {
    const after = decodeToken(req.nextToken);
    start = all.findIndex((s) => (req.descending ? rank(s) < after : rank(s) > after));
    if (start < 0) start = all.length;
  }
  const streams = all.slice(start, start + req.limit);
  const last = streams[streams.length - 1];
  return { streams, nextToken: last && start + req.limit < all.length ? encodeToken(rank(last)) : undefined };
}

export const streamsOperations: Record<string, Operation> = {
  CreateLogStream: createLogStream,
  DeleteLogStream: deleteLogStream,
  DescribeLogStreams: describeLogStreams,
};
