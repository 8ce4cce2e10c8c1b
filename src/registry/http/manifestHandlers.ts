// Manifest endpoints (GET/HEAD/PUT/DELETE by tag or digest) and the listings: tags, catalog,
// referrers.
import type { FastifyRequest } from 'fastify';
import { RegistryError } from '../errors.js';
import { accepts, MAX_MANIFEST_BYTES, MEDIA_TYPES } from '../manifest.js';
import { isSha256Digest } from '../names.js';
import { deleteManifest, findManifest, putManifest, readManifest } from '../service/manifests.js';
import { listReferrers, listRepositories, listTags } from '../service/lists.js';
import { recordPull } from '../service/pulls.js';
import { empty, header, type Call, type RegistryCore } from './call.js';
import { nextLink, parseContentLength, parsePageQuery } from './headers.js';

const tooLarge = () => new RegistryError('TOO_LARGE', `manifest exceeds ${MAX_MANIFEST_BYTES} bytes`, { limit: MAX_MANIFEST_BYTES });

/** The request body, refusing more than MAX_MANIFEST_BYTES without reading it all. */
async function readSmallBody(request: FastifyRequest): Promise<Buffer> {
  const length = parseContentLength(header(request, 'content-length'));
  if (length !== undefined && length > MAX_MANIFEST_BYTES) throw tooLarge();
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of request.raw) {
    const buf = chunk as Buffer;
    total += buf.length;
    if (total > MAX_MANIFEST_BYTES) throw tooLarge();
    parts.push(buf);
  }
  return Buffer.concat(parts);
}

export async function getManifest(call: Call, reference: string, head: boolean): Promise<unknown> {
  const { core, repo, request, reply } = call;
  const record = await findManifest(core.deps.store, repo.repositoryName, reference);
  if (!accepts(header(request, 'accept'), record.mediaType)) {
    throw new RegistryError('MANIFEST_UNKNOWN', `the manifest is a ${record.mediaType}, which the Accept header does not allow`, { reference });
  }
  reply.code(200).headers({
    'content-type': record.mediaType,
    'content-length': String(record.size),
    'docker-content-digest': record.digest,
    etag: `"${record.digest}"`,
  });
  if (head) return reply.send();
  await recordPull(core.deps, repo.repositoryName, record.digest);
  return reply.send(await readManifest(core.deps, record));
}

export async function putManifestHandler(call: Call, reference: string): Promise<unknown> {
  const bytes = await readSmallBody(call.request);
  const pushed = await putManifest(call.core.deps, call.repo, reference, { bytes, contentType: header(call.request, 'content-type') });
  return empty(call.reply, 201, {
    location: `/v2/${call.repo.repositoryName}/manifests/${pushed.digest}`,
    'docker-content-digest': pushed.digest,
    ...(pushed.subject ? { 'oci-subject': pushed.subject } : {}),
  });
}

export async function deleteManifestHandler(call: Call, reference: string): Promise<unknown> {
  await deleteManifest(call.core.deps, call.repo.repositoryName, reference);
  return empty(call.reply, 202, {});
}

function page(query: URLSearchParams) {
  const q = parsePageQuery(query);
  if (q === 'invalid') throw new RegistryError('PAGINATION_NUMBER_INVALID', 'invalid number of results requested', { n: query.get('n') });
  return q;
}

export async function tagsList(call: Call): Promise<unknown> {
  const name = call.repo.repositoryName;
  const q = page(call.query);
  const result = await listTags(call.core.deps.store, name, q);
  const last = result.names[result.names.length - 1];
  if (result.more && last !== undefined) call.reply.header('link', nextLink(`/v2/${name}/tags/list`, q.n ?? result.names.length, last));
  return call.reply.code(200).header('content-type', 'application/json').send({ name, tags: result.names });
}

export async function catalog(core: RegistryCore, query: URLSearchParams, reply: Call['reply']): Promise<unknown> {
  const q = page(query);
  const result = await listRepositories(core.deps.store, q);
  const last = result.names[result.names.length - 1];
  if (result.more && last !== undefined) reply.header('link', nextLink('/v2/_catalog', q.n ?? result.names.length, last));
  return reply.code(200).header('content-type', 'application/json').send({ repositories: result.names });
}

export async function referrers(call: Call, digest: string): Promise<unknown> {
  if (!isSha256Digest(digest)) throw new RegistryError('DIGEST_INVALID', 'invalid digest', { digest });
  const artifactType = call.query.get('artifactType') ?? undefined;
  const manifests = await listReferrers(call.core.deps.store, call.repo.repositoryName, digest, artifactType);
  if (artifactType !== undefined) call.reply.header('oci-filters-applied', 'artifactType');
  const index = { schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests };
  return call.reply.code(200).header('content-type', MEDIA_TYPES.ociIndex).send(Buffer.from(JSON.stringify(index)));
}
