// The registry on the front door: a fastify plugin, encapsulated, that serves /v2/ with raw
// request streams (no body parsing, no body limit), ECR's Basic login, each request authorized as
// its ECR action (access.ts, permissions.ts: 401 without a valid login, 403 DENIED when refused),
// and OCI error bodies.
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { RegistryError, repositoryUnknown } from '../errors.js';
import { getRepository } from '../meta/repositories.js';
import { isRepositoryName } from '../names.js';
import { cancelUpload, deleteBlob, getBlob, patchUpload, putUpload, startUpload, uploadStatus } from './blobHandlers.js';
import type { Call, RegistryCore } from './call.js';
import { catalog, deleteManifestHandler, getManifest, putManifestHandler, referrers, tagsList } from './manifestHandlers.js';
import type { RegistryAccess } from './access.js';
import { registryNeeds } from './permissions.js';
import { METHODS, parseRoute, type Route } from './routes.js';

const API_VERSION = { 'docker-distribution-api-version': 'registry/2.0' };
const CHALLENGE = 'Basic realm="wharf",service="ecr.amazonaws.com"';
const ALL_METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function registryPlugin(core: RegistryCore, access: RegistryAccess) {
  return async function registry(app: FastifyInstance): Promise<void> {
    app.removeAllContentTypeParsers();
    // Leave the body unread: handlers stream request.raw themselves.
    app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

    // A blob stream can finish after the client has every byte; if the server began closing in
    // between, fastify has already closed the idle connections and this one would linger until
    // its keep-alive timeout. End it as soon as its response is done.
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onResponse', async (request) => {
      if (closing) request.raw.socket.end();
    });

    app.setErrorHandler((err: Error, request, reply) => {
      const wire = err instanceof RegistryError ? err : new RegistryError('INTERNAL', 'an internal error occurred');
      if (!(err instanceof RegistryError)) core.deps.log.error({ err, requestId: request.id, url: request.url }, 'registry request failed');
      const headers: Record<string, string> = { ...API_VERSION, 'content-type': 'application/json', ...wire.headers };
      if (wire.code === 'UNAUTHORIZED') headers['www-authenticate'] = CHALLENGE;
      const body = Buffer.from(wire.body());
      void reply.code(wire.status).headers({ ...headers, 'content-length': String(body.length) })
        .send(request.method === 'HEAD' ? undefined : body);
    });

    const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
      reply.headers(API_VERSION);
      const [path = '', search = ''] = request.url.split('?', 2);
      const query = new URLSearchParams(search);
      const caller = await access.authenticate({ authorization: request.headers.authorization, method: request.method, path, query });
      if (!caller) throw new RegistryError('UNAUTHORIZED', 'authentication required', {});
      const route = parseRoute(path.replace(/^\/v2\/?/, ''));
      if (!route) throw new RegistryError('NOT_FOUND', 'no such registry endpoint', { path });
      if (!METHODS[route.kind].includes(request.method)) {
        throw new RegistryError('UNSUPPORTED', `${request.method} is not supported here`, { method: request.method });
      }
      if (caller.kind === 'principal') {
        const facts = { sourceIp: request.ip, secureTransport: request.protocol === 'https' };
        const denied = await access.permit(caller.principal, registryNeeds(route, request.method, query), facts);
        if (denied) throw new RegistryError('DENIED', denied, {});
      }
      if (route.kind === 'base') return reply.code(200).header('content-type', 'application/json').send('{}');
      if (route.kind === 'catalog') return catalog(core, query, reply);
      const call: Call = { core, request, reply, query, repo: await repositoryOf(core, route.name) };
      return dispatch(call, route);
    };
    for (const url of ['/v2', '/v2/', '/v2/*']) {
      app.route({ method: ALL_METHODS, url, handler, exposeHeadRoute: false });
    }
  };
}

async function repositoryOf(core: RegistryCore, name: string) {
  if (!isRepositoryName(name)) throw new RegistryError('NAME_INVALID', 'invalid repository name', { name });
  const repo = await getRepository(core.deps.store, name);
  if (!repo) throw repositoryUnknown(name, core.deps.accountId);
  return repo;
}

function dispatch(call: Call, route: Exclude<Route, { kind: 'base' } | { kind: 'catalog' }>): Promise<unknown> {
  const method = call.request.method;
  switch (route.kind) {
    case 'tags':
      return tagsList(call);
    case 'referrers':
      return referrers(call, route.digest);
    case 'manifest':
      if (method === 'PUT') return putManifestHandler(call, route.reference);
      if (method === 'DELETE') return deleteManifestHandler(call, route.reference);
      return getManifest(call, route.reference, method === 'HEAD');
    case 'blob':
      return method === 'DELETE' ? deleteBlob(call, route.digest) : getBlob(call, route.digest, method === 'HEAD');
    case 'uploads':
      return startUpload(call);
    case 'upload':
      if (method === 'PATCH') return patchUpload(call, route.id);
      if (method === 'PUT') return putUpload(call, route.id);
      if (method === 'DELETE') return cancelUpload(call, route.id);
      return uploadStatus(call, route.id);
  }
}
