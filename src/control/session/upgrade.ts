// The agent session's door: checks the WebSocket upgrade request before it is accepted (SigV4
// in headers, service `ecs`, empty payload; then the cluster and the container instance) and,
// when it fails, answers with an AWS JSON error on the raw socket.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { findCluster } from '../../api/ecs/cluster/repo.js';
import type { ContainerInstanceRecord } from '../../api/ecs/containerInstance/model.js';
import { findInstance } from '../../api/ecs/containerInstance/repo.js';
import { authenticate } from '../../protocol/auth.js';
import { JSON_AUTH_ERRORS } from '../../protocol/awsJson.js';
import type { Principal } from '../../identity/principal.js';
import type { Services } from '../../protocol/context.js';
import {
  ClusterNotFoundException,
  InvalidParameterException,
  InvalidSignatureException,
  WireError,
} from '../../protocol/errors.js';
import { SESSION_PATH } from '../../protocol/ecs/messages.js';


export interface Admitted {
  ok: true;
  principal: Principal;
  instance: ContainerInstanceRecord;
}

export interface Refused {
  ok: false;
  status: number;
  code: string;
  message: string;
}

function refused(status: number, err: WireError): Refused {
  return { ok: false, status, code: err.code, message: err.message };
}

/** Whether the upgrade request may open a session, and for which container instance. */
export async function admit(services: Services, req: IncomingMessage): Promise<Admitted | Refused> {
  const url = new URL(req.url ?? '/', 'http://agent.invalid');
  if (url.pathname !== SESSION_PATH) {
    return { ok: false, status: 404, code: 'UnknownOperationException', message: `No route for GET ${url.pathname}` };
  }
  let principal: Principal;
  try {
    const auth = await authenticate({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.alloc(0) }, services, JSON_AUTH_ERRORS);
    if (auth.service !== 'ecs') throw new InvalidSignatureException(`Credential should be scoped to correct service: 'ecs'.`);
    principal = auth.principal;
  } catch (err) {
    if (err instanceof WireError) return refused(403, err);
    throw err;
  }
  const cluster = await findCluster(services.store, services.account, url.searchParams.get('cluster') ?? undefined);
  if (!cluster || cluster.status !== 'ACTIVE') return refused(400, new ClusterNotFoundException('Cluster not found.'));
  const identifier = url.searchParams.get('containerInstance');
  const instance = identifier ? await findInstance(services.store, services.account, cluster.clusterName, identifier) : undefined;
  if (!instance || instance.status === 'INACTIVE') {
    return refused(400, new InvalidParameterException('The referenced container instance was not found or is not registered.'));
  }
  return { ok: true, principal, instance };
}

/** Writes an AWS JSON error response on the socket of a refused upgrade and closes it. */
export function answerRefusal(socket: Duplex, refusal: Refused, requestId: string): void {
  const body = JSON.stringify({ __type: refusal.code, message: refusal.message });
  socket.end([
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? 'Error'}`,
    'Content-Type: application/x-amz-json-1.1',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `x-amzn-RequestId: ${requestId}`,
    `x-amzn-ErrorType: ${refusal.code}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n'));
}
