// The `awslogs` log driver, done by the agent: follows each attached container's log, queues its
// lines per container, and ships them with PutLogEvents in order, one request in flight per
// container. Failures the server may recover from (unreachable, 5xx, throttling, credentials)
// keep the events queued and retry with capped exponential backoff, so a server restart loses
// nothing; the queue is bounded (the oldest event overall is dropped, with a warning). What was
// accepted is remembered per container in the state file, so a restarted agent resumes there.
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';
import type { Logger } from 'pino';
import { batchLength, lastPosition, MAX_BATCH_BYTES, MAX_BATCH_EVENTS, splitMessage } from './batch.js';
import { followContainer, type ContainerLogs, type PositionedLine } from './follow.js';
import { ShipState } from './state.js';
import { ContainerQueue, errorName } from './queue.js';

export interface LogShipperOptions {
  logs: CloudWatchLogsClient;
  /** Where the containers' logs are read from (the agent's ContainerRuntime). */
  containers: ContainerLogs;
  clock: () => Date;
  log: Logger;
  /** How often queued events are sent (default 1000 ms); a full batch goes at once. */
  flushIntervalMs?: number;
  /** Events kept across all containers while they cannot be sent (default 100,000). */
  maxBufferedEvents?: number;
  /** Where the last shipped position per container is kept; in memory only when absent. */
  stateFile?: string;
  /** Backoff after failed sends: doubles from the flush interval up to this (default 10,000 ms). */
  maxBackoffMs?: number;
  /** A PutLogEvents / Create* call that has not answered after this is abandoned and retried (default 30,000 ms). */
  requestTimeoutMs?: number;
  /** detach(): how long a still-running container's log is read before following stops (default 2,000 ms). */
  drainTimeoutMs?: number;
  /** detach() resolves after this even if events are still undelivered; they keep being retried (default 30,000 ms). */
  detachTimeoutMs?: number;
}

export interface AttachOptions {
  containerId: string;
  group: string;
  stream: string;
  createGroup: boolean;
}

export interface ShipperStats {
  /** Events waiting to be sent, across containers. */
  buffered: number;
  shipped: number;
  dropped: number;
  /** Failed send attempts since start. */
  failures: number;
}

/** close() tries this long to send what is queued. */
const CLOSE_FLUSH_MS = 3000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export class LogShipper {
  private readonly queues = new Map<string, ContainerQueue>();
  private readonly state: ShipState;
  private readonly timer: NodeJS.Timeout;
  private readonly interval: number;
  private readonly maxBuffered: number;
  private readonly counts = { buffered: 0, shipped: 0, dropped: 0, failures: 0 };
  private closed = false;
  private closeDeadline = Infinity;

  constructor(private readonly opts: LogShipperOptions) {
    this.interval = opts.flushIntervalMs ?? 1000;
    this.maxBuffered = Math.max(1, opts.maxBufferedEvents ?? 100_000);
    this.state = new ShipState({ file: opts.stateFile, log: opts.log });
    this.timer = setInterval(() => this.flushAll(), this.interval);
    this.timer.unref();
  }

  /** Starts shipping a container's log (from where a previous agent left off, per the state file). */
  attach(opts: AttachOptions): void {
    if (this.closed) throw new Error('the log shipper is closed');
    if (this.queues.has(opts.containerId)) return; // already shipped (attach is idempotent)
    const log = this.opts.log.child({ containerId: opts.containerId.slice(0, 12), group: opts.group, stream: opts.stream });
    const q = new ContainerQueue({ ...opts, log });
    this.queues.set(opts.containerId, q);
    q.ended = followContainer({
      containers: this.opts.containers,
      containerId: opts.containerId,
      shipped: this.state.get(opts.containerId),
      signal: q.abort.signal,
      clock: this.opts.clock,
      log,
      onLines: (lines) => this.enqueue(q, lines),
    }).finally(() => {
      q.following = false;
    });
  }

  /** Reads what is left of the container's log, sends it, and forgets the container. */
  async detach(containerId: string): Promise<void> {
    const q = this.queues.get(containerId);
    if (!q) return;
    q.detaching = true;
    const drained = await Promise.race([q.ended.then(() => true), sleep(this.opts.drainTimeoutMs ?? 2000).then(() => false)]);
    if (!drained) q.abort.abort();
    await q.ended;
    const deadline = this.opts.clock().getTime() + (this.opts.detachTimeoutMs ?? 30_000);
    while (q.size() > 0 && !this.closed && this.opts.clock().getTime() < deadline) {
      await this.flush(q);
      if (q.size() > 0) await sleep(Math.max(10, Math.min(this.interval, q.retryAt - this.opts.clock().getTime())));
    }
    if (q.size() > 0) {
      q.log.warn({ buffered: q.size() }, 'detached with events still undelivered; delivery keeps being retried');
    } else {
      this.queues.delete(containerId);
    }
    await this.state.flush();
  }

  /** Drops the remembered position of a container (once Docker no longer has it). */
  forget(containerId: string): void {
    this.state.delete(containerId);
  }

  stats(): ShipperStats {
    return { ...this.counts };
  }

  /**
   * Stops following, makes one last attempt to send what is queued, and saves the state. Lines
   * not delivered stay in Docker's json-file log: the next agent reads them again from the state.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    const queues = [...this.queues.values()];
    for (const q of queues) q.abort.abort();
    await Promise.all(queues.map((q) => q.ended));
    this.closeDeadline = this.opts.clock().getTime() + CLOSE_FLUSH_MS;
    const last = Promise.all(queues.map((q) => this.flush(q, true)));
    await Promise.race([last, sleep(CLOSE_FLUSH_MS)]);
    await this.state.flush();
  }

  private enqueue(q: ContainerQueue, lines: PositionedLine[]): void {
    for (const line of lines) {
      if (line.text.length === 0) continue; // Logs refuses empty messages
      const pieces = splitMessage(line.text);
      pieces.forEach((message, i) => {
        const last = i === pieces.length - 1;
        q.push({ timestamp: line.time.ms, message, bytes: Buffer.byteLength(message, 'utf8') }, last ? line.position : undefined);
        this.counts.buffered += 1;
      });
    }
    while (this.counts.buffered > this.maxBuffered && this.dropOldest());
    if (q.waiting() >= MAX_BATCH_EVENTS || q.waitingBytes() >= MAX_BATCH_BYTES) void this.flush(q);
  }

  /** Drops the oldest event not in flight; false when every buffered event is in flight. */
  private dropOldest(): boolean {
    let oldest: ContainerQueue | undefined;
    let oldestAt = Infinity;
    for (const q of this.queues.values()) {
      const t = q.oldestDroppable();
      if (t !== undefined && t < oldestAt) {
        oldest = q;
        oldestAt = t;
      }
    }
    if (!oldest) return false;
    oldest.dropOldest();
    this.counts.buffered -= 1;
    this.counts.dropped += 1;
    if (this.counts.dropped === 1 || this.counts.dropped % 1000 === 0) {
      oldest.log.warn({ dropped: this.counts.dropped, maxBufferedEvents: this.maxBuffered }, 'log buffer full: dropping the oldest events');
    }
    return true;
  }

  private flushAll(): void {
    for (const [id, q] of this.queues) {
      if (q.size() > 0) void this.flush(q);
      else if (q.detaching && !q.following && !q.running) this.queues.delete(id); // delivered after detach gave up waiting
    }
  }

  /** Sends the queue's full batches and then what is left; one run at a time per container. */
  private flush(q: ContainerQueue, ignoreBackoff = false): Promise<void> {
    if (q.running) return q.running;
    if (q.size() === 0 || (!ignoreBackoff && this.opts.clock().getTime() < q.retryAt)) return Promise.resolve();
    q.running = this.send(q).finally(() => {
      q.running = undefined;
    });
    return q.running;
  }

  private async send(q: ContainerQueue): Promise<void> {
    while (q.size() > 0 && this.opts.clock().getTime() < this.closeDeadline) {
      try {
        if (!q.ensured) await this.ensureStream(q);
        const n = batchLength(q.events);
        q.inflight = n;
        const batch = q.events.slice(0, n);
        const result = await this.opts.logs.send(new PutLogEventsCommand({
          logGroupName: q.group,
          logStreamName: q.stream,
          logEvents: batch.map((e) => ({ timestamp: e.timestamp, message: e.message })),
        }), this.callOptions());
        if (result.rejectedLogEventsInfo) q.log.warn({ rejected: result.rejectedLogEventsInfo }, 'CloudWatch Logs refused some events (too old or too new)');
        this.accepted(q, n);
      } catch (err) {
        q.inflight = 0;
        if (!this.failed(q, err)) return;
      } finally {
        q.inflight = 0;
      }
    }
  }

  private accepted(q: ContainerQueue, n: number): void {
    const done = q.shift(n);
    this.counts.buffered -= n;
    this.counts.shipped += n;
    const position = lastPosition(done);
    if (position) this.state.set(q.containerId, position);
    if (q.failures > 0) q.log.info({ failures: q.failures }, 'log delivery resumed');
    q.failures = 0;
    q.retryAt = 0;
  }

  /** Handles a failed send; true when the queue may be sent again right away. */
  private failed(q: ContainerQueue, err: unknown): boolean {
    const name = errorName(err);
    if (name === 'DataAlreadyAcceptedException') {
      this.accepted(q, batchLength(q.events));
      return true;
    }
    if (name === 'InvalidParameterException') {
      // The batch can never be accepted: drop it rather than block the container's log.
      q.log.error({ err }, 'CloudWatch Logs refused a batch; dropping it');
      const n = batchLength(q.events);
      this.accepted(q, n);
      this.counts.shipped -= n;
      this.counts.dropped += n;
      return true;
    }
    if (name === 'ResourceNotFoundException') q.ensured = false; // the stream or group is gone: create it again
    this.counts.failures += 1;
    q.failures += 1;
    const backoff = Math.min(this.opts.maxBackoffMs ?? 10_000, this.interval * 2 ** Math.min(q.failures - 1, 20));
    q.retryAt = this.opts.clock().getTime() + backoff;
    const fields = { err: { name, message: err instanceof Error ? err.message : String(err) }, failures: q.failures, retryInMs: backoff, buffered: q.size() };
    if (q.failures === 1) q.log.warn(fields, 'cannot deliver logs; keeping them and retrying');
    else q.log.debug(fields, 'log delivery still failing');
    return false;
  }

  private async ensureStream(q: ContainerQueue): Promise<void> {
    if (q.createGroup) {
      await this.opts.logs.send(new CreateLogGroupCommand({ logGroupName: q.group }), this.callOptions()).catch(alreadyExists);
    }
    await this.opts.logs.send(new CreateLogStreamCommand({ logGroupName: q.group, logStreamName: q.stream }), this.callOptions()).catch(alreadyExists);
    q.ensured = true;
  }

  private callOptions(): { abortSignal: AbortSignal } {
    return { abortSignal: AbortSignal.timeout(this.opts.requestTimeoutMs ?? 30_000) };
  }
}

function alreadyExists(err: unknown): void {
  if (errorName(err) !== 'ResourceAlreadyExistsException') throw err;
}
