// An HTTP listener: routes each request by the listener's precomputed table and forwards it to a
// target over a keep-alive pool, or answers by itself (fixed response, redirect, 502/503/504).
// The hot path: one table lookup (none without rules), one array read for the target, header
// arrays copied once, no promises.
import {
  createServer, request, type Agent, type ClientRequest, type IncomingMessage, type Server, type ServerResponse,
} from 'node:http';
import { clientAddress, forwardHeaders, responseHeaders, scan } from './headers.js';
import type { ListenerRuntime } from './listeners.js';
import { sendError, sendFixed, sendRedirect } from './responses.js';
import { pickGroup, route, type RequestFacts } from './routes.js';
import { pickTarget, type TargetRuntime } from './targets.js';

export interface ProxyContext {
  /** The keep-alive pool to targets. */
  agent: Agent;
  /** In [0, 1): weighted target group choice. */
  random: () => number;
  /** A draining target's last request has ended. */
  drained(): void;
}

export function createHttpListener(l: ListenerRuntime, ctx: ProxyContext): Server {
  const server = createServer({ requestTimeout: 0 }, (req, res) => handle(l, ctx, req, res));
  server.keepAliveTimeout = l.idleTimeoutMs;
  return server;
}

function handle(l: ListenerRuntime, ctx: ProxyContext, req: IncomingMessage, res: ServerResponse): void {
  const table = l.table;
  const action = table.rules.length === 0 ? table.defaultAction : route(table, requestFacts(req));
  switch (action.kind) {
    case 'forward': {
      const group = pickGroup(action, ctx.random);
      const target = group === undefined ? undefined : pickTarget(group);
      if (target === undefined) sendError(res, 503);
      else forward(l, ctx, req, res, target);
      return;
    }
    case 'fixed-response':
      sendFixed(res, action.status, action.contentType, action.body);
      return;
    case 'redirect':
      sendRedirect(res, action, requestFacts(req), l.port);
      return;
    default:
      sendError(res, 503);
  }
}

function forward(l: ListenerRuntime, ctx: ProxyContext, req: IncomingMessage, res: ServerResponse, target: TargetRuntime): void {
  target.inFlight++;
  const headers = forwardHeaders(req.rawHeaders, clientAddress(req.socket.remoteAddress), l.portText);
  const hasBody = scan.body;
  let upstream: ClientRequest | undefined;
  let timedOut = false;
  let retried = false;
  const send = (): void => {
    const up = request({
      host: target.host, port: target.port, method: req.method, path: req.url, headers, agent: ctx.agent, timeout: l.idleTimeoutMs,
    });
    upstream = up;
    up.on('response', (ures: IncomingMessage) => {
      res.writeHead(ures.statusCode ?? 502, ures.statusMessage, responseHeaders(ures.rawHeaders));
      ures.on('error', () => res.destroy());
      ures.pipe(res);
    });
    up.on('timeout', () => {
      timedOut = true;
      up.destroy();
    });
    up.on('error', () => {
      if (res.destroyed || upstream !== up) return;
      // A pooled connection the target had just closed: try once more on a fresh one.
      if (!res.headersSent && up.reusedSocket && !hasBody && !retried && !timedOut) {
        retried = true;
        send();
        return;
      }
      sendError(res, timedOut ? 504 : 502);
    });
    if (hasBody) req.pipe(up);
    else up.end();
  };
  res.on('close', () => {
    if (!res.writableFinished) upstream?.destroy();
    target.inFlight--;
    if (target.draining && target.inFlight === 0) ctx.drained();
  });
  send();
}

/** What rules look at. Computed only for listeners with rules, and for redirects. */
export function requestFacts(req: IncomingMessage): RequestFacts {
  let url = req.url ?? '/';
  if (!url.startsWith('/')) {
    try {
      const u = new URL(url);
      url = `${u.pathname}${u.search}`;
    } catch {
      url = '/';
    }
  }
  const q = url.indexOf('?');
  return {
    method: req.method ?? 'GET',
    host: hostName(req.headers.host ?? ''),
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? '' : url.slice(q + 1),
    sourceIp: clientAddress(req.socket.remoteAddress),
    header: (name) => req.headers[name],
  };
}

function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.indexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}
