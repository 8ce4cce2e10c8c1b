// AWS JSON 1.1: POST / with X-Amz-Target naming the operation; errors as {"__type", "message"}.
import { createPolicySource } from '../identity/authorize/index.js';
import type { Services } from './context.js';
import {
  AccessDeniedException,
  IncompleteSignatureException,
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  SerializationException,
  ServerException,
  UnknownOperationException,
  UnrecognizedClientException,
  WireError,
} from './errors.js';
import { authenticate, type ProblemErrors } from './auth.js';
import { permit, validate, type JsonService, type Operation } from './operation.js';
import type { ApiRequest, Reply } from './reply.js';

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** The JSON-protocol errors for each SigV4 problem (also used by the agent session's upgrade). */
export const JSON_AUTH_ERRORS: ProblemErrors = {
  missing: MissingAuthenticationTokenException,
  incomplete: IncompleteSignatureException,
  unknownKey: UnrecognizedClientException,
  badSignature: InvalidSignatureException,
  expired: InvalidSignatureException,
};

export function jsonDispatcher(services: Services, catalog: readonly JsonService[]) {
  const byPrefix = new Map(catalog.map((s) => [s.targetPrefix, s]));
  const source = createPolicySource({ store: services.store });

  return async function handleJson(req: ApiRequest, target: string): Promise<Reply> {
    const dot = target.lastIndexOf('.');
    const operationName = dot < 0 ? target : target.slice(dot + 1);
    try {
      const service = byPrefix.get(target.slice(0, Math.max(dot, 0)));
      const op: Operation | undefined = service && Object.hasOwn(service.operations, operationName)
        ? service.operations[operationName]
        : undefined;
      const { principal, region } = await authenticate(req, services, JSON_AUTH_ERRORS);
      if (!op || !service) throw new UnknownOperationException(`Operation ${target} is not supported.`);
      const input = validate(op.input, parseBody(req.body));
      await permit({
        permissions: service.permissions, operation: operationName, input, principal, services, source, req, region,
        errors: { denied: AccessDeniedException, internal: ServerException },
      });
      const result = await op.handler({ ...services, principal, requestId: req.requestId, log: req.log }, input);
      return reply(req, operationName, 200, 'OK', JSON.stringify(result ?? {}));
    } catch (err) {
      const wire = asWireError(err, req);
      return reply(req, operationName, wire.status, wire.code,
        JSON.stringify({ ...wire.fields(), __type: wire.code, message: wire.message }), { 'x-amzn-ErrorType': wire.code });
    }
  };
}

function parseBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new SerializationException('The request body is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SerializationException('Start of structure or map found where not expected.');
  }
  return parsed;
}

export function asWireError(err: unknown, req: ApiRequest): WireError {
  if (err instanceof WireError) return err;
  req.log.error({ err }, 'unhandled error');
  return new ServerException('An internal error occurred.');
}

function reply(req: ApiRequest, operation: string, status: number, code: string, body: string, extra: Record<string, string> = {}): Reply {
  return {
    status,
    code,
    operation,
    body,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-RequestId': req.requestId, ...extra },
  };
}
