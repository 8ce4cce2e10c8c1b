// One agent's session: the server's side of the conversation in protocol/ecs/messages.ts.
// Agent messages are handled in order; each with an id is acknowledged once its effect has
// committed. taskState messages that queue up while the session is busy are applied together, in
// one transaction, and acknowledged after its commit. The `tasks` message is level-triggered:
// `sync()` rereads the instance's assignment and sends it when it asks the agent for something new
// (a task, or a new desired status), re-sending the latest until acknowledged. Liveness: no heartbeat for three periods closes the session.
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { Services } from '../../protocol/context.js';
import { agentMessage, parseFrame, PROTOCOL_VERSION, type AgentMessage, type ServerMessage } from '../../protocol/ecs/messages.js';
import { publishServiceTasks } from '../../api/ecs/changes.js';
import { AssignmentReader } from './assignment.js';
import { applyReports, markAgent, type InstanceKey } from './records.js';
import type { Timer, Timers } from '../../util/timers.js';

export const MISSED_HEARTBEATS = 3;
/** How long a closing peer has to answer the close handshake before its socket is cut. */
const CLOSE_HANDSHAKE_MS = 2_000;
/** At most this many consecutive taskState messages are applied in one transaction. */
export const MAX_REPORT_BATCH = 64;

export const CLOSE_CODES = {
  heartbeatTimeout: 4000,
  replaced: 4001,
  deregistered: 4002,
  shutdown: 1001,
} as const;

export interface SessionDeps {
  services: Services;
  log: Logger;
  timers: Timers;
  heartbeatIntervalMs: number;
  /** Asks the manager to run `sync()` through its keyed queue. */
  requestSync(): void;
  /** Called once, when the socket has closed. */
  onClosed(session: AgentSession): void;
}

interface Pending {
  id: string;
  frame: string;
  sentAt: number;
}

export class AgentSession {
  readonly id: string;
  private lastHeard: number;
  private pending: Pending | undefined;
  /** What the last `tasks` message asked: task ARN -> desired status. */
  private lastSent: Map<string, string> | undefined;
  private forceNextSync = false;
  private helloSeen = false;
  private chain: Promise<void> = Promise.resolve();
  /** Agent messages received and not yet handled, oldest first. */
  private readonly inbox: AgentMessage[] = [];
  /** Whether `handleInbox` is queued or running on the chain. */
  private handling = false;
  private ticker: Timer | undefined;
  private cutOff: Timer | undefined;
  private closed = false;
  private readonly assignment: AssignmentReader;

  constructor(
    private readonly socket: WebSocket,
    readonly key: InstanceKey,
    private readonly deps: SessionDeps,
  ) {
    this.id = deps.services.ids.uuid();
    this.lastHeard = this.now();
    this.assignment = new AssignmentReader(deps.services.store, key);
  }

  private now(): number {
    return this.deps.services.clock().getTime();
  }

  start(): void {
    this.socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
      this.receive(text);
    });
    this.socket.on('close', () => this.finish());
    this.socket.on('error', (err) => this.deps.log.warn({ err }, 'agent socket error'));
    this.ticker = this.deps.timers.every(this.deps.heartbeatIntervalMs, () => this.tick());
    // welcome goes out once the Store says agentConnected: an agent holding its welcome can be placed on.
    this.chain = this.chain
      .then(() => markAgent(this.deps.services, this.key, { connected: true }))
      .catch((err: unknown) => this.deps.log.error({ err }, 'marking the agent connected failed'))
      .then(() => this.send({ type: 'welcome', protocolVersion: PROTOCOL_VERSION, sessionId: this.id, heartbeatIntervalMs: this.deps.heartbeatIntervalMs }));
  }

  /** Waits for the messages received so far to be handled. */
  settled(): Promise<void> {
    return this.chain;
  }

  private receive(text: string): void {
    const msg = parseFrame(agentMessage, text);
    if (!msg) {
      this.deps.log.warn({ frame: text.slice(0, 200) }, 'unreadable agent frame');
      return;
    }
    this.lastHeard = this.now();
    this.inbox.push(msg);
    if (this.handling) return;
    this.handling = true;
    this.chain = this.chain.then(() => this.handleInbox());
  }

  /**
   * Handles the inbox in order. A run of consecutive taskState messages (those that arrived while
   * the previous message was being handled) is applied in one transaction, and each of them is
   * acknowledged only once that transaction has committed; if it fails none is, and the agent's
   * resend brings them back.
   */
  private async handleInbox(): Promise<void> {
    try {
      for (let msg = this.inbox[0]; msg; msg = this.inbox[0]) {
        let n = 1;
        if (msg.type === 'taskState') while (n < MAX_REPORT_BATCH && this.inbox[n]?.type === 'taskState') n++;
        const taken = this.inbox.splice(0, n);
        try {
          if (msg.type === 'taskState') await this.handleReports(taken as Extract<AgentMessage, { type: 'taskState' }>[]);
          else await this.handle(msg);
        } catch (err) {
          this.deps.log.error({ err }, 'agent message failed');
        }
      }
    } finally {
      this.handling = false;
    }
  }

  private async handleReports(reports: readonly Extract<AgentMessage, { type: 'taskState' }>[]): Promise<void> {
    const changed = await applyReports(this.deps.services, this.key, reports.map((r) => r.task));
    publishServiceTasks(this.deps.services, changed);
    for (const r of reports) this.send({ type: 'ack', id: r.id });
  }

  private async handle(msg: Exclude<AgentMessage, { type: 'taskState' }>): Promise<void> {
    switch (msg.type) {
      case 'heartbeat':
        return;
      case 'ack':
        if (this.pending?.id === msg.id) this.pending = undefined;
        return;
      case 'hello':
        await markAgent(this.deps.services, this.key, { connected: true, agentVersion: msg.agentVersion });
        publishServiceTasks(this.deps.services, await applyReports(this.deps.services, this.key, msg.tasks));
        this.send({ type: 'ack', id: msg.id });
        // A full resync: the next `tasks` goes out whatever was sent before.
        this.helloSeen = true;
        this.forceNextSync = true;
        this.deps.requestSync();
        return;
    }
  }

  /** Sends the instance's assignment when it asks something new of the agent (or after hello). */
  async sync(): Promise<void> {
    if (this.closed || !this.helloSeen) return;
    const { instance, wanted, frame: frameWith } = await this.assignment.load();
    const force = this.forceNextSync;
    this.forceNextSync = false;
    const news = !this.lastSent || [...wanted].some(([arn, desired]) => this.lastSent?.get(arn) !== desired);
    if (force || news) {
      const id = this.deps.services.ids.uuid();
      const frame = frameWith(id);
      this.pending = { id, frame, sentAt: this.now() };
      this.lastSent = wanted;
      this.sendFrame(frame);
    }
    if (!instance || instance.status === 'INACTIVE') this.close(CLOSE_CODES.deregistered, 'container instance deregistered');
  }

  private tick(): void {
    const now = this.now();
    const period = this.deps.heartbeatIntervalMs;
    if (now - this.lastHeard > MISSED_HEARTBEATS * period) {
      this.deps.log.info({ sessionId: this.id }, 'agent missed its heartbeats; closing the session');
      this.close(CLOSE_CODES.heartbeatTimeout, 'no heartbeat');
      return;
    }
    if (this.pending && now - this.pending.sentAt >= period) {
      this.pending.sentAt = now;
      this.sendFrame(this.pending.frame);
    }
  }

  private send(msg: ServerMessage): void {
    this.sendFrame(JSON.stringify(msg));
  }

  private sendFrame(frame: string): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(frame);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.ticker?.cancel();
    this.socket.close(code, reason);
    // A peer that never answers the close handshake is cut off (on the injected timers, so a
    // test's clock decides when); finish() cancels it once the socket has closed.
    this.cutOff = this.deps.timers.after(CLOSE_HANDSHAKE_MS, () => this.socket.terminate());
  }

  private finish(): void {
    this.closed = true;
    this.ticker?.cancel();
    this.cutOff?.cancel();
    this.deps.onClosed(this);
  }
}
