// What an endpoint handler is given, and small helpers every handler uses.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { RepositoryRecord } from '../meta/records.js';
import type { RegistryDeps } from '../service/deps.js';
import type { Uploads } from '../service/uploads.js';
import { parseContentLength } from './headers.js';

export interface RegistryCore {
  deps: RegistryDeps;
  uploads: Uploads;
}

export interface Call {
  core: RegistryCore;
  request: FastifyRequest;
  reply: FastifyReply;
  query: URLSearchParams;
  repo: RepositoryRecord;
}

export function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The request's body stream, or undefined when it has none. */
export function bodyOf(request: FastifyRequest): { source: Readable; length: number | undefined } | undefined {
  const length = parseContentLength(header(request, 'content-length'));
  const chunked = header(request, 'transfer-encoding') !== undefined;
  if (!chunked && !length) return undefined;
  return { source: request.raw, length: chunked ? undefined : length };
}

/** Sends an empty answer with these headers. */
export function empty(reply: FastifyReply, status: number, headers: Record<string, string>): FastifyReply {
  return reply.code(status).headers(status === 204 ? headers : { 'content-length': '0', ...headers }).send();
}

export function blobLocation(name: string, digest: string): string {
  return `/v2/${name}/blobs/${digest}`;
}

export function uploadLocation(name: string, id: string): string {
  return `/v2/${name}/blobs/uploads/${id}`;
}
