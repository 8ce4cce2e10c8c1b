// Blob endpoints: GET/HEAD (with Range) and DELETE, and the upload endpoints: start (with
// mount and single-POST), PATCH (chunked or streamed), PUT (finish), GET (status), DELETE.
import { RegistryError } from '../errors.js';
import { isSha256Digest, looksLikeDigest } from '../names.js';
import { linkedBlobSize, mountBlob, unlinkBlob } from '../service/blobs.js';
import { rangeHeader, type Chunk } from '../service/uploads.js';
import { blobLocation, bodyOf, empty, header, uploadLocation, type Call } from './call.js';
import { parseContentRange, parseRangeRequest } from './headers.js';

function checkDigest(digest: string): string {
  if (!looksLikeDigest(digest)) throw new RegistryError('DIGEST_INVALID', 'invalid digest', { digest });
  return digest;
}

export async function getBlob(call: Call, digest: string, head: boolean): Promise<unknown> {
  const { core, repo, request, reply } = call;
  checkDigest(digest);
  const size = await linkedBlobSize(core.deps, repo.repositoryName, digest);
  const range = parseRangeRequest(header(request, 'range'), size);
  const common = { 'docker-content-digest': digest, 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes' };
  if (range === 'unsatisfiable') {
    throw new RegistryError('RANGE_INVALID', 'requested range not satisfiable', { digest }, { 'content-range': `bytes */${size}` });
  }
  if (range) {
    reply.code(206).headers({ ...common, 'content-length': String(range.end - range.start + 1), 'content-range': `bytes ${range.start}-${range.end}/${size}` });
    return head ? reply.send() : reply.send(await core.deps.blobs.read(digest, range));
  }
  reply.code(200).headers({ ...common, 'content-length': String(size), etag: `"${digest}"` });
  if (head || size === 0) return reply.send();
  return reply.send(await core.deps.blobs.read(digest));
}

export async function deleteBlob(call: Call, digest: string): Promise<unknown> {
  await unlinkBlob(call.core.deps, call.repo.repositoryName, checkDigest(digest));
  return empty(call.reply, 202, { 'docker-content-digest': digest });
}

function created(call: Call, digest: string): unknown {
  return empty(call.reply, 201, { location: blobLocation(call.repo.repositoryName, digest), 'docker-content-digest': digest });
}

function accepted(call: Call, id: string, size: number, status = 202): unknown {
  return empty(call.reply, status, {
    location: uploadLocation(call.repo.repositoryName, id),
    range: rangeHeader(size),
    'docker-upload-uuid': id,
  });
}

export async function startUpload(call: Call): Promise<unknown> {
  const { core, repo, query, request } = call;
  const name = repo.repositoryName;
  const mount = query.get('mount');
  if (mount !== null && isSha256Digest(mount)) {
    const from = query.get('from') ?? undefined;
    if (await mountBlob(core.deps, name, mount, from)) return created(call, mount);
  }
  const digest = query.get('digest');
  const body = bodyOf(request);
  const id = await core.uploads.start(name);
  if (digest !== null) {
    await core.uploads.finish(name, id, digest, body ? { source: body.source, length: body.length } : undefined);
    return created(call, digest);
  }
  return accepted(call, id, 0);
}

function chunkOf(call: Call): Chunk | undefined {
  const body = bodyOf(call.request);
  const range = parseContentRange(header(call.request, 'content-range'));
  if (range === 'invalid') throw new RegistryError('RANGE_INVALID', 'invalid Content-Range', {}, {});
  if (!body) return range ? { source: call.request.raw, range, length: 0 } : undefined;
  return { source: body.source, range, length: body.length };
}

export async function patchUpload(call: Call, id: string): Promise<unknown> {
  const chunk = chunkOf(call) ?? { source: call.request.raw, length: 0 };
  const size = await call.core.uploads.append(call.repo.repositoryName, id, chunk);
  return accepted(call, id, size);
}

export async function putUpload(call: Call, id: string): Promise<unknown> {
  const digest = call.query.get('digest');
  const name = call.repo.repositoryName;
  if (digest === null) {
    await call.core.uploads.status(name, id);
    throw new RegistryError('DIGEST_INVALID', 'the digest query parameter is required', {});
  }
  await call.core.uploads.finish(name, id, digest, chunkOf(call));
  return created(call, digest);
}

export async function uploadStatus(call: Call, id: string): Promise<unknown> {
  const size = await call.core.uploads.status(call.repo.repositoryName, id);
  return accepted(call, id, size, 204);
}

export async function cancelUpload(call: Call, id: string): Promise<unknown> {
  await call.core.uploads.cancel(call.repo.repositoryName, id);
  return empty(call.reply, 204, {});
}
