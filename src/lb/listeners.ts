// The listening side: a listener's live state (routing table, idle timeout) and its server, and
// the socket chores: bind, close with every connection cut, and a throwaway bind to test a port.
import { createServer, type Server, type Socket } from 'node:net';
import type { ListenerRecord } from '../api/elbv2/model.js';
import type { RouteTable } from './routes.js';
import type { GroupRuntime } from './targets.js';

export interface ListenerRuntime {
  arn: string;
  loadBalancerArn: string;
  port: number;
  protocol: ListenerRecord['protocol'];
  /** Replaced (not mutated) on each configuration change; the servers read it per request. */
  table: RouteTable<GroupRuntime>;
  /** The load balancer's idle_timeout.timeout_seconds in ms (default 60 s). */
  idleTimeoutMs: number;
  /** The port as X-Forwarded-Port gives it. */
  portText: string;
  server: Server | undefined;
  /** Open client connections, cut when the listener closes. */
  sockets: Set<Socket>;
  /** Why the last bind failed (logged once per distinct error). */
  bindError: string | undefined;
}

export function idleTimeoutMs(attributes: Record<string, string>): number {
  const s = Number(attributes['idle_timeout.timeout_seconds'] ?? 60);
  return Number.isFinite(s) && s > 0 ? s * 1000 : 60_000;
}

/** Listens; resolves with the error message when the port cannot be had. */
export function listen(server: Server, host: string, port: number, sockets: Set<Socket>): Promise<string | undefined> {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    const onError = (err: NodeJS.ErrnoException): void => resolve(err.code === 'EADDRINUSE' ? `port ${port} on ${host} is in use` : err.message);
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError);
      resolve(undefined);
    });
  });
}

/** Stops listening and cuts every open connection; resolves when the port is free. */
export function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  });
}

/** Whether host:port can be bound now: binds a throwaway server and closes it. */
export async function tryBind(host: string, port: number): Promise<string | undefined> {
  const server = createServer();
  const error = await listen(server, host, port, new Set());
  if (!error) await closeServer(server, new Set());
  return error;
}
