// FilterLogEvents: a group's events in time order across its streams (the timeline), narrowed by
// stream, time range and filter pattern. A page stops at the limit, at 1 MB, or after scanning
// SCAN_BUDGET events, and then carries a nextToken (the last timeline key looked at); a page may
// so be short or empty and still have a token, as in Logs. `aws logs tail` pages through this.
// Events older than the group's retention are not returned (they are not deleted yet).
import { InvalidParameterException } from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import { decodeToken, encodeToken } from '../pagination.js';
import { compileFilterPattern } from './filterPattern.js';
import {
  eventId,
  eventKey,
  EVENTS,
  MAX_TS,
  requireGroup,
  retentionCutoff,
  TIMELINE,
  timelinePosition,
  ts15,
  type EventRecord,
  type TimelineRecord,
} from './repo.js';
import {
  checkRange,
  checkStreamName,
  checkTimestamp,
  eventSize,
  groupOf,
  invalid,
  MAX_EVENTS_PER_PUT,
  MAX_PAGE_BYTES,
} from './rules.js';
import { filterLogEventsInput } from './schema.js';

const SCAN_BUDGET = 50_000;
const BATCH = 1000;
const MAX_STREAM_NAMES = 100;

interface FilteredEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
  ingestionTime: number;
  eventId: string;
}

/** Which streams count: the names given, those with the prefix, or all. */
function streamFilter(input: { logStreamNames?: string[] | undefined; logStreamNamePrefix?: string | undefined }) {
  const { logStreamNames: names, logStreamNamePrefix: prefix } = input;
  if (names !== undefined && prefix !== undefined) {
    throw new InvalidParameterException('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
  }
  if (names !== undefined) {
    if (names.length < 1) throw invalid('[]', 'logStreamNames', 'Member must have length greater than or equal to 1');
    if (names.length > MAX_STREAM_NAMES) {
      throw invalid(`[${names.length} names]`, 'logStreamNames', `Member must have length less than or equal to ${MAX_STREAM_NAMES}`);
    }
    const wanted = new Set(names.map((n, i) => checkStreamName(n, `logStreamNames.${i + 1}.member`)));
    return (stream: string) => wanted.has(stream);
  }
  if (prefix !== undefined) {
    const p = checkStreamName(prefix, 'logStreamNamePrefix');
    return (stream: string) => stream.startsWith(p);
  }
  return () => true;
}

const filterLogEvents = operation(filterLogEventsInput, async (ctx, input) => {
  const group = groupOf(ctx.account, input);
  const includes = streamFilter(input);
  const limit = checkRange(input.limit, 'limit', { min: 1, max: MAX_EVENTS_PER_PUT }) ?? MAX_EVENTS_PER_PUT;
  checkTimestamp(input.startTime, 'startTime');
  checkTimestamp(input.endTime, 'endTime');
  if (input.filterPattern !== undefined && input.filterPattern.length > 1024) {
    throw invalid(input.filterPattern, 'filterPattern', 'Member must have length less than or equal to 1024');
  }
  const matches = compileFilterPattern(input.filterPattern);
  const now = ctx.clock().getTime();
  const groupRecord = await requireGroup(ctx.store, group);

  // startTime and endTime are both inclusive here.
  const start = Math.max(input.startTime ?? 0, retentionCutoff(groupRecord, now));
  const end = Math.min(input.endTime ?? MAX_TS, MAX_TS);
  const prefix = `${group}:`;
  let after = prefix + ts15(start);
  if (input.nextToken !== undefined) {
    const key = decodeToken(input.nextToken);
    if (!key.startsWith(prefix)) throw new InvalidParameterException('The specified nextToken is invalid.');
    if (key > after) after = key;
  }

  const events: FilteredEvent[] = [];
  const searched = new Set<string>();
  let bytes = 0;
  let scanned = 0;
  let nextKey: string | undefined;
  scan: for (;;) {
    const rows = await ctx.store.list<TimelineRecord>(TIMELINE, { prefix, after, limit: BATCH });
    for (const row of rows) {
      const { ts, streamId, seq } = timelinePosition(row.key);
      if (ts > end) break scan;
      if (scanned >= SCAN_BUDGET || events.length >= limit) {
        nextKey = after;
        break scan;
      }
      scanned++;
      const stream = row.value.s;
      if (includes(stream)) {
        searched.add(stream);
        const event = await ctx.store.get<EventRecord>(EVENTS, eventKey({ group, stream, ts, seq }));
        if (event && matches(event.m)) {
          const size = eventSize(event.m);
          if (events.length > 0 && bytes + size > MAX_PAGE_BYTES) {
            nextKey = after;
            break scan;
          }
          bytes += size;
          events.push({ logStreamName: stream, timestamp: ts, message: event.m, ingestionTime: event.i, eventId: eventId(ts, streamId, seq) });
        }
      }
      after = row.key;
    }
    if (rows.length < BATCH) break;
  }
  return {
    events,
    searchedLogStreams: [...searched].sort().map((logStreamName) => ({ logStreamName, searchedCompletely: nextKey === undefined })),
    ...(nextKey !== undefined ? { nextToken: encodeToken(nextKey) } : {}),
  };
});

export const filterEventsOperations: Record<string, Operation> = {
  FilterLogEvents: filterLogEvents,
};
