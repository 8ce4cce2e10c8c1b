// ECR's registry-wide operations through @aws-sdk/client-ecr and Debian's AWS CLI: repository
// scanning configurations in a batch, replication (kept, and reported as not possible from a single
// region), pull through cache rules (kept, never pulled through), and the dispatch table against
// the CLI's own ECR model.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  BatchGetRepositoryScanningConfigurationCommand, CreatePullThroughCacheRuleCommand, DeletePullThroughCacheRuleCommand,
  DescribeImageReplicationStatusCommand, DescribePullThroughCacheRulesCommand, DescribeRegistryCommand,
  PutReplicationConfigurationCommand, type ECRClient, type ReplicationRule,
} from '@aws-sdk/client-ecr';
import { ecrService } from '../../src/api/ecr/index.js';
import { NOT_REPLICATED } from '../../src/api/ecr/replication.js';
import { awsCli, awsJson } from '../helpers/awsCli.js';
import { expectAwsError } from '../helpers/errors.js';
import { layer, pushImage } from '../helpers/ociPush.js';
import { createRepository, ecrClient, registryClient, registryLogin } from '../helpers/registry.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ACCOUNT = '000000000000';
const OTHER = '111111111111';
const ECR_MODEL = '/usr/lib/python3/dist-packages/awscli/botocore/data/ecr/2015-09-21/service-2.json';
const CREDENTIAL = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:ecr-pullthroughcache/docker-hub-abc';

const RULES: ReplicationRule[] = [
  { destinations: [{ region: 'eu-west-1', registryId: ACCOUNT }], repositoryFilters: [{ filter: 'prod', filterType: 'PREFIX_MATCH' }] },
  { destinations: [{ region: 'us-east-1', registryId: OTHER }, { region: 'eu-west-1', registryId: ACCOUNT }] },
];

describe('ECR registry-wide operations', () => {
  let server: TestServer;
  let ecr: ECRClient;
  before(async () => {
    server = await startTestServer();
    ecr = ecrClient(server);
    await createRepository(server, { repositoryName: 'scan/on', imageScanningConfiguration: { scanOnPush: true } });
    await createRepository(server, { repositoryName: 'scan/off' });
  });
  after(async () => server.stop());

  it('answers every operation of the AWS CLI\'s ECR model', () => {
    assert.ok(existsSync(ECR_MODEL), `Debian's AWS CLI ECR model is missing at ${ECR_MODEL}; setup installs awscli (apt-get install awscli)`);
    const model = JSON.parse(readFileSync(ECR_MODEL, 'utf8')) as { operations: Record<string, unknown> };
    const table = ecrService({
      registryHost: () => new URL(server.url).host, uploads: server.registry.uploads, registry: server.registry.deps, scans: server.jobs.scans,
    }).operations;
    const missing = Object.keys(model.operations).filter((op) => !(op in table));
    assert.deepEqual(missing, [], `operations in the CLI's ECR model with no handler: ${missing.join(', ')}`);
    assert.equal(Object.keys(model.operations).length, 41);
  });

  it('gets repositories\' scanning configurations in a batch, unknown names as failures', async () => {
    const out = await ecr.send(new BatchGetRepositoryScanningConfigurationCommand({ repositoryNames: ['scan/on', 'scan/off', 'nope'] }));
    assert.deepEqual(out.scanningConfigurations, [
      { repositoryArn: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/scan/on`, repositoryName: 'scan/on', scanOnPush: true, scanFrequency: 'SCAN_ON_PUSH', appliedScanFilters: [] },
      { repositoryArn: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/scan/off`, repositoryName: 'scan/off', scanOnPush: false, scanFrequency: 'MANUAL', appliedScanFilters: [] },
    ]);
    assert.deepEqual(out.failures, [{
      repositoryName: 'nope', failureCode: 'REPOSITORY_NOT_FOUND',
      failureReason: `The repository with name 'nope' does not exist in the registry with id '${ACCOUNT}'`,
    }]);
    await expectAwsError(ecr.send(new BatchGetRepositoryScanningConfigurationCommand({ repositoryNames: [] })), {
      name: 'InvalidParameterException', message: "Invalid parameter at 'repositoryNames' failed to satisfy constraint: 'Member must have length between 1 and 25'",
    });
    const many = Array.from({ length: 26 }, (_, i) => `repo-${i}`);
    await expectAwsError(ecr.send(new BatchGetRepositoryScanningConfigurationCommand({ repositoryNames: many })), { name: 'InvalidParameterException' });
  });

  it('refuses replication configurations that break ECR\'s rules', async () => {
    const put = (rules: ReplicationRule[]) => ecr.send(new PutReplicationConfigurationCommand({ replicationConfiguration: { rules } }));
    await expectAwsError(put([{ destinations: [{ region: 'us-east-1', registryId: ACCOUNT }] }]), {
      name: 'InvalidParameterException',
      message: "Invalid parameter at 'replicationConfiguration' failed to satisfy constraint: 'Replication destination cannot be the same as the source registry'",
    });
    const invalid: ReplicationRule[][] = [
      Array.from({ length: 11 }, () => ({ destinations: [{ region: 'eu-west-1', registryId: ACCOUNT }] })),
      [{ destinations: [] }],
      [{ destinations: Array.from({ length: 26 }, (_, i) => ({ region: 'eu-west-1', registryId: String(i).padStart(12, '1') })) }],
      [{ destinations: [{ region: 'eu-west-1', registryId: '123' }] }],
      [{ destinations: [{ region: 'EU_WEST', registryId: ACCOUNT }] }],
      [{ destinations: [{ region: 'eu-west-1', registryId: ACCOUNT }], repositoryFilters: [] }],
      [{ destinations: [{ region: 'eu-west-1', registryId: ACCOUNT }], repositoryFilters: [{ filter: 'prod', filterType: 'WILDCARD' as 'PREFIX_MATCH' }] }],
      [{ destinations: [{ region: 'eu-west-1', registryId: ACCOUNT }], repositoryFilters: [{ filter: 'Prod', filterType: 'PREFIX_MATCH' }] }],
    ];
    for (const rules of invalid) await expectAwsError(put(rules), { name: 'InvalidParameterException' });
    assert.deepEqual((await ecr.send(new DescribeRegistryCommand({}))).replicationConfiguration, { rules: [] });
  });

  it('keeps the replication configuration for DescribeRegistry', async () => {
    const put = await ecr.send(new PutReplicationConfigurationCommand({ replicationConfiguration: { rules: RULES } }));
    assert.deepEqual(put.replicationConfiguration, { rules: RULES });
    const described = await ecr.send(new DescribeRegistryCommand({}));
    assert.equal(described.registryId, ACCOUNT);
    assert.deepEqual(described.replicationConfiguration, { rules: RULES });
  });

  it('reports each destination of an image as FAILED: there is nowhere to replicate to', async () => {
    await createRepository(server, { repositoryName: 'prod/app' });
    await createRepository(server, { repositoryName: 'dev/app' });
    const reg = registryClient(server.url, (await registryLogin(server)).authorization);
    const prod = await pushImage(reg, 'prod/app', [await layer([{ name: 'hello', body: 'prod' }])], 'v1');
    await pushImage(reg, 'dev/app', [await layer([{ name: 'hello', body: 'dev' }])], 'v1');
    const failed = (region: string, registryId: string) => ({ region, registryId, status: 'FAILED', failureCode: NOT_REPLICATED });

    const out = await ecr.send(new DescribeImageReplicationStatusCommand({ repositoryName: 'prod/app', imageId: { imageTag: 'v1' } }));
    assert.equal(out.repositoryName, 'prod/app');
    assert.deepEqual(out.imageId, { imageDigest: prod.digest, imageTag: 'v1' });
    assert.deepEqual(out.replicationStatuses, [failed('eu-west-1', ACCOUNT), failed('us-east-1', OTHER)]);
    const dev = await ecr.send(new DescribeImageReplicationStatusCommand({ repositoryName: 'dev/app', imageId: { imageTag: 'v1' } }));
    assert.deepEqual(dev.replicationStatuses, [failed('us-east-1', OTHER), failed('eu-west-1', ACCOUNT)]);

    await expectAwsError(ecr.send(new DescribeImageReplicationStatusCommand({ repositoryName: 'nope', imageId: { imageTag: 'v1' } })), {
      name: 'RepositoryNotFoundException', message: `The repository with name 'nope' does not exist in the registry with id '${ACCOUNT}'`,
    });
    await expectAwsError(ecr.send(new DescribeImageReplicationStatusCommand({ repositoryName: 'prod/app', imageId: { imageTag: 'v2' } })), {
      name: 'ImageNotFoundException',
      message: `The image with imageId {imageDigest:'null', imageTag:'v2'} does not exist within the repository with name 'prod/app' in the registry with id '${ACCOUNT}'`,
    });
  });

  it('creates, describes and deletes pull through cache rules', async () => {
    const created = await ecr.send(new CreatePullThroughCacheRuleCommand({ ecrRepositoryPrefix: 'quay', upstreamRegistryUrl: 'quay.io' }));
    assert.equal(created.ecrRepositoryPrefix, 'quay');
    assert.equal(created.upstreamRegistryUrl, 'quay.io');
    assert.equal(created.upstreamRegistry, 'quay');
    assert.equal(created.registryId, ACCOUNT);
    assert.ok(created.createdAt instanceof Date);
    assert.equal(created.credentialArn, undefined);
    await expectAwsError(ecr.send(new CreatePullThroughCacheRuleCommand({ ecrRepositoryPrefix: 'quay', upstreamRegistryUrl: 'public.ecr.aws' })), {
      name: 'PullThroughCacheRuleAlreadyExistsException',
      message: `The pull through cache rule with Amazon ECR repository prefix 'quay' already exists in the registry with id '${ACCOUNT}'`,
    });
    const hub = await ecr.send(new CreatePullThroughCacheRuleCommand({
      ecrRepositoryPrefix: 'docker-hub', upstreamRegistryUrl: 'registry-1.docker.io', credentialArn: CREDENTIAL,
    }));
    assert.equal(hub.upstreamRegistry, 'docker-hub');
    assert.equal(hub.credentialArn, CREDENTIAL);
    await ecr.send(new CreatePullThroughCacheRuleCommand({ ecrRepositoryPrefix: 'ecr-public', upstreamRegistryUrl: 'public.ecr.aws' }));

    const all = await ecr.send(new DescribePullThroughCacheRulesCommand({}));
    assert.deepEqual(all.pullThroughCacheRules?.map((r) => [r.ecrRepositoryPrefix, r.upstreamRegistry]), [
      ['docker-hub', 'docker-hub'], ['ecr-public', 'ecr-public'], ['quay', 'quay'],
    ]);
    const some = await ecr.send(new DescribePullThroughCacheRulesCommand({ ecrRepositoryPrefixes: ['quay', 'ecr-public'] }));
    assert.deepEqual(some.pullThroughCacheRules?.map((r) => r.ecrRepositoryPrefix), ['ecr-public', 'quay']);
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecr.send(new DescribePullThroughCacheRulesCommand({ maxResults: 2, nextToken }));
      assert.ok((page.pullThroughCacheRules?.length ?? 0) <= 2);
      seen.push(...(page.pullThroughCacheRules ?? []).map((r) => r.ecrRepositoryPrefix ?? ''));
      nextToken = page.nextToken;
    } while (nextToken);
    assert.deepEqual(seen, ['docker-hub', 'ecr-public', 'quay']);

    const notFound = `The pull through cache rule with Amazon ECR repository prefix 'gone' does not exist in the registry with id '${ACCOUNT}'`;
    await expectAwsError(ecr.send(new DescribePullThroughCacheRulesCommand({ ecrRepositoryPrefixes: ['quay', 'gone'] })), {
      name: 'PullThroughCacheRuleNotFoundException', message: notFound,
    });
    await expectAwsError(ecr.send(new DescribePullThroughCacheRulesCommand({ maxResults: 0 })), { name: 'InvalidParameterException' });
    await expectAwsError(ecr.send(new DescribePullThroughCacheRulesCommand({ maxResults: 1001 })), { name: 'InvalidParameterException' });

    const deleted = await ecr.send(new DeletePullThroughCacheRuleCommand({ ecrRepositoryPrefix: 'quay' }));
    assert.equal(deleted.upstreamRegistryUrl, 'quay.io');
    assert.equal(deleted.createdAt?.getTime(), created.createdAt?.getTime());
    await expectAwsError(ecr.send(new DeletePullThroughCacheRuleCommand({ ecrRepositoryPrefix: 'gone' })), {
      name: 'PullThroughCacheRuleNotFoundException', message: notFound,
    });
  });

  it('refuses pull through cache rules that break ECR\'s rules', async () => {
    const create = (ecrRepositoryPrefix: string, upstreamRegistryUrl: string, credentialArn?: string) =>
      ecr.send(new CreatePullThroughCacheRuleCommand({ ecrRepositoryPrefix, upstreamRegistryUrl, credentialArn }));
    await expectAwsError(create('mirror', 'registry.example.com'), {
      name: 'UnsupportedUpstreamRegistryException', message: /registry\.example\.com/,
    });
    await expectAwsError(ecr.send(new CreatePullThroughCacheRuleCommand({
      ecrRepositoryPrefix: 'mirror', upstreamRegistryUrl: 'quay.io', upstreamRegistry: 'docker-hub',
    })), { name: 'UnsupportedUpstreamRegistryException' });
    await expectAwsError(create('x', 'quay.io'), {
      name: 'InvalidParameterException', message: "Invalid parameter at 'ecrRepositoryPrefix' failed to satisfy constraint: 'Member must have length between 2 and 30'",
    });
    await expectAwsError(create('a'.repeat(31), 'quay.io'), { name: 'InvalidParameterException' });
    await expectAwsError(create('Mirror', 'quay.io'), { name: 'InvalidParameterException', message: /regular expression/ });
    await expectAwsError(create('ghcr', 'ghcr.io'), { name: 'InvalidParameterException', message: /credentialArn/ });
    await expectAwsError(create('ghcr', 'ghcr.io', 'arn:aws:iam::000000000000:role/not-a-secret-at-all-but-long-enough'), {
      name: 'InvalidParameterException', message: /credentialArn/,
    });
    const k8s = await create('k8s-mirror', 'registry.k8s.io');
    assert.equal(k8s.upstreamRegistry, 'k8s');
    const ecrUpstream = await create('upstream-ecr', `${OTHER}.dkr.ecr.eu-west-1.amazonaws.com`);
    assert.equal(ecrUpstream.upstreamRegistry, 'ecr');
  });

  it('answers the AWS CLI for every one of these operations', async () => {
    const scanning = await awsJson(server, ['ecr', 'batch-get-repository-scanning-configuration', '--repository-names', 'scan/on', 'nope']);
    assert.deepEqual(scanning, {
      scanningConfigurations: [{
        repositoryArn: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/scan/on`, repositoryName: 'scan/on', scanOnPush: true, scanFrequency: 'SCAN_ON_PUSH', appliedScanFilters: [],
      }],
      failures: [{
        repositoryName: 'nope', failureCode: 'REPOSITORY_NOT_FOUND',
        failureReason: `The repository with name 'nope' does not exist in the registry with id '${ACCOUNT}'`,
      }],
    });

    const file = join(server.dataDir, 'replication.json');
    const config = { rules: [{ destinations: [{ region: 'ap-south-1', registryId: OTHER }], repositoryFilters: [{ filter: 'prod', filterType: 'PREFIX_MATCH' }] }] };
    writeFileSync(file, JSON.stringify(config));
    assert.deepEqual(await awsJson(server, ['ecr', 'put-replication-configuration', '--replication-configuration', `file://${file}`]), { replicationConfiguration: config });
    assert.deepEqual(await awsJson(server, ['ecr', 'describe-registry']), { registryId: ACCOUNT, replicationConfiguration: config });
    const status = await awsJson(server, ['ecr', 'describe-image-replication-status', '--repository-name', 'prod/app', '--image-id', 'imageTag=v1']);
    assert.deepEqual(status.replicationStatuses, [{ region: 'ap-south-1', registryId: OTHER, status: 'FAILED', failureCode: NOT_REPLICATED }]);
    const same = await awsCli(server, ['ecr', 'put-replication-configuration', '--replication-configuration',
      JSON.stringify({ rules: [{ destinations: [{ region: 'us-east-1', registryId: ACCOUNT }] }] })]);
    assert.notEqual(same.code, 0);
    assert.match(same.stderr, /InvalidParameterException.*Replication destination cannot be the same as the source registry/);

    const created = await awsJson(server, ['ecr', 'create-pull-through-cache-rule', '--ecr-repository-prefix', 'cli-quay', '--upstream-registry-url', 'quay.io']);
    assert.equal(created.ecrRepositoryPrefix, 'cli-quay');
    assert.equal(created.upstreamRegistryUrl, 'quay.io');
    assert.equal(created.registryId, ACCOUNT);
    assert.ok(created.createdAt);
    const described = await awsJson<{ pullThroughCacheRules: { ecrRepositoryPrefix: string }[] }>(server, [
      'ecr', 'describe-pull-through-cache-rules', '--ecr-repository-prefixes', 'cli-quay',
    ]);
    assert.deepEqual(described.pullThroughCacheRules.map((r) => r.ecrRepositoryPrefix), ['cli-quay']);
    const deleted = await awsJson(server, ['ecr', 'delete-pull-through-cache-rule', '--ecr-repository-prefix', 'cli-quay']);
    assert.equal(deleted.ecrRepositoryPrefix, 'cli-quay');
    const gone = await awsCli(server, ['ecr', 'delete-pull-through-cache-rule', '--ecr-repository-prefix', 'cli-quay']);
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /PullThroughCacheRuleNotFoundException/);
    const unsupported = await awsCli(server, ['ecr', 'create-pull-through-cache-rule', '--ecr-repository-prefix', 'cli-x', '--upstream-registry-url', 'example.com']);
    assert.match(unsupported.stderr, /UnsupportedUpstreamRegistryException/);
  });
});
