// ECR's layer operations through @aws-sdk/client-ecr and the AWS CLI, sharing uploads and blobs
// with the OCI side (/v2/), and the presigned download URLs they hand out.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  BatchCheckLayerAvailabilityCommand, CompleteLayerUploadCommand, GetDownloadUrlForLayerCommand, InitiateLayerUploadCommand,
  UploadLayerPartCommand, type ECRClient, type InvalidLayerPartException,
} from '@aws-sdk/client-ecr';
import { awsJson } from '../helpers/awsCli.js';
import { expectAwsError } from '../helpers/errors.js';
import { OCI_MANIFEST } from '../helpers/ociPush.js';
import { createRepository, digestOf, ecrClient, registryClient, registryLogin, type RegistryClient } from '../helpers/registry.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const LAYER_TYPE = 'application/vnd.oci.image.layer.v1.tar+gzip';

/** Uploads `bytes` through the API in parts of `partBytes`; returns the upload id. */
async function uploadInParts(ecr: ECRClient, repositoryName: string, bytes: Buffer, partBytes: number): Promise<string> {
  const started = await ecr.send(new InitiateLayerUploadCommand({ repositoryName }));
  const uploadId = started.uploadId ?? '';
  for (let first = 0; first < bytes.length; first += partBytes) {
    const part = bytes.subarray(first, first + partBytes);
    const out = await ecr.send(new UploadLayerPartCommand({
      repositoryName, uploadId, partFirstByte: first, partLastByte: first + part.length - 1, layerPartBlob: part,
    }));
    assert.equal(out.lastByteReceived, first + part.length - 1);
    assert.equal(out.uploadId, uploadId);
  }
  return uploadId;
}

/** Puts an image over /v2/ whose one layer is `layer`; returns the manifest digest. */
async function putImage(reg: RegistryClient, repo: string, layer: Buffer, tag: string): Promise<string> {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', tag }));
  const configDigest = await reg.pushBlob(repo, config);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
    layers: [{ mediaType: LAYER_TYPE, digest: digestOf(layer), size: layer.length }],
  });
  const res = await reg.putManifest(repo, tag, manifest, OCI_MANIFEST);
  assert.equal(res.status, 201, await res.text());
  return digestOf(manifest);
}

describe('ECR layer operations', () => {
  let server: TestServer;
  let ecr: ECRClient;
  let reg: RegistryClient;
  before(async () => {
    server = await startTestServer();
    ecr = ecrClient(server);
    reg = registryClient(server.url, (await registryLogin(server)).authorization);
    for (const repositoryName of ['app', 'other']) await createRepository(server, { repositoryName });
  });
  after(async () => server.stop());

  it('takes a layer in parts, which a manifest pushed over /v2/ then references and pulls byte-exact', async () => {
    const layer = randomBytes(300_000);
    const started = await ecr.send(new InitiateLayerUploadCommand({ repositoryName: 'app' }));
    assert.match(started.uploadId ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.ok((started.partSize ?? 0) > 0);
    const uploadId = await uploadInParts(ecr, 'app', layer, 128 * 1024);
    const done = await ecr.send(new CompleteLayerUploadCommand({ repositoryName: 'app', uploadId, layerDigests: [digestOf(layer)] }));
    assert.deepEqual(
      { registryId: done.registryId, repositoryName: done.repositoryName, uploadId: done.uploadId, layerDigest: done.layerDigest },
      { registryId: '000000000000', repositoryName: 'app', uploadId, layerDigest: digestOf(layer) },
    );
    await putImage(reg, 'app', layer, 'v1');
    const pulled = await reg.fetch(`/v2/app/blobs/${digestOf(layer)}`);
    assert.equal(pulled.status, 200);
    assert.ok(Buffer.from(await pulled.arrayBuffer()).equals(layer));

    const check = await ecr.send(new BatchCheckLayerAvailabilityCommand({ repositoryName: 'app', layerDigests: [digestOf(layer)] }));
    assert.deepEqual(check.layers, [{ layerDigest: digestOf(layer), layerAvailability: 'AVAILABLE', layerSize: layer.length, mediaType: LAYER_TYPE }]);
    assert.deepEqual(check.failures, []);
  });

  it('takes parts bigger than the front door\'s default body limit', async () => {
    const layer = randomBytes(3 * 1024 * 1024 + 17);
    const uploadId = await uploadInParts(ecr, 'app', layer, 2 * 1024 * 1024);
    await ecr.send(new CompleteLayerUploadCommand({ repositoryName: 'app', uploadId, layerDigests: [digestOf(layer)] }));
    const pulled = await reg.fetch(`/v2/app/blobs/${digestOf(layer)}`);
    assert.ok(Buffer.from(await pulled.arrayBuffer()).equals(layer));
  });

  it('continues an upload begun over /v2/, and sees blobs pushed there', async () => {
    const layer = randomBytes(5000);
    const begun = await reg.fetch('/v2/other/blobs/uploads/', { method: 'POST' });
    assert.equal(begun.status, 202);
    const uploadId = begun.headers.get('docker-upload-uuid') ?? '';
    await ecr.send(new UploadLayerPartCommand({ repositoryName: 'other', uploadId, partFirstByte: 0, partLastByte: 4999, layerPartBlob: layer }));
    await ecr.send(new CompleteLayerUploadCommand({ repositoryName: 'other', uploadId, layerDigests: [digestOf(layer)] }));
    assert.equal((await reg.fetch(`/v2/other/blobs/${digestOf(layer)}`, { method: 'HEAD' })).status, 200);

    const pushed = await reg.pushBlob('other', Buffer.from('pushed over v2'));
    const check = await ecr.send(new BatchCheckLayerAvailabilityCommand({ repositoryName: 'other', layerDigests: [pushed] }));
    assert.deepEqual(check.layers, [{ layerDigest: pushed, layerAvailability: 'AVAILABLE', layerSize: 14 }]);
  });

  it('reports missing and malformed digests as failures, and refuses bad requests', async () => {
    const missing = digestOf('never pushed');
    const check = await ecr.send(new BatchCheckLayerAvailabilityCommand({ repositoryName: 'app', layerDigests: [missing, 'not-a-digest'] }));
    assert.deepEqual(check.layers, []);
    assert.deepEqual(check.failures, [
      { layerDigest: missing, failureCode: 'MissingLayerDigest', failureReason: 'Could not find layer' },
      { layerDigest: 'not-a-digest', failureCode: 'InvalidLayerDigest', failureReason: 'Invalid layer digest' },
    ]);
    await expectAwsError(ecr.send(new BatchCheckLayerAvailabilityCommand({ repositoryName: 'app', layerDigests: [] })), {
      name: 'InvalidParameterException',
      message: "Invalid parameter at 'layerDigests' failed to satisfy constraint: 'Member must have length between 1 and 100'",
    });
    await expectAwsError(ecr.send(new BatchCheckLayerAvailabilityCommand({ repositoryName: 'nope', layerDigests: [missing] })), {
      name: 'RepositoryNotFoundException',
      message: "The repository with name 'nope' does not exist in the registry with id '000000000000'",
    });
    await expectAwsError(ecr.send(new InitiateLayerUploadCommand({ repositoryName: 'nope' })), { name: 'RepositoryNotFoundException' });
  });

  it('refuses a part that does not continue the upload exactly, saying where it stands', async () => {
    const { uploadId = '' } = await ecr.send(new InitiateLayerUploadCommand({ repositoryName: 'app' }));
    const gap = await expectAwsError(ecr.send(new UploadLayerPartCommand({
      repositoryName: 'app', uploadId, partFirstByte: 10, partLastByte: 19, layerPartBlob: randomBytes(10),
    })), { name: 'InvalidLayerPartException', message: /must start at byte 0/ }) as InvalidLayerPartException;
    assert.equal(gap.lastValidByteReceived, undefined);
    assert.equal(gap.uploadId, uploadId);
    await ecr.send(new UploadLayerPartCommand({ repositoryName: 'app', uploadId, partFirstByte: 0, partLastByte: 9, layerPartBlob: randomBytes(10) }));
    for (const partFirstByte of [5, 11]) {
      const err = await expectAwsError(ecr.send(new UploadLayerPartCommand({
        repositoryName: 'app', uploadId, partFirstByte, partLastByte: partFirstByte + 9, layerPartBlob: randomBytes(10),
      })), { name: 'InvalidLayerPartException', message: /must start at byte 10/ }) as InvalidLayerPartException;
      assert.equal(err.lastValidByteReceived, 9);
      assert.equal(err.repositoryName, 'app');
      assert.equal(err.registryId, '000000000000');
    }
    await expectAwsError(ecr.send(new UploadLayerPartCommand({
      repositoryName: 'app', uploadId, partFirstByte: 10, partLastByte: 30, layerPartBlob: randomBytes(10),
    })), { name: 'InvalidLayerPartException', message: /does not match the 10 bytes/ });
  });

  it('answers UploadNotFoundException for unknown uploads and uploads of another repository', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    await expectAwsError(ecr.send(new UploadLayerPartCommand({
      repositoryName: 'app', uploadId: unknown, partFirstByte: 0, partLastByte: 0, layerPartBlob: Buffer.from('x'),
    })), {
      name: 'UploadNotFoundException',
      message: `The upload with id '${unknown}' does not exist in the repository with name 'app' in the registry with id '000000000000'`,
    });
    const { uploadId = '' } = await ecr.send(new InitiateLayerUploadCommand({ repositoryName: 'app' }));
    await expectAwsError(ecr.send(new UploadLayerPartCommand({
      repositoryName: 'other', uploadId, partFirstByte: 0, partLastByte: 0, layerPartBlob: Buffer.from('x'),
    })), { name: 'UploadNotFoundException' });
    await expectAwsError(ecr.send(new CompleteLayerUploadCommand({ repositoryName: 'app', uploadId: unknown, layerDigests: [digestOf('x')] })), {
      name: 'UploadNotFoundException',
    });
  });

  it('completes only a non-empty upload of the named digest that the repository lacks', async () => {
    const { uploadId: empty = '' } = await ecr.send(new InitiateLayerUploadCommand({ repositoryName: 'app' }));
    await expectAwsError(ecr.send(new CompleteLayerUploadCommand({ repositoryName: 'app', uploadId: empty, layerDigests: [digestOf('')] })), {
      name: 'EmptyUploadException',
    });
    const layer = randomBytes(1000);
    const wrong = await uploadInParts(ecr, 'app', layer, 400);
    await expectAwsError(ecr.send(new CompleteLayerUploadCommand({ repositoryName: 'app', uploadId: wrong, layerDigests: [digestOf('other bytes')] })), {
      name: 'InvalidLayerException',
    });
    const first = await uploadInParts(ecr, 'app', layer, 400);
    await ecr.send(new CompleteLayerUploadCommand({ repositoryName: 'app', uploadId: first, layerDigests: [digestOf(layer)] }));
    const again = await uploadInParts(ecr, 'app', layer, 1000);
    await expectAwsError(ecr.send(new CompleteLayerUploadCommand({ repositoryName: 'app', uploadId: again, layerDigests: [digestOf(layer)] })), {
      name: 'LayerAlreadyExistsException',
      message: `The layer with digest '${digestOf(layer)}' already exists in the repository with name 'app' in the registry with id '000000000000'`,
    });
    await expectAwsError(ecr.send(new CompleteLayerUploadCommand({ repositoryName: 'app', uploadId: first, layerDigests: [] })), {
      name: 'InvalidParameterException',
    });
  });

  it('hands out a download URL that needs no credentials, for exactly that layer', async () => {
    const layer = randomBytes(70_000);
    const other = randomBytes(100);
    await reg.pushBlob('app', layer);
    await reg.pushBlob('app', other);
    await putImage(reg, 'app', layer, 'download');
    await putImage(reg, 'app', other, 'download-other');
    const out = await ecr.send(new GetDownloadUrlForLayerCommand({ repositoryName: 'app', layerDigest: digestOf(layer) }));
    assert.equal(out.layerDigest, digestOf(layer));
    const url = new URL(out.downloadUrl ?? '');
    assert.equal(url.origin, server.url);
    assert.equal(url.pathname, `/v2/app/blobs/${digestOf(layer)}`);
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(layer));

    const tampered = new URL(url);
    const signature = tampered.searchParams.get('X-Wharf-Signature') ?? '';
    tampered.searchParams.set('X-Wharf-Signature', `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`);
    assert.equal((await fetch(tampered)).status, 401);
    const longer = new URL(url);
    longer.searchParams.set('X-Wharf-Expires', String(Number(url.searchParams.get('X-Wharf-Expires')) + 1));
    assert.equal((await fetch(longer)).status, 401);
    const elsewhere = new URL(url);
    elsewhere.pathname = `/v2/app/blobs/${digestOf(other)}`;
    assert.equal((await fetch(elsewhere)).status, 401);
    assert.equal((await fetch(url, { method: 'DELETE' })).status, 401);
  });

  it('refuses download URLs for unknown, unreferenced and malformed layers', async () => {
    const loose = await reg.pushBlob('app', Buffer.from('in no image'));
    await expectAwsError(ecr.send(new GetDownloadUrlForLayerCommand({ repositoryName: 'app', layerDigest: loose })), {
      name: 'LayerInaccessibleException',
    });
    await expectAwsError(ecr.send(new GetDownloadUrlForLayerCommand({ repositoryName: 'app', layerDigest: digestOf('nowhere') })), {
      name: 'LayersNotFoundException',
    });
    await expectAwsError(ecr.send(new GetDownloadUrlForLayerCommand({ repositoryName: 'app', layerDigest: 'sha256:xyz' })), {
      name: 'InvalidParameterException',
    });
    await expectAwsError(ecr.send(new GetDownloadUrlForLayerCommand({ repositoryName: 'nope', layerDigest: loose })), {
      name: 'RepositoryNotFoundException',
    });
  });

  it('answers `aws ecr batch-check-layer-availability`', async () => {
    const pushed = await reg.pushBlob('other', Buffer.from('for the cli'));
    const out = await awsJson<{ layers: unknown[]; failures: unknown[] }>(server, [
      'ecr', 'batch-check-layer-availability', '--repository-name', 'other', '--layer-digests', pushed, digestOf('absent'),
    ]);
    assert.deepEqual(out.layers, [{ layerDigest: pushed, layerAvailability: 'AVAILABLE', layerSize: 11 }]);
    assert.deepEqual(out.failures, [{ layerDigest: digestOf('absent'), failureCode: 'MissingLayerDigest', failureReason: 'Could not find layer' }]);
  });
});

describe('ECR layer download URLs expire', () => {
  it('refuses a download URL once its hour is over', async () => {
    // The server's clock starts at the real time (SigV4 needs it) and is then moved on.
    let now = new Date();
    const server = await startTestServer({ clock: () => now });
    try {
      const ecr = ecrClient(server);
      await createRepository(server, { repositoryName: 'timed' });
      const reg = registryClient(server.url, (await registryLogin(server)).authorization);
      const layer = randomBytes(1000);
      await reg.pushBlob('timed', layer);
      await putImage(reg, 'timed', layer, 'v1');
      const { downloadUrl = '' } = await ecr.send(new GetDownloadUrlForLayerCommand({ repositoryName: 'timed', layerDigest: digestOf(layer) }));
      assert.equal((await fetch(downloadUrl)).status, 200);
      now = new Date(now.getTime() + 61 * 60 * 1000);
      assert.equal((await fetch(downloadUrl)).status, 401);
    } finally {
      await server.stop();
    }
  });
});
