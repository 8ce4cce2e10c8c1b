// One attached container's side of the shipper: its destination, its queue of events in time
// order (the first `inflight` of them are being sent and are never dropped), and its retry state.
import type { Logger } from 'pino';
import type { Position, QueuedEvent } from './batch.js';

export class ContainerQueue {
  readonly containerId: string;
  readonly group: string;
  readonly stream: string;
  readonly createGroup: boolean;
  readonly log: Logger;
  events: QueuedEvent[] = [];
  inflight = 0;
  ensured = false;
  failures = 0;
  /** Epoch ms before which no send is attempted (backoff). */
  retryAt = 0;
  detaching = false;
  /** Docker's log is still being read. */
  following = true;
  running: Promise<void> | undefined;
  abort = new AbortController();
  ended: Promise<void> = Promise.resolve();
  private bytes = 0;
  private lastTimestamp = 0;

  constructor(opts: { containerId: string; group: string; stream: string; createGroup: boolean; log: Logger }) {
    this.containerId = opts.containerId;
    this.group = opts.group;
    this.stream = opts.stream;
    this.createGroup = opts.createGroup;
    this.log = opts.log;
  }

  size(): number {
    return this.events.length;
  }

  /** Events not in flight. */
  waiting(): number {
    return this.events.length - this.inflight;
  }

  waitingBytes(): number {
    return this.bytes;
  }

  /** Appends an event; a timestamp older than the previous one is raised to it (Logs wants time order). */
  push(event: QueuedEvent, position: Position | undefined): void {
    const timestamp = Math.max(event.timestamp, this.lastTimestamp);
    this.lastTimestamp = timestamp;
    this.events.push({ ...event, timestamp, ...(position ? { position } : {}) });
    this.bytes += event.bytes;
  }

  /** Removes and returns the first n events (accepted by the server). */
  shift(n: number): QueuedEvent[] {
    const done = this.events.splice(0, n);
    for (const e of done) this.bytes -= e.bytes;
    return done;
  }

  /** The timestamp of the oldest event that may be dropped, if any. */
  oldestDroppable(): number | undefined {
    return this.events[this.inflight]?.timestamp;
  }

  dropOldest(): void {
    const [gone] = this.events.splice(this.inflight, 1);
    if (gone) this.bytes -= gone.bytes;
  }
}

/** The AWS error code of an SDK error (`name`), or the Node error code of a network failure. */
export function errorName(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; code?: unknown };
    if (typeof e.name === 'string' && e.name !== 'Error') return e.name;
    if (typeof e.code === 'string') return e.code;
  }
  return 'Error';
}
