// An HTTP listener: a plain TCP server whose connections speak HTTP/1.x through http1/ (head
// parsing, routing by the listener's precomputed table, pooled keep-alive connections to targets).
// Node's http module is not used on this path: it costs twice the CPU per proxied request.
import { createServer, type Server } from 'node:net';
import { ClientConnection, type ProxyContext } from './http1/connection.js';
import type { ListenerRuntime } from './listeners.js';

export type { ProxyContext } from './http1/connection.js';

export function createHttpListener(l: ListenerRuntime, ctx: ProxyContext): Server {
  return createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    new ClientConnection(l, ctx, socket);
  });
}
