// The task metadata endpoint v4: a small HTTP server containers reach at
// ECS_CONTAINER_METADATA_URI_V4 = `<baseUrl>/v4/<token>`, the token naming one container (random,
// injected by the engine). Routes, as ECS serves them:
//   GET /v4/<token>               this container's metadata
//   GET /v4/<token>/task          the task's metadata with all its containers
//   GET /v4/<token>/taskWithTags  the same with TaskTags and ContainerInstanceTags
//   GET /v4/<token>/stats         Docker stats JSON of this container
//   GET /v4/<token>/task/stats    { <DockerId>: stats } for every container of the task
// The same paths under /v3/ (ECS_CONTAINER_METADATA_URI) answer with the v4 shapes.
// Errors answer as ECS's agent does: a JSON string saying what failed, 404 for an unknown token,
// 405 for another method, 500 when stats cannot be read.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderContainer, renderTask } from './render.js';
import type { ContainerMetadataSource, TaskMetadataSource } from './types.js';

/**
 * Where containers' stats are read from: the agent's ContainerRuntime is one (it is declared here,
 * not imported, so that this folder needs nothing of the rest of Wharf).
 */
export interface ContainerStats {
  /** Docker's stats JSON for a container, one sample. */
  stats(dockerId: string): Promise<unknown>;
}

export interface MetadataServerOptions {
  host: string;
  /** Default 0: any free port. */
  port?: number;
  /** The task and the container's name a token stands for; undefined for an unknown token. */
  lookup: (token: string) => { task: TaskMetadataSource; containerName: string } | undefined;
  /** Answers `/stats` and `/task/stats`. */
  containers: ContainerStats;
}

export interface MetadataServer {
  /** `http://<host>:<port>`; a container's ECS_CONTAINER_METADATA_URI_V4 is `${baseUrl}/v4/${token}`. */
  baseUrl: string;
  close(): Promise<void>;
}

type Route = 'container' | 'task' | 'taskWithTags' | 'stats' | 'taskStats';
const ROUTES: Record<string, Route> = {
  '': 'container', '/task': 'task', '/taskWithTags': 'taskWithTags', '/stats': 'stats', '/task/stats': 'taskStats',
};
const PREFIX: Record<Route, string> = {
  container: 'V4 container metadata handler',
  task: 'V4 task metadata handler',
  taskWithTags: 'V4 task metadata handler',
  stats: 'V4 container stats handler',
  taskStats: 'V4 task stats handler',
};

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function answer(opts: MetadataServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://metadata').pathname.replace(/\/+$/, '');
  const match = /^\/v[34]\/([^/]+)(\/.*)?$/.exec(path); // v3 (ECS_CONTAINER_METADATA_URI) answers as v4
  const route = match ? ROUTES[match[2] ?? ''] : undefined;
  if (!match || !route) return send(res, 404, `Path not found: ${path}`);
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, `Method not allowed: ${req.method ?? ''}`);
  const token = decodeURIComponent(match[1] ?? '');
  const found = opts.lookup(token);
  const container = found?.task.containers.find((c) => c.name === found.containerName);
  if (!found || !container) {
    return send(res, 404, `${PREFIX[route]}: unable to get task arn from request: unknown metadata endpoint id ${token}`);
  }
  switch (route) {
    case 'container': return send(res, 200, renderContainer(container));
    case 'task': return send(res, 200, renderTask(found.task));
    case 'taskWithTags': return send(res, 200, renderTask(found.task, true));
    case 'stats': {
      if (!container.dockerId) return send(res, 404, `${PREFIX.stats}: container ${container.name} has not been created yet`);
      return send(res, 200, await opts.containers.stats(container.dockerId));
    }
    case 'taskStats': return send(res, 200, await taskStats(opts, found.task.containers));
  }
}

async function taskStats(opts: MetadataServerOptions, containers: ContainerMetadataSource[]): Promise<Record<string, unknown>> {
  const created = containers.filter((c): c is ContainerMetadataSource & { dockerId: string } => Boolean(c.dockerId));
  const all = await Promise.all(created.map(async (c) => [c.dockerId, await opts.containers.stats(c.dockerId).catch(() => null)] as const));
  return Object.fromEntries(all);
}

export async function startMetadataServer(opts: MetadataServerOptions): Promise<MetadataServer> {
  const server = createServer((req, res) => {
    answer(opts, req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, `failed to get stats: ${err instanceof Error ? err.message : String(err)}`);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    baseUrl: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }),
  };
}
