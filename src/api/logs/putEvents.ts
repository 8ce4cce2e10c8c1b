// PutLogEvents: checks a batch as Logs does, sets aside the events it rejects (too old, past the
// group's retention, too far in the future), and stores the rest in one transaction.
// The sequence token is accepted and ignored, as Logs has done since 2023.
import { InvalidParameterException } from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import {
  eventKey,
  EVENTS,
  GROUPS,
  requireGroup,
  requireStream,
  retentionCutoff,
  streamKey,
  STREAMS,
  TIMELINE,
  timelineKey,
  type EventRecord,
  type GroupRecord,
  type StreamRecord,
  type TimelineRecord,
} from './repo.js';
import {
  checkGroupName,
  checkStreamName,
  checkTimestamp,
  eventSize,
  invalid,
  MAX_BATCH_SPAN_MS,
  MAX_EVENT_AGE_MS,
  MAX_EVENT_FUTURE_MS,
  MAX_EVENTS_PER_PUT,
  MAX_PUT_BYTES,
  NOT_CHRONOLOGICAL,
  required,
} from './rules.js';
import { putLogEventsInput } from './schema.js';
import { sequenceToken } from './streams.js';

export interface InputEvent {
  timestamp: number;
  message: string;
}

export interface BatchVerdict {
  /** Events [accepted.start, accepted.end) are stored. */
  accepted: { start: number; end: number };
  rejected?: { tooOldLogEventEndIndex?: number; expiredLogEventEndIndex?: number; tooNewLogEventStartIndex?: number };
}

/** Checks the shape of a batch (count, size, order); throws Logs' InvalidParameterException. */
export function checkBatch(raw: ReadonlyArray<{ timestamp?: number | undefined; message?: string | undefined }> | undefined): InputEvent[] {
  const events = required(raw, 'logEvents');
  if (events.length < 1) throw invalid('[]', 'logEvents', 'Member must have length greater than or equal to 1');
  if (events.length > MAX_EVENTS_PER_PUT) {
    throw invalid(`[${events.length} events]`, 'logEvents', `Member must have length less than or equal to ${MAX_EVENTS_PER_PUT}`);
  }
  let bytes = 0;
  const checked = events.map((e, i) => {
    const path = `logEvents.${i + 1}.member`;
    const timestamp = required(checkTimestamp(e.timestamp, `${path}.timestamp`), `${path}.timestamp`);
    const message = required(e.message, `${path}.message`);
    if (message.length < 1) throw invalid(message, `${path}.message`, 'Member must have length greater than or equal to 1');
    bytes += eventSize(message);
    return { timestamp, message };
  });
  if (bytes > MAX_PUT_BYTES) {
    throw new InvalidParameterException(`Upload too large: ${bytes} bytes exceeds limit of ${MAX_PUT_BYTES}`);
  }
  for (let i = 1; i < checked.length; i++) {
    if ((checked[i]?.timestamp ?? 0) < (checked[i - 1]?.timestamp ?? 0)) throw new InvalidParameterException(NOT_CHRONOLOGICAL);
  }
  return checked;
}

/** Which events of a chronological batch Logs keeps at `now`, given the group's retention cutoff. */
export function classifyBatch(events: readonly InputEvent[], limits: { now: number; retentionCutoff: number }): BatchVerdict {
  const oldest = limits.now - MAX_EVENT_AGE_MS;
  const newest = limits.now + MAX_EVENT_FUTURE_MS;
  const count = (keep: (e: InputEvent) => boolean) => {
    let n = 0;
    while (n < events.length && keep(events[n] as InputEvent)) n++;
    return n;
  };
  const tooOld = count((e) => e.timestamp < oldest);
  const expired = count((e) => e.timestamp < limits.retentionCutoff);
  const tooNew = events.length - count((e) => e.timestamp <= newest);
  const start = Math.max(tooOld, expired);
  const end = Math.max(start, events.length - tooNew);
  const rejected: NonNullable<BatchVerdict['rejected']> = {};
  if (tooOld > 0) rejected.tooOldLogEventEndIndex = tooOld;
  if (expired > tooOld) rejected.expiredLogEventEndIndex = expired;
  if (tooNew > 0) rejected.tooNewLogEventStartIndex = events.length - tooNew;
  return { accepted: { start, end }, ...(Object.keys(rejected).length > 0 ? { rejected } : {}) };
}

const putLogEvents = operation(putLogEventsInput, async (ctx, input) => {
  const group = checkGroupName(input.logGroupName);
  const stream = checkStreamName(input.logStreamName);
  const events = checkBatch(input.logEvents);
  const now = ctx.clock().getTime();

  return ctx.store.transaction(async (tx) => {
    const groupRecord = await requireGroup(tx, group);
    const streamRecord = await requireStream(tx, group, stream);
    const verdict = classifyBatch(events, { now, retentionCutoff: retentionCutoff(groupRecord, now) });
    const kept = events.slice(verdict.accepted.start, verdict.accepted.end);
    const first = kept[0];
    const last = kept[kept.length - 1];
    if (first && last && last.timestamp - first.timestamp > MAX_BATCH_SPAN_MS) {
      throw new InvalidParameterException('The batch of log events in a single PutLogEvents request cannot span more than 24 hours.');
    }
    let seq = streamRecord.lastSeq;
    let bytes = 0;
    for (const e of kept) {
      seq += 1;
      bytes += Buffer.byteLength(e.message, 'utf8');
      const place = { group, stream, streamId: streamRecord.id, ts: e.timestamp, seq };
      await tx.put<EventRecord>(EVENTS, eventKey(place), { m: e.message, i: now });
      await tx.put<TimelineRecord>(TIMELINE, timelineKey(place), { s: stream });
    }
    const updated: StreamRecord = first && last
      ? {
        ...streamRecord,
        lastSeq: seq,
        firstEventTimestamp: Math.min(streamRecord.firstEventTimestamp ?? first.timestamp, first.timestamp),
        lastEventTimestamp: Math.max(streamRecord.lastEventTimestamp ?? last.timestamp, last.timestamp),
        lastIngestionTime: now,
        storedBytes: streamRecord.storedBytes + bytes,
      }
      : streamRecord;
    if (kept.length > 0) {
      await tx.put(STREAMS, streamKey(group, stream), updated);
      await tx.put<GroupRecord>(GROUPS, group, { ...groupRecord, storedBytes: groupRecord.storedBytes + bytes });
    }
    return {
      nextSequenceToken: sequenceToken(updated),
      ...(verdict.rejected ? { rejectedLogEventsInfo: verdict.rejected } : {}),
    };
  });
});

export const putEventsOperations: Record<string, Operation> = {
  PutLogEvents: putLogEvents,
};
