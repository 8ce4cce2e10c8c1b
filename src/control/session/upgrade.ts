// The agent session's door: checks the WebSocket upgrade request before it is accepted (SigV4
// in headers, service `ecs`, empty payload; then IAM: the principal may hold an agent's session
// for this container instance; then the cluster and the container instance) and, when it fails,
// answers with an AWS JSON error on the raw socket.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import { clusterOf, containerInstanceOf } from '../../api/ecs/permissions/refs.js';
import { authorize, createPolicySource, type PolicySource } from '../../identity/authorize/index.js';
import { findCluster } from '../../api/ecs/cluster/repo.js';
import type { ContainerInstanceRecord } from '../../api/ecs/containerInstance/model.js';
import { findInstance } from '../../api/ecs/containerInstance/repo.js';
import { authenticate } from '../../protocol/auth.js';
import { JSON_AUTH_ERRORS } from '../../protocol/awsJson.js';
import type { Principal } from '../../identity/principal.js';
import type { Services } from '../../protocol/context.js';
import {
  AccessDeniedException,
  ClusterNotFoundException,
  InvalidParameterException,
  InvalidSignatureException,
  WireError,
} from '../../protocol/errors.js';
import { SESSION_PATH } from '../../protocol/ecs/messages.js';
import { sessionRequirements } from './permissions.js';

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

export interface AdmitOptions {
  /** Where the principal's policies come from; by default read from `services.store` per upgrade
   *  (an agent reconnects rarely, so nothing is lost by not sharing the API's compiled cache). */
  source?: PolicySource;
  /** Where a denial is logged, with the principal, action, resource and deciding statement. */
  log?: Logger;
}

/** Whether the upgrade request may open a session, and for which container instance. */
export async function admit(services: Services, req: IncomingMessage, opts: AdmitOptions = {}): Promise<Admitted | Refused> {
  const url = new URL(req.url ?? '/', 'http://agent.invalid');
  if (url.pathname !== SESSION_PATH) {
    return { ok: false, status: 404, code: 'UnknownOperationException', message: `No route for GET ${url.pathname}` };
  }
  let principal: Principal;
  let region: string;
  try {
    const auth = await authenticate({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.alloc(0) }, services, JSON_AUTH_ERRORS);
    if (auth.service !== 'ecs') throw new InvalidSignatureException(`Credential should be scoped to correct service: 'ecs'.`);
    ({ principal, region } = auth);
  } catch (err) {
    if (err instanceof WireError) return refused(403, err);
    throw err;
  }
  const denied = await authorizeSession(services, req, url, { principal, region, ...opts });
  if (denied) return refused(403, denied);
  const cluster = await findCluster(services.store, services.account, url.searchParams.get('cluster') ?? undefined);
  if (!cluster || cluster.status !== 'ACTIVE') return refused(400, new ClusterNotFoundException('Cluster not found.'));
  const identifier = url.searchParams.get('containerInstance');
  const instance = identifier ? await findInstance(services.store, services.account, cluster.clusterName, identifier) : undefined;
  if (!instance || instance.status === 'INACTIVE') {
    return refused(400, new InvalidParameterException('The referenced container instance was not found or is not registered.'));
  }
  return { ok: true, principal, instance };
}

/**
 * IAM's answer for the session, before anything is looked up (as AWS authorizes a call before it
 * acts), on the ARNs the query names: the refusal of a principal not allowed says nothing of
 * whether the cluster or the instance exists. Undefined when allowed.
 */
async function authorizeSession(
  services: Services,
  req: IncomingMessage,
  url: URL,
  opts: AdmitOptions & { principal: Principal; region: string },
): Promise<WireError | undefined> {
  const clusterArn = clusterOf(services.account, url.searchParams.get('cluster') ?? undefined);
  const identifier = url.searchParams.get('containerInstance');
  // No instance named: asked about every instance, the strictest question; the lookup then refuses it.
  const instanceArn = identifier ? containerInstanceOf(services.account, clusterArn, identifier) : '*';
  const verdict = await authorize({
    reader: opts.source ?? createPolicySource({ store: services.store }),
    principal: opts.principal,
    requirements: sessionRequirements(clusterArn, instanceArn),
    facts: { sourceIp: req.socket.remoteAddress, secureTransport: req.socket instanceof TLSSocket, now: services.clock(), region: opts.region },
    resourceAccount: services.account.accountId,
  });
  if (verdict.allowed) return undefined;
  const { denial } = verdict;
  opts.log?.warn({ principal: opts.principal.arn, action: denial.action, resource: denial.resource, decision: denial.decision, statement: denial.statement }, 'agent session denied');
  return new AccessDeniedException(denial.message);
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
