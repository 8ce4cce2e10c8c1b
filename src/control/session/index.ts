// The server's side of agent sessions: accepts the WebSocket upgrades the front door hands over,
// keeps one session per container instance, and re-sends an instance's `tasks` whenever the ECS
// operations signal that its assignment changed (a keyed, de-duplicating queue per instance).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { INSTANCE_TASKS_TOPIC, instanceChangeKey } from '../../api/ecs/changes.js';
import type { Services } from '../../protocol/context.js';
import { KeyedQueue } from '../keyedQueue.js';
import { disconnectAll, markAgent } from './records.js';
import { AgentSession, CLOSE_CODES } from './session.js';
import { realTimers, type Timers } from '../../util/timers.js';
import { admit, answerRefusal } from './upgrade.js';

export const DEFAULT_HEARTBEAT_INTERVAL_MS = 10_000;

export interface AgentSessionsOptions {
  services: Services;
  log: Logger;
  /** How often agents send heartbeats (told in `welcome`); three missed close the session. */
  heartbeatIntervalMs?: number;
  timers?: Timers;
}

export interface AgentSessions {
  /** Marks every instance disconnected (no session survives a restart) and starts listening for changes. */
  start(): Promise<void>;
  /** The front door's `upgrade` handler. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Whether an agent session is open for the instance. */
  isConnected(clusterName: string, instanceId: string): boolean;
  /** Resolves once pending `tasks` syncs are done (tests). */
  drained(): Promise<void>;
  /** Closes every session (going away) and stops. */
  close(): Promise<void>;
}

export function createAgentSessions(opts: AgentSessionsOptions): AgentSessions {
  const { services } = opts;
  const log = opts.log.child({ component: 'agent-sessions' });
  const heartbeatIntervalMs = opts.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
  const timers = opts.timers ?? realTimers;
  const wss = new WebSocketServer({ noServer: true });
  const sessions = new Map<string, AgentSession>();
  // A sync that throws (a Store read) is retried with backoff rather than waiting for the next change.
  const queue = new KeyedQueue({
    handler: async (key) => sessions.get(key)?.sync(),
    onError: (key, err) => log.error({ err, key }, 'tasks sync failed'),
    onGiveUp: (key, failures) => log.error({ key, failures }, 'tasks sync keeps failing; waiting for the next change'),
    timers,
  });
  let unsubscribe: (() => void) | undefined;

  const open = (socket: import('ws').WebSocket, instance: { clusterName: string; id: string }) => {
    const key = instanceChangeKey(instance.clusterName, instance.id);
    const session: AgentSession = new AgentSession(socket, { clusterName: instance.clusterName, instanceId: instance.id }, {
      services,
      log: log.child({ instance: key }),
      timers,
      heartbeatIntervalMs,
      requestSync: () => queue.enqueue(key),
      onClosed: (closed) => {
        if (sessions.get(key) !== closed) return;
        sessions.delete(key);
        void markAgent(services, closed.key, { connected: false }).catch((err: unknown) => log.error({ err }, 'marking the agent disconnected failed'));
      },
    });
    const previous = sessions.get(key);
    sessions.set(key, session);
    previous?.close(CLOSE_CODES.replaced, 'a newer session replaced this one');
    session.start();
  };

  return {
    async start() {
      await disconnectAll(services);
      unsubscribe = services.changes?.subscribe(INSTANCE_TASKS_TOPIC, (key) => {
        if (sessions.has(key)) queue.enqueue(key);
      });
    },

    handleUpgrade(req, socket, head) {
      const requestId = services.ids.uuid();
      admit(services, req, { log }).then((verdict) => {
        if (!verdict.ok) {
          answerRefusal(socket, verdict, requestId);
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => open(ws, { clusterName: verdict.instance.clusterName, id: verdict.instance.id }));
      }).catch((err: unknown) => {
        log.error({ err }, 'agent upgrade failed');
        answerRefusal(socket, { ok: false, status: 500, code: 'ServerException', message: 'An internal error occurred.' }, requestId);
      });
    },

    isConnected(clusterName, instanceId) {
      return sessions.has(instanceChangeKey(clusterName, instanceId));
    },

    drained: () => queue.drained(),

    async close() {
      unsubscribe?.();
      queue.close();
      for (const session of sessions.values()) session.close(CLOSE_CODES.shutdown, 'server shutting down');
      await Promise.all([...sessions.values()].map((s) => s.settled()));
      sessions.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

export { CLOSE_CODES, MISSED_HEARTBEATS } from './session.js';
