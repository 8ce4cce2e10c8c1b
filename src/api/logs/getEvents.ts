// GetLogEvents: a page of one stream's events, read forward or backward from a position.
// Tokens are `f/<position>/s` (forward) and `b/<position>/s` (backward), the position being an
// event's timestamp and sequence number as 27 digits; reads go strictly past it. When nothing is
// left in a direction, the token asked with comes back, which is how clients know to stop.
// Events older than the group's retention are not returned (they are not deleted yet).
import { InvalidParameterException } from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import {
  eventPosition,
  EVENTS,
  MAX_TS,
  pad,
  requireGroup,
  requireStream,
  retentionCutoff,
  streamEventsPrefix,
  ts15,
  type EventRecord,
} from './repo.js';
import {
  checkRange,
  checkStreamName,
  checkTimestamp,
  eventSize,
  groupOf,
  INVALID_TOKEN,
  MAX_EVENTS_PER_PUT,
  MAX_PAGE_BYTES,
} from './rules.js';
import { getLogEventsInput } from './schema.js';

type Direction = 'f' | 'b';

/** A place in a stream, `<ts 15>:<seq 12>` as in event keys; sequence 0 lies before a timestamp's events. */
interface Cursor {
  direction: Direction;
  position: string;
}

const position = (ts: number, seq = 0): string => `${ts15(ts)}:${pad(seq, 12)}`;
const formatToken = (direction: Direction, pos: string): string => `${direction}/${pos.replace(':', '')}/s`;

function parseToken(token: string): Cursor {
  const match = /^([fb])\/(\d{15})(\d{12})\/s$/.exec(token);
  if (!match) throw new InvalidParameterException(INVALID_TOKEN);
  return { direction: match[1] as Direction, position: `${match[2]}:${match[3]}` };
}

const getLogEvents = operation(getLogEventsInput, async (ctx, input) => {
  const group = groupOf(ctx.account, input);
  const stream = checkStreamName(input.logStreamName);
  const limit = checkRange(input.limit, 'limit', { min: 1, max: MAX_EVENTS_PER_PUT }) ?? MAX_EVENTS_PER_PUT;
  checkTimestamp(input.startTime, 'startTime');
  checkTimestamp(input.endTime, 'endTime');
  const asked = input.nextToken === undefined ? undefined : parseToken(input.nextToken);
  const now = ctx.clock().getTime();

  const groupRecord = await requireGroup(ctx.store, group);
  await requireStream(ctx.store, group, stream);
  // [low, high): startTime is inclusive, endTime exclusive; retention moves the start.
  const low = position(Math.max(input.startTime ?? 0, retentionCutoff(groupRecord, now)));
  const high = position(Math.min(input.endTime ?? MAX_TS, MAX_TS));
  const cursor: Cursor = asked
    ?? (input.startFromHead ? { direction: 'f', position: low } : { direction: 'b', position: high });
  const forward = cursor.direction === 'f';
  // Reads go strictly past the cursor, clamped to the time range.
  const from = forward ? (cursor.position < low ? low : cursor.position) : (cursor.position > high ? high : cursor.position);

  const prefix = streamEventsPrefix(group, stream);
  const rows = await ctx.store.list<EventRecord>(EVENTS, { prefix, after: prefix + from, limit, reverse: !forward });
  const picked: { pos: string; timestamp: number; message: string; ingestionTime: number }[] = [];
  let bytes = 0;
  for (const row of rows) {
    const pos = row.key.slice(prefix.length);
    if (forward ? pos >= high : pos < low) break;
    bytes += eventSize(row.value.m);
    if (bytes > MAX_PAGE_BYTES) break;
    picked.push({ pos, timestamp: eventPosition(row.key).ts, message: row.value.m, ingestionTime: row.value.i });
  }
  if (!forward) picked.reverse();

  const first = picked[0];
  const last = picked[picked.length - 1];
  const events = picked.map(({ timestamp, message, ingestionTime }) => ({ timestamp, message, ingestionTime }));
  if (!first || !last) {
    // Nothing further this way: the token asked with (or the edge of the range) comes back.
    const same = input.nextToken ?? formatToken(cursor.direction, from);
    return {
      events,
      nextForwardToken: forward ? same : formatToken('f', cursor.position),
      nextBackwardToken: forward ? formatToken('b', cursor.position) : same,
    };
  }
  return { events, nextForwardToken: formatToken('f', last.pos), nextBackwardToken: formatToken('b', first.pos) };
});

export const getEventsOperations: Record<string, Operation> = {
  GetLogEvents: getLogEvents,
};
