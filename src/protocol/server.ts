// The one HTTP front door: AWS JSON 1.1 and AWS Query API calls on POST /, plus /health and
// /metrics. Bodies arrive as raw bytes, since SigV4 signs them.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type RequestPayload } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { Transform, type Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { Services } from './context.js';
import { jsonDispatcher, JSON_CONTENT_TYPE } from './awsJson.js';
import { queryDispatcher } from './awsQuery.js';
import { RequestMetrics } from './metrics.js';
import type { JsonService, QueryService } from './operation.js';
import type { ApiRequest, Reply } from './reply.js';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface FrontDoorOptions {
  services: Services;
  json: readonly JsonService[];
  query: readonly QueryService[];
  logger: Logger;
  bodyLimit?: number;
  /** Encapsulated plugins mounted beside the API (the registry's /v2/); each sets its own body parsing. */
  plugins?: ReadonlyArray<(app: FastifyInstance) => Promise<void>>;
  /** Takes HTTP upgrade requests (the agent sessions' WebSocket); without it upgrades are dropped. */
  upgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

export type FrontDoor = Awaited<ReturnType<typeof buildFrontDoor>>;

export async function buildFrontDoor(opts: FrontDoorOptions) {
  const { services, logger } = opts;
  const bodyLimit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    logger: false,
    bodyLimit,
    genReqId: () => services.ids.uuid(),
    return503OnClosing: true,
  });
  const metrics = new RequestMetrics();
  const handleJson = jsonDispatcher(services, opts.json);
  const handleQuery = queryDispatcher(services, opts.query);

  // A few operations take larger bodies: the parser admits the largest, and a preParsing hook
  // holds every other request to the default.
  const limits = targetBodyLimits(opts.json);
  const largest = Math.max(bodyLimit, ...limits.values());
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: largest }, (_req, body, done) => done(null, body));
  const preParsing = bodyCap(limits, bodyLimit, largest);

  const api = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const started = process.hrtime.bigint();
    const req: ApiRequest = {
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
      requestId: request.id,
      log: logger.child({ requestId: request.id }),
      sourceIp: request.ip,
      secure: request.protocol === 'https',
    };
    const target = request.headers['x-amz-target'];
    const answer: Reply = typeof target === 'string' ? await handleJson(req, target) : await handleQuery(req);
    metrics.observe(answer.operation, answer.code, Number(process.hrtime.bigint() - started) / 1e9);
    // A Buffer, so that fastify sends the content-type exactly as given (no `; charset=utf-8`).
    void reply.code(answer.status).headers(answer.headers).send(Buffer.from(answer.body, 'utf8'));
  };
  app.post('/', { preParsing }, api);
  app.get('/', { preParsing }, api);

  app.get('/health', async (_req, reply) => reply.code(200).send({ status: 'ok' }));
  app.get('/metrics', async (_req, reply) =>
    reply.code(200).header('content-type', 'text/plain; version=0.0.4').send(metrics.render()));

  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).header('content-type', JSON_CONTENT_TYPE).header('x-amzn-RequestId', request.id)
      .send(Buffer.from(JSON.stringify({ __type: 'UnknownOperationException', message: `No route for ${request.method} ${request.url}` })));
  });
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) logger.error({ err, requestId: request.id }, 'request failed');
    const code = status === 413 ? 'RequestEntityTooLargeException' : status === 500 ? 'ServerException' : 'SerializationException';
    metrics.observe('Unknown', code, 0);
    void reply.code(status).header('content-type', JSON_CONTENT_TYPE).header('x-amzn-RequestId', request.id)
      .send(Buffer.from(JSON.stringify({ __type: code, message: status === 413 ? `Request body exceeds ${bodyLimit} bytes.` : err.message })));
  });
  if (opts.upgrade) app.server.on('upgrade', opts.upgrade);
  // Registered last, so that the handlers above are in place before fastify loads the plugins.
  for (const plugin of opts.plugins ?? []) void app.register(plugin);
  return app;
}

/** Every `<targetPrefix>.<operation>` that declares its own body limit. */
function targetBodyLimits(services: readonly JsonService[]): Map<string, number> {
  return new Map(services.flatMap((s) => Object.entries(s.bodyLimits ?? {}).map(([op, n]) => [`${s.targetPrefix}.${op}`, n] as const)));
}

function tooLarge(): Error & { statusCode: number } {
  return Object.assign(new Error('Request body is too large.'), { statusCode: 413 });
}

/** Holds a request to its operation's body limit (the default unless it declares one). */
function bodyCap(limits: ReadonlyMap<string, number>, fallback: number, largest: number) {
  return async (request: FastifyRequest, _reply: FastifyReply, payload: RequestPayload): Promise<RequestPayload> => {
    const target = request.headers['x-amz-target'];
    const limit = (typeof target === 'string' ? limits.get(target) : undefined) ?? fallback;
    if (limit >= largest) return payload;
    if (Number(request.headers['content-length']) > limit) throw tooLarge();
    let seen = 0;
    return payload.pipe(new Transform({
      transform(chunk: Buffer, _encoding, done) {
        seen += chunk.length;
        done(seen > limit ? tooLarge() : null, chunk);
      },
    }));
  };
}
