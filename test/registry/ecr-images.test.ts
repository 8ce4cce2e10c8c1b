// ECR's image operations through @aws-sdk/client-ecr, on images pushed over /v2/: listings,
// details, manifests, deletes and puts, with ECR's errors and per-image failures; what PutImage
// stores is pulled back over /v2/ byte for byte, and what BatchDeleteImage deletes is gone there.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BatchDeleteImageCommand, BatchGetImageCommand, DescribeImagesCommand, DescribeRepositoriesCommand, ListImagesCommand,
  PutImageCommand, PutImageTagMutabilityCommand, type ECRClient, type ImageIdentifier, type ListImagesCommandInput,
} from '@aws-sdk/client-ecr';
import { awsCli, awsJson } from '../helpers/awsCli.js';
import { expectAwsError } from '../helpers/errors.js';
import { OCI_INDEX, OCI_MANIFEST, pushImage, pushIndex } from '../helpers/ociPush.js';
import { createRepository, digestOf, ecrClient, registryClient, registryLogin, type RegistryClient } from '../helpers/registry.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ACCOUNT = '000000000000';
const byKey = (a: ImageIdentifier, b: ImageIdentifier) => `${a.imageDigest}|${a.imageTag ?? ''}`.localeCompare(`${b.imageDigest}|${b.imageTag ?? ''}`);

describe('ECR images', () => {
  let server: TestServer;
  let ecr: ECRClient;
  let reg: RegistryClient;
  let a: { digest: string; size: number };
  let b: { digest: string; size: number };
  let aManifest: string;
  let multi: string;
  const layersA = [Buffer.from('layer one of a'), Buffer.from('the second, larger layer of image a')];

  const manifestOf = async (repo: string, ref: string) => reg.fetch(`/v2/${repo}/manifests/${ref}`, { headers: { accept: `${OCI_MANIFEST}, ${OCI_INDEX}` } });
  const listAll = async (input: ListImagesCommandInput) => {
    const ids: ImageIdentifier[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecr.send(new ListImagesCommand({ ...input, nextToken }));
      ids.push(...(page.imageIds ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return ids;
  };

  before(async () => {
    server = await startTestServer();
    ecr = ecrClient(server);
    reg = registryClient(server.url, (await registryLogin(server)).authorization);
    await createRepository(server, { repositoryName: 'app' });
    await createRepository(server, { repositoryName: 'locked', imageTagMutability: 'IMMUTABLE' });
    a = await pushImage(reg, 'app', layersA, 'v1');
    aManifest = await (await manifestOf('app', 'v1')).text();
    assert.equal((await reg.putManifest('app', 'latest', aManifest, OCI_MANIFEST)).status, 201);
    b = await pushImage(reg, 'app', [Buffer.from('b only')]);
  });
  after(async () => server.stop());

  it('lists one imageId per tag and a digest-only one per untagged manifest, filtered by tagStatus', async () => {
    const any = (await ecr.send(new ListImagesCommand({ repositoryName: 'app' }))).imageIds ?? [];
    assert.deepEqual([...any].sort(byKey), [
      { imageDigest: a.digest, imageTag: 'latest' }, { imageDigest: a.digest, imageTag: 'v1' }, { imageDigest: b.digest },
    ].sort(byKey));
    const tagged = await ecr.send(new ListImagesCommand({ repositoryName: 'app', filter: { tagStatus: 'TAGGED' } }));
    assert.deepEqual(tagged.imageIds?.map((i) => i.imageTag).sort(), ['latest', 'v1']);
    const untagged = await ecr.send(new ListImagesCommand({ repositoryName: 'app', filter: { tagStatus: 'UNTAGGED' } }));
    assert.deepEqual(untagged.imageIds, [{ imageDigest: b.digest }]);
    const paged = await listAll({ repositoryName: 'app', maxResults: 1 });
    assert.deepEqual(paged, any);
  });

  it('refuses bad list parameters and unknown repositories with ECR\'s errors', async () => {
    const range = "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value between 1 and 1000'";
    for (const maxResults of [0, 1001]) {
      await expectAwsError(ecr.send(new ListImagesCommand({ repositoryName: 'app', maxResults })), { name: 'InvalidParameterException', message: range });
      await expectAwsError(ecr.send(new DescribeImagesCommand({ repositoryName: 'app', maxResults })), { name: 'InvalidParameterException', message: range });
    }
    await expectAwsError(ecr.send(new ListImagesCommand({ repositoryName: 'app', filter: { tagStatus: 'SOME' as 'ANY' } })), {
      name: 'InvalidParameterException',
      message: "Invalid parameter at 'filter.tagStatus' failed to satisfy constraint: 'Member must satisfy enum value set: [TAGGED, UNTAGGED, ANY]'",
    });
    await expectAwsError(ecr.send(new ListImagesCommand({ repositoryName: 'app', nextToken: 'garbage' })), { name: 'InvalidParameterException' });
    const missing = "The repository with name 'nope' does not exist in the registry with id '000000000000'";
    for (const command of [
      new ListImagesCommand({ repositoryName: 'nope' }),
      new DescribeImagesCommand({ repositoryName: 'nope' }),
      new BatchGetImageCommand({ repositoryName: 'nope', imageIds: [{ imageTag: 'v1' }] }),
      new BatchDeleteImageCommand({ repositoryName: 'nope', imageIds: [{ imageTag: 'v1' }] }),
      new PutImageCommand({ repositoryName: 'nope', imageManifest: aManifest }),
      new PutImageTagMutabilityCommand({ repositoryName: 'nope', imageTagMutability: 'MUTABLE' }),
    ]) {
      await expectAwsError(ecr.send(command as ListImagesCommand), { name: 'RepositoryNotFoundException', message: missing });
    }
  });

  it('describes images: tags, layer sizes, media types, push and pull times', async () => {
    const out = await ecr.send(new DescribeImagesCommand({ repositoryName: 'app' }));
    const detailA = out.imageDetails?.find((d) => d.imageDigest === a.digest);
    const detailB = out.imageDetails?.find((d) => d.imageDigest === b.digest);
    assert.equal(out.imageDetails?.length, 2);
    assert.equal(detailA?.registryId, ACCOUNT);
    assert.equal(detailA?.repositoryName, 'app');
    assert.deepEqual(detailA?.imageTags, ['latest', 'v1']);
    assert.equal(detailA?.imageSizeInBytes, layersA[0]!.length + layersA[1]!.length);
    assert.equal(detailA?.imageManifestMediaType, OCI_MANIFEST);
    assert.equal(detailA?.artifactMediaType, 'application/vnd.oci.image.config.v1+json');
    assert.ok(detailA?.imagePushedAt instanceof Date);
    assert.ok(detailA?.lastRecordedPullTime instanceof Date, 'pulled over /v2/ while setting up');
    assert.equal(detailA?.imageScanStatus, undefined);
    assert.equal(detailB?.imageTags, undefined);
    assert.equal(detailB?.lastRecordedPullTime, undefined);

    assert.equal((await manifestOf('app', b.digest)).status, 200);
    const pulled = await ecr.send(new DescribeImagesCommand({ repositoryName: 'app', imageIds: [{ imageDigest: b.digest }] }));
    assert.ok(pulled.imageDetails?.[0]?.lastRecordedPullTime instanceof Date);
    const once = await ecr.send(new DescribeImagesCommand({ repositoryName: 'app', imageIds: [{ imageTag: 'v1' }, { imageDigest: a.digest }] }));
    assert.equal(once.imageDetails?.length, 1, 'two ids of one image describe it once');

    const untagged = await ecr.send(new DescribeImagesCommand({ repositoryName: 'app', filter: { tagStatus: 'UNTAGGED' } }));
    assert.deepEqual(untagged.imageDetails?.map((d) => d.imageDigest), [b.digest]);
    const first = await ecr.send(new DescribeImagesCommand({ repositoryName: 'app', maxResults: 1 }));
    assert.equal(first.imageDetails?.length, 1);
    const second = await ecr.send(new DescribeImagesCommand({ repositoryName: 'app', maxResults: 1, nextToken: first.nextToken }));
    assert.equal(second.nextToken, undefined);
    assert.notEqual(second.imageDetails?.[0]?.imageDigest, first.imageDetails?.[0]?.imageDigest);
  });

  it('sizes a manifest list by its largest image, and refuses unknown imageIds', async () => {
    multi = await pushIndex(reg, 'app', [a, b], 'multi');
    const out = await ecr.send(new DescribeImagesCommand({ repositoryName: 'app', imageIds: [{ imageTag: 'multi' }] }));
    assert.equal(out.imageDetails?.[0]?.imageDigest, multi);
    assert.equal(out.imageDetails?.[0]?.imageManifestMediaType, OCI_INDEX);
    assert.equal(out.imageDetails?.[0]?.imageSizeInBytes, layersA[0]!.length + layersA[1]!.length);
    await expectAwsError(ecr.send(new DescribeImagesCommand({ repositoryName: 'app', imageIds: [{ imageTag: 'v1' }, { imageTag: 'gone' }] })), {
      name: 'ImageNotFoundException',
      message: "The image with imageId {imageDigest:'null', imageTag:'gone'} does not exist within the repository with name 'app' in the registry with id '000000000000'",
    });
    await expectAwsError(ecr.send(new DescribeImagesCommand({ repositoryName: 'app', imageIds: [{ imageTag: 'v1' }], maxResults: 5 })), {
      name: 'InvalidParameterException', message: 'Invalid parameter: maxResults and nextToken cannot be used with imageIds',
    });
  });

  it('gets manifests exactly as stored, with a failure for each id it cannot answer', async () => {
    const out = await ecr.send(new BatchGetImageCommand({
      repositoryName: 'app',
      imageIds: [{ imageTag: 'v1' }, { imageDigest: b.digest }, { imageTag: 'nope' }, {}, { imageDigest: 'not-a-digest' }, { imageTag: 'v1', imageDigest: b.digest }],
    }));
    assert.deepEqual(out.images?.map((i) => i.imageId), [{ imageDigest: a.digest, imageTag: 'v1' }, { imageDigest: b.digest }]);
    assert.equal(out.images?.[0]?.imageManifest, aManifest);
    assert.equal(out.images?.[0]?.imageManifestMediaType, OCI_MANIFEST);
    assert.equal(out.images?.[1]?.imageManifest, await (await manifestOf('app', b.digest)).text());
    assert.equal(out.images?.[0]?.registryId, ACCOUNT);
    assert.deepEqual(out.failures, [
      { imageId: { imageTag: 'nope' }, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' },
      { imageId: {}, failureCode: 'MissingDigestAndTag', failureReason: 'Invalid request parameters: both tag and digest cannot be null' },
      { imageId: { imageDigest: 'not-a-digest' }, failureCode: 'InvalidImageDigest', failureReason: "Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'" },
      { imageId: { imageTag: 'v1', imageDigest: b.digest }, failureCode: 'ImageTagDoesNotMatchDigest', failureReason: 'Invalid request parameters: the image tag does not match the image digest' },
    ]);
    const docker = await ecr.send(new BatchGetImageCommand({
      repositoryName: 'app', imageIds: [{ imageTag: 'v1' }], acceptedMediaTypes: ['application/vnd.docker.distribution.manifest.v2+json'],
    }));
    assert.deepEqual(docker.images, []);
    assert.equal(docker.failures?.[0]?.failureCode, 'ImageNotFound');
    await expectAwsError(ecr.send(new BatchGetImageCommand({ repositoryName: 'app', imageIds: [] })), {
      name: 'InvalidParameterException', message: "Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length between 1 and 100'",
    });
  });

  it('puts an image that /v2/ then serves byte for byte', async () => {
    const pretty = JSON.stringify(JSON.parse(aManifest), null, 3);
    const out = await ecr.send(new PutImageCommand({ repositoryName: 'app', imageManifest: pretty, imageTag: 'pretty' }));
    assert.deepEqual(out.image, {
      registryId: ACCOUNT, repositoryName: 'app', imageId: { imageDigest: digestOf(pretty), imageTag: 'pretty' },
      imageManifest: pretty, imageManifestMediaType: OCI_MANIFEST,
    });
    const res = await manifestOf('app', 'pretty');
    assert.equal(res.headers.get('docker-content-digest'), digestOf(pretty));
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(pretty)));
    const retag = await ecr.send(new PutImageCommand({ repositoryName: 'app', imageManifest: aManifest, imageTag: 'copy', imageDigest: a.digest }));
    assert.deepEqual(retag.image?.imageId, { imageDigest: a.digest, imageTag: 'copy' });
    assert.equal((await manifestOf('app', 'copy')).headers.get('docker-content-digest'), a.digest);
  });

  it('refuses puts with ECR\'s errors', async () => {
    const put = (imageManifest: string, extra: { imageTag?: string; imageDigest?: string; imageManifestMediaType?: string } = {}, repositoryName = 'app') =>
      ecr.send(new PutImageCommand({ repositoryName, imageManifest, ...extra }));
    await expectAwsError(put(aManifest, { imageTag: 'v1' }), {
      name: 'ImageAlreadyExistsException',
      message: `Image with digest '${a.digest}' and tag 'v1' already exists in the repository with name 'app' in registry with id '000000000000'`,
    });
    await expectAwsError(put(aManifest, { imageTag: 'v9', imageDigest: b.digest }), { name: 'ImageDigestDoesNotMatchException' });
    const parsed = JSON.parse(aManifest) as { layers: { digest: string }[] };
    const ghost = `sha256:${'1'.repeat(64)}`;
    const ghost2 = `sha256:${'2'.repeat(64)}`;
    const missingLayers = JSON.stringify({ ...parsed, layers: [{ ...parsed.layers[0], digest: ghost }, { ...parsed.layers[1], digest: ghost2 }] });
    await expectAwsError(put(missingLayers, { imageTag: 'broken' }), {
      name: 'LayersNotFoundException',
      message: `Layers with digests '[${ghost}, ${ghost2}]' required for pushing image into repository with name 'app' in the registry with id '000000000000' do not exist`,
    });
    const index = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_MANIFEST, digest: ghost, size: 10 }] });
    await expectAwsError(put(index, { imageTag: 'broken' }), { name: 'ReferencedImagesNotFoundException', message: new RegExp(ghost) });
    await expectAwsError(put('{not json'), { name: 'InvalidParameterException', message: "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'" });
    const bare = JSON.parse(aManifest) as Record<string, unknown>;
    delete bare.mediaType;
    await expectAwsError(put(JSON.stringify(bare), { imageTag: 'bare' }), { name: 'InvalidParameterException' });
    await expectAwsError(put(aManifest, { imageTag: 'bad tag!' }), { name: 'InvalidParameterException' });
    const bareOut = await put(JSON.stringify(bare), { imageTag: 'bare', imageManifestMediaType: OCI_MANIFEST });
    assert.equal(bareOut.image?.imageManifestMediaType, OCI_MANIFEST);

    // An immutable repository refuses to move a tag, and says so in ECR's words.
    const config = await reg.pushBlob('locked', Buffer.from('{"os":"linux"}'));
    const image = (n: number) => JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config, size: 14 }, layers: [], annotations: { n: String(n) } });
    await put(image(1), { imageTag: 'release' }, 'locked');
    await expectAwsError(put(image(2), { imageTag: 'release' }, 'locked'), {
      name: 'ImageTagAlreadyExistsException',
      message: "The image tag 'release' already exists in the 'locked' repository and cannot be overwritten because the repository is immutable.",
    });
  });

  it('sets tag mutability, which PutImage then honours', async () => {
    const out = await ecr.send(new PutImageTagMutabilityCommand({ repositoryName: 'app', imageTagMutability: 'IMMUTABLE' }));
    assert.deepEqual({ ...out, $metadata: undefined }, { $metadata: undefined, registryId: ACCOUNT, repositoryName: 'app', imageTagMutability: 'IMMUTABLE' });
    const repo = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['app'] }));
    assert.equal(repo.repositories?.[0]?.imageTagMutability, 'IMMUTABLE');
    await expectAwsError(ecr.send(new PutImageCommand({ repositoryName: 'app', imageManifest: aManifest, imageTag: 'pretty' })), { name: 'ImageTagAlreadyExistsException' });
    await ecr.send(new PutImageTagMutabilityCommand({ repositoryName: 'app', imageTagMutability: 'MUTABLE' }));
    await expectAwsError(ecr.send(new PutImageTagMutabilityCommand({ repositoryName: 'app', imageTagMutability: 'SOMETIMES' as 'MUTABLE' })), {
      name: 'InvalidParameterException',
      message: "Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [MUTABLE, IMMUTABLE]'",
    });
  });

  it('deletes tags and images, through the same path as /v2/', async () => {
    const tagOnly = await ecr.send(new BatchDeleteImageCommand({ repositoryName: 'app', imageIds: [{ imageTag: 'latest' }] }));
    assert.deepEqual(tagOnly.imageIds, [{ imageDigest: a.digest, imageTag: 'latest' }]);
    assert.deepEqual(tagOnly.failures, []);
    assert.equal((await manifestOf('app', 'latest')).status, 404);
    assert.equal((await manifestOf('app', a.digest)).status, 200, 'other tags keep the image');

    const out = await ecr.send(new BatchDeleteImageCommand({ repositoryName: 'app', imageIds: [{ imageDigest: a.digest }, { imageTag: 'nope' }, {}] }));
    assert.deepEqual(out.imageIds, []);
    assert.deepEqual(out.failures, [
      { imageId: { imageDigest: a.digest }, failureCode: 'ImageReferencedByManifestList', failureReason: `Requested image referenced by manifest list: [${a.digest}]` },
      { imageId: { imageTag: 'nope' }, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' },
      { imageId: {}, failureCode: 'MissingDigestAndTag', failureReason: 'Invalid request parameters: both tag and digest cannot be null' },
    ]);

    const whole = await ecr.send(new BatchDeleteImageCommand({ repositoryName: 'app', imageIds: [{ imageDigest: multi }, { imageDigest: a.digest }] }));
    assert.deepEqual(whole.imageIds?.sort(byKey), [
      { imageDigest: multi, imageTag: 'multi' }, { imageDigest: a.digest, imageTag: 'copy' }, { imageDigest: a.digest, imageTag: 'v1' },
    ].sort(byKey));
    for (const ref of [a.digest, 'v1', 'copy', multi]) assert.equal((await manifestOf('app', ref)).status, 404, ref);

    const solo = await pushImage(reg, 'app', [Buffer.from('solo layer')], 'solo');
    await ecr.send(new BatchDeleteImageCommand({ repositoryName: 'app', imageIds: [{ imageTag: 'solo' }] }));
    assert.equal((await manifestOf('app', solo.digest)).status, 404, 'the last tag takes its image with it');
  });

  it('walks the image commands of the AWS CLI', async () => {
    await createRepository(server, { repositoryName: 'cli' });
    const image = await pushImage(reg, 'cli', [Buffer.from('cli layer')], 'v1');
    const loose = await pushImage(reg, 'cli', [Buffer.from('untagged cli layer')]);
    const cli = (args: string[]) => awsJson(server, ['ecr', ...args, '--repository-name', 'cli']);

    const tagged = await cli(['list-images', '--filter', 'tagStatus=TAGGED']);
    assert.deepEqual(tagged.imageIds, [{ imageDigest: image.digest, imageTag: 'v1' }]);
    const untagged = await cli(['list-images', '--filter', 'tagStatus=UNTAGGED']);
    assert.deepEqual(untagged.imageIds, [{ imageDigest: loose.digest }]);
    const described = await cli(['describe-images', '--image-ids', 'imageTag=v1']) as { imageDetails: { imageTags: string[]; imageSizeInBytes: number }[] };
    assert.deepEqual(described.imageDetails[0]?.imageTags, ['v1']);
    assert.equal(described.imageDetails[0]?.imageSizeInBytes, Buffer.byteLength('cli layer'));

    // The retag recipe from ECR's user guide: batch-get-image, then put-image under a new tag.
    const got = await cli(['batch-get-image', '--image-ids', 'imageTag=v1']) as { images: { imageManifest: string }[] };
    const manifest = got.images[0]?.imageManifest ?? '';
    const put = await cli(['put-image', '--image-tag', 'v2', '--image-manifest', manifest]) as { image: { imageId: unknown } };
    assert.deepEqual(put.image.imageId, { imageDigest: image.digest, imageTag: 'v2' });
    const again = await awsCli(server, ['ecr', 'put-image', '--repository-name', 'cli', '--image-tag', 'v2', '--image-manifest', manifest]);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /ImageAlreadyExistsException.*Image with digest '[^']+' and tag 'v2' already exists/);

    const mutability = await cli(['put-image-tag-mutability', '--image-tag-mutability', 'IMMUTABLE']);
    assert.deepEqual(mutability, { registryId: ACCOUNT, repositoryName: 'cli', imageTagMutability: 'IMMUTABLE' });

    const deleted = await cli(['batch-delete-image', '--image-ids', 'imageTag=v1', `imageDigest=${loose.digest}`]);
    assert.deepEqual(deleted, { imageIds: [{ imageDigest: image.digest, imageTag: 'v1' }, { imageDigest: loose.digest }], failures: [] });
    assert.equal((await manifestOf('cli', loose.digest)).status, 404);
    assert.equal((await manifestOf('cli', 'v2')).status, 200);
  });
});
