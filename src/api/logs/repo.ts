// Log groups, streams and events in the Store. Names meet at ':', which neither a group nor a
// stream name may contain, so a prefix never reaches into another group's or stream's keys.
//
//   logs/groups    <group>                                  GroupRecord
//   logs/streams   <group>:<stream>                         StreamRecord (counters for puts)
//   logs/events    <group>:<stream>:<ts 15>:<seq 12>        EventRecord, a stream in time order
//   logs/timeline  <group>:<ts 15>:<stream id 10>:<seq 12>  TimelineRecord, a group in time order
//
// A put writes each event twice (stream and group order) and rewrites its stream and group
// records: O(events) per put, never a scan. FilterLogEvents reads the timeline; GetLogEvents the stream.
import { ResourceNotFoundException } from '../../protocol/errors.js';
import type { Reader, Tx } from '../../state/store.js';
import { GROUP_NOT_FOUND, STREAM_NOT_FOUND } from './rules.js';

export const GROUPS = 'logs/groups';
export const STREAMS = 'logs/streams';
export const EVENTS = 'logs/events';
export const TIMELINE = 'logs/timeline';
const STREAM_IDS = 'logs/streamIds';

export interface GroupRecord {
  logGroupName: string;
  /** Milliseconds since the epoch, as on the wire. */
  creationTime: number;
  retentionInDays?: number;
  kmsKeyId?: string;
  logGroupClass: string;
  tags: Record<string, string>;
  /** UTF-8 bytes of the messages stored in the group's streams. */
  storedBytes: number;
}

export interface StreamRecord {
  logStreamName: string;
  creationTime: number;
  /** Unique across streams, so that event ids and timeline keys of two streams never collide. */
  id: number;
  /** The sequence number of the stream's last event (0 before the first). */
  lastSeq: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  storedBytes: number;
}

/** An event under its stream; the timestamp and sequence number are in the key. */
export interface EventRecord {
  m: string;
  /** Ingestion time. */
  i: number;
}

/** An event's place in its group's timeline: which stream holds it. */
export interface TimelineRecord {
  s: string;
}

export const pad = (n: number, width: number): string => String(n).padStart(width, '0');
export const ts15 = (ts: number): string => pad(ts, 15);
/** Beyond any timestamp a key can hold. */
export const MAX_TS = 999_999_999_999_999;

export const streamKey = (group: string, stream: string): string => `${group}:${stream}`;
export const streamEventsPrefix = (group: string, stream: string): string => `${group}:${stream}:`;
/** Where an event sits: its group and stream, timestamp, and sequence number in the stream. */
export interface EventPlace {
  group: string;
  stream: string;
  streamId: number;
  ts: number;
  seq: number;
}

export const eventKey = (p: Omit<EventPlace, 'streamId'>): string => `${streamEventsPrefix(p.group, p.stream)}${ts15(p.ts)}:${pad(p.seq, 12)}`;
export const timelineKey = (p: Omit<EventPlace, 'stream'>): string => `${p.group}:${ts15(p.ts)}:${pad(p.streamId, 10)}:${pad(p.seq, 12)}`;

/** An event key's timestamp and sequence: the last two of its ':'-separated parts. */
export function eventPosition(key: string): { ts: number; seq: number } {
  const parts = key.split(':');
  return { ts: Number(parts[parts.length - 2]), seq: Number(parts[parts.length - 1]) };
}

/** A timeline key's timestamp, stream id and sequence (its last three parts). */
export function timelinePosition(key: string): { ts: number; streamId: number; seq: number } {
  const parts = key.split(':');
  return { ts: Number(parts[parts.length - 3]), streamId: Number(parts[parts.length - 2]), seq: Number(parts[parts.length - 1]) };
}

/** The id FilterLogEvents gives an event: its timestamp, stream id and sequence, as digits. */
export const eventId = (ts: number, streamId: number, seq: number): string => `${ts15(ts)}${pad(streamId, 10)}${pad(seq, 12)}`;

export function getGroup(reader: Reader, group: string): Promise<GroupRecord | undefined> {
  return reader.get<GroupRecord>(GROUPS, group);
}

export async function requireGroup(reader: Reader, group: string): Promise<GroupRecord> {
  const record = await getGroup(reader, group);
  if (!record) throw new ResourceNotFoundException(GROUP_NOT_FOUND);
  return record;
}

export function getStream(reader: Reader, group: string, stream: string): Promise<StreamRecord | undefined> {
  return reader.get<StreamRecord>(STREAMS, streamKey(group, stream));
}

export async function requireStream(reader: Reader, group: string, stream: string): Promise<StreamRecord> {
  const record = await getStream(reader, group, stream);
  if (!record) throw new ResourceNotFoundException(STREAM_NOT_FOUND);
  return record;
}

export function nextStreamId(tx: Tx): Promise<number> {
  return tx.nextSequence(STREAM_IDS);
}

/** The earliest timestamp a group still returns: its retention, counted back from `now`. */
export function retentionCutoff(group: GroupRecord, now: number): number {
  return group.retentionInDays === undefined ? 0 : Math.max(0, now - group.retentionInDays * 86_400_000);
}

const DELETE_BATCH = 1000;

/** Deletes every key of `kind` under `prefix`, calling `each` for every item first. */
async function deleteUnder<T>(tx: Tx, kind: string, prefix: string, each?: (key: string, value: T) => Promise<void>): Promise<void> {
  for (;;) {
    const rows = await tx.list<T>(kind, { prefix, limit: DELETE_BATCH });
    for (const row of rows) {
      if (each) await each(row.key, row.value);
      await tx.delete(kind, row.key);
    }
    if (rows.length < DELETE_BATCH) return;
  }
}

/** Deletes a stream with its events, in both orders, and takes its bytes off its group. */
export async function deleteStream(tx: Tx, group: GroupRecord, stream: StreamRecord): Promise<void> {
  const name = group.logGroupName;
  await deleteUnder<EventRecord>(tx, EVENTS, streamEventsPrefix(name, stream.logStreamName), async (key) => {
    const { ts, seq } = eventPosition(key);
    await tx.delete(TIMELINE, timelineKey({ group: name, ts, streamId: stream.id, seq }));
  });
  await tx.delete(STREAMS, streamKey(name, stream.logStreamName));
  await tx.put<GroupRecord>(GROUPS, name, { ...group, storedBytes: Math.max(0, group.storedBytes - stream.storedBytes) });
}

/** Deletes a group with all its streams and events. */
export async function deleteGroup(tx: Tx, group: string): Promise<void> {
  const prefix = `${group}:`;
  await deleteUnder(tx, TIMELINE, prefix);
  await deleteUnder(tx, EVENTS, prefix);
  await deleteUnder(tx, STREAMS, prefix);
  await tx.delete(GROUPS, group);
}
