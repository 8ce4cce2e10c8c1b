// PutLogEvents' limits and the pure pieces of batching: how a long line is cut into events and
// how many queued events form the next request. Pure.

/** At most this many events in one PutLogEvents call. */
export const MAX_BATCH_EVENTS = 10_000;
/** At most this many bytes in one call: the UTF-8 messages plus EVENT_OVERHEAD_BYTES each. */
export const MAX_BATCH_BYTES = 1_048_576;
export const EVENT_OVERHEAD_BYTES = 26;
/** The events of one call span less than 24 hours. */
export const MAX_BATCH_SPAN_MS = 24 * 3_600_000 - 1;
/** One event's message, as Docker's own awslogs driver cuts it (256 KiB less the overhead). */
export const MAX_EVENT_BYTES = 262_144 - EVENT_OVERHEAD_BYTES;

/** Where a line sits in a container's log: its timestamp key and its ordinal among lines with that key. */
export interface Position {
  key: string;
  seq: number;
}

export interface QueuedEvent {
  timestamp: number;
  message: string;
  /** UTF-8 bytes of the message. */
  bytes: number;
  /** Set on the last event of a line: shipping it means the whole line is shipped. */
  position?: Position;
}

/** Cuts a message into pieces of at most `max` UTF-8 bytes, never inside a character. */
export function splitMessage(text: string, max = MAX_EVENT_BYTES): string[] {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= max) return [text];
  const pieces: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + max, bytes.length);
    // Back off continuation bytes (10xxxxxx) so a character is never split.
    while (end < bytes.length && end > start && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
    pieces.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
  }
  return pieces;
}

/** How many events from the head of a chronological queue fit in one PutLogEvents call. */
export function batchLength(queue: readonly QueuedEvent[]): number {
  const first = queue[0];
  if (!first) return 0;
  let bytes = 0;
  let n = 0;
  for (const e of queue) {
    if (n === MAX_BATCH_EVENTS) break;
    if (bytes + e.bytes + EVENT_OVERHEAD_BYTES > MAX_BATCH_BYTES) break;
    if (e.timestamp - first.timestamp > MAX_BATCH_SPAN_MS) break;
    bytes += e.bytes + EVENT_OVERHEAD_BYTES;
    n += 1;
  }
  return n;
}

/** The position of the last whole line among `events`, if any. */
export function lastPosition(events: readonly QueuedEvent[]): Position | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const p = events[i]?.position;
    if (p) return p;
  }
  return undefined;
}

/**
 * Numbers the lines of one read of a container's log and tells which were shipped before.
 * Dedup rule: a resumed read starts at `since` = the key of the last shipped line, and Docker
 * returns every entry at or after it; a line is already shipped when its key is older than that
 * key, or equal to it and its ordinal among the lines with that key is at most the saved ordinal.
 */
export class Positioner {
  private key = '';
  private seq = 0;

  constructor(private readonly shippedUpTo?: Position) {}

  next(key: string): { position: Position; shipped: boolean } {
    this.seq = key === this.key ? this.seq + 1 : 1;
    this.key = key;
    const s = this.shippedUpTo;
    const shipped = s !== undefined && (key < s.key || (key === s.key && this.seq <= s.seq));
    return { position: { key, seq: this.seq }, shipped };
  }
}
