// A TCP listener (network load balancer): each connection is piped to a target chosen round robin
// among those that may take new connections; a connection lives until either side closes it, or
// until its draining target's deregistration delay ends.
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { ListenerRuntime } from './listeners.js';
import { pickGroup } from './routes.js';
import { pickTarget } from './targets.js';
import type { ProxyContext } from './httpProxy.js';

export function createTcpListener(l: ListenerRuntime, ctx: ProxyContext): Server {
  return createServer({ allowHalfOpen: true, noDelay: true }, (client) => pipeConnection(l, ctx, client));
}

function pipeConnection(l: ListenerRuntime, ctx: ProxyContext, client: Socket): void {
  const action = l.table.defaultAction;
  const group = action.kind === 'forward' ? pickGroup(action, ctx.random) : undefined;
  const target = group === undefined ? undefined : pickTarget(group);
  if (target === undefined) {
    client.destroy();
    return;
  }
  target.inFlight++;
  target.sockets.add(client);
  const upstream = connect({ host: target.host, port: target.port, allowHalfOpen: true, noDelay: true });
  let open = 2;
  const closed = (): void => {
    if (--open > 0) return;
    target.sockets.delete(client);
    target.inFlight--;
    if (target.draining && target.inFlight === 0) ctx.drained();
  };
  const cut = (): void => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', cut);
  upstream.on('error', cut);
  client.on('close', () => {
    upstream.destroy();
    closed();
  });
  upstream.on('close', () => {
    client.destroy();
    closed();
  });
  client.pipe(upstream);
  upstream.pipe(client);
}
