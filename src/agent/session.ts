// The agent's side of the session in src/protocol/ecs/messages.ts: a WebSocket whose upgrade is
// SigV4-signed, hello with everything known after each welcome, `tasks` handed to the engine and
// acked, taskState re-sent until acked, heartbeats, and reconnects with capped, jittered backoff.
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Logger } from 'pino';
import WebSocket from 'ws';
import {
  SESSION_PATH, parseFrame, serverMessage, type AgentMessage, type ServerMessage, type TaskSpec, type TaskState,
} from '../protocol/ecs/messages.js';
import { randomIds, type Ids } from '../util/clock.js';
import { holdingTimers, type Timer, type Timers } from '../util/timers.js';

export interface SessionHandler {
  /** Every task the agent knows (hello's full resync). */
  hello(): TaskState[];
  /**
   * The server's complete desired state for this instance. `afterHello`: the session's first
   * `tasks`, the answer to hello, so a task the agent knows and it does not list has stopped
   * server-side (a later list may be the last before a deregistration, whose tasks stay orphaned).
   */
  tasks(specs: TaskSpec[], afterHello: boolean): void;
}

export interface SessionOptions {
  endpoint: string;
  clusterArn: string;
  containerInstanceArn: string;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  agentVersion: string;
  handler: SessionHandler;
  logger: Logger;
  ids?: Ids;
  /** What heartbeats, re-sends, reconnects and the close deadline run on (default: real time, holding the process open). */
  timers?: Timers;
  /** Reconnect backoff: first delay and cap (default 500 ms and 30 s), with jitter. */
  backoff?: { initialMs: number; maxMs: number };
  /** How often unacknowledged messages are re-sent (default 5 s). */
  resendIntervalMs?: number;
  /** Called on every connect (true, after welcome) and disconnect (false). */
  onConnection?: (connected: boolean) => void;
  /**
   * Called once when the server refuses the session because the container instance is
   * deregistered (INACTIVE) or unknown; the session then stops for good instead of reconnecting.
   */
  onDeregistered?: (message: string) => void;
}

/**
 * Whether a refused upgrade says this container instance is not registered (a 400 naming the
 * container instance), which no reconnect can cure; anything else is worth retrying.
 */
export function refusedAsDeregistered(status: number | undefined, body: string): string | undefined {
  if (status !== 400) return undefined;
  let parsed: { __type?: unknown; message?: unknown };
  try {
    parsed = JSON.parse(body) as { __type?: unknown; message?: unknown };
  } catch {
    return undefined;
  }
  const message = typeof parsed.message === 'string' ? parsed.message : '';
  return /container instance/i.test(message) ? message : undefined;
}

/** The delay before reconnect attempt `attempt` (0-based): exponential, capped, half of it jittered. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(base / 2 + (base / 2) * random());
}

/** The signed headers of the upgrade request (service `ecs`, empty payload). */
export async function signedUpgradeHeaders(url: URL, region: string, credentials: SessionOptions['credentials']): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service: 'ecs', region, credentials, sha256: Hash.bind(null, 'sha256') });
  const query: Record<string, string> = {};
  url.searchParams.forEach((v, k) => { query[k] = v; });
  const signed = await signer.sign({
    method: 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query,
    headers: { host: url.host },
  });
  return signed.headers;
}

export class Session {
  private ws?: WebSocket;
  private closed = false;
  private attempt = 0;
  private welcomed = false;
  /** Whether this session has had its first `tasks` (the answer to hello). */
  private tasksSeen = false;
  private readonly pending = new Map<string, AgentMessage>();
  /** taskArn -> id of its latest unacknowledged taskState (a newer state replaces an older one). */
  private readonly pendingByTask = new Map<string, string>();
  /** This session's heartbeat and re-send loops, cancelled when it ends. */
  private loops: Timer[] = [];
  private reconnectTimer?: Timer;
  private readonly ids: Ids;
  private readonly timers: Timers;
  private readonly log: Logger;

  constructor(private readonly opts: SessionOptions) {
    this.ids = opts.ids ?? randomIds;
    // By default the session's waits hold the process open: while the server is unreachable the
    // reconnect wait may be all `wharf agent` has pending, and it must not exit then.
    this.timers = opts.timers ?? holdingTimers;
    this.log = opts.logger.child({ component: 'session' });
  }

  get connected(): boolean {
    return this.welcomed;
  }

  start(): void {
    void this.connect();
  }

  /** Reports a task's state; dropped while disconnected, since the next hello carries it. */
  report(task: TaskState): void {
    if (!this.welcomed) return;
    const previous = this.pendingByTask.get(task.taskArn);
    if (previous) this.pending.delete(previous);
    const msg: AgentMessage = { type: 'taskState', id: this.ids.uuid(), task };
    this.pending.set(msg.id, msg);
    this.pendingByTask.set(task.taskArn, msg.id);
    this.send(msg);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.reconnectTimer?.cancel();
    const ws = this.ws;
    this.endSession();
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        const deadline = this.timers.after(1000, () => { ws.terminate(); resolve(); });
        ws.once('close', () => { deadline.cancel(); resolve(); });
        ws.close(1000, 'agent stopping');
      });
    }
  }

  private url(): URL {
    const url = new URL(SESSION_PATH, this.opts.endpoint);
    url.searchParams.set('cluster', this.opts.clusterArn);
    url.searchParams.set('containerInstance', this.opts.containerInstanceArn);
    return url;
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const url = this.url();
    let headers: Record<string, string>;
    try {
      headers = await signedUpgradeHeaders(url, this.opts.region, this.opts.credentials);
    } catch (err) {
      this.log.error({ err }, 'cannot sign the session request');
      return this.scheduleReconnect();
    }
    if (this.closed) return;
    const wsUrl = url.toString().replace(/^http/, 'ws');
    const ws = new WebSocket(wsUrl, { headers });
    this.ws = ws;
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => {
        const deregistered = refusedAsDeregistered(res.statusCode, body);
        if (deregistered !== undefined && !this.closed) {
          this.closed = true;
          this.log.error({ status: res.statusCode, body }, 'the server refused the session: this container instance is not registered');
          ws.terminate();
          this.opts.onDeregistered?.(deregistered);
          return;
        }
        this.log.warn({ status: res.statusCode, body }, 'the server refused the session');
        ws.terminate();
      });
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const msg = parseFrame(serverMessage, data.toString());
      if (msg) this.receive(ws, msg);
      else this.log.warn({ frame: data.toString().slice(0, 200) }, 'ignoring an unknown frame');
    });
    ws.on('error', (err) => this.log.debug({ err }, 'session socket error'));
    ws.on('close', () => {
      if (this.ws !== ws) return;
      const wasConnected = this.welcomed;
      this.endSession();
      if (wasConnected) this.opts.onConnection?.(false);
      this.scheduleReconnect();
    });
  }

  private receive(ws: WebSocket, msg: ServerMessage): void {
    switch (msg.type) {
      case 'welcome': {
        this.attempt = 0;
        this.welcomed = true;
        this.tasksSeen = false;
        this.log.info({ sessionId: msg.sessionId }, 'session established');
        const hello: AgentMessage = { type: 'hello', id: this.ids.uuid(), agentVersion: this.opts.agentVersion, tasks: this.opts.handler.hello() };
        this.pending.set(hello.id, hello);
        this.send(hello);
        let alive = true;
        ws.on('pong', () => { alive = true; });
        this.loops.push(this.timers.every(msg.heartbeatIntervalMs, () => {
          if (!alive) {
            this.log.warn('no answer from the server; reconnecting');
            ws.terminate();
            return;
          }
          alive = false;
          ws.ping();
          this.send({ type: 'heartbeat' });
        }));
        this.loops.push(this.timers.every(this.opts.resendIntervalMs ?? 5000, () => { for (const m of this.pending.values()) this.send(m); }));
        this.opts.onConnection?.(true);
        return;
      }
      case 'tasks':
        try {
          const afterHello = !this.tasksSeen;
          this.tasksSeen = true;
          this.opts.handler.tasks(msg.tasks, afterHello);
        } finally {
          this.send({ type: 'ack', id: msg.id });
        }
        return;
      case 'ack': {
        const acked = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (acked?.type === 'taskState' && this.pendingByTask.get(acked.task.taskArn) === msg.id) this.pendingByTask.delete(acked.task.taskArn);
      }
    }
  }

  private send(msg: AgentMessage): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  private endSession(): void {
    for (const t of this.loops) t.cancel();
    this.loops = [];
    this.welcomed = false;
    this.tasksSeen = false;
    this.pending.clear();
    this.pendingByTask.clear();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const { initialMs, maxMs } = this.opts.backoff ?? { initialMs: 500, maxMs: 30_000 };
    const delay = backoffDelay(this.attempt++, initialMs, maxMs);
    this.log.info({ delayMs: delay }, 'reconnecting');
    this.reconnectTimer = this.timers.after(delay, () => { void this.connect(); });
  }
}
