// ECR repository and registry policies, and the registry's settings, through @aws-sdk/client-ecr
// and the AWS CLI.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateRepositoryCommand, DeleteRegistryPolicyCommand, DeleteRepositoryCommand, DeleteRepositoryPolicyCommand, DescribeRegistryCommand,
  GetRegistryPolicyCommand, GetRegistryScanningConfigurationCommand, GetRepositoryPolicyCommand, PutRegistryPolicyCommand,
  PutRegistryScanningConfigurationCommand, SetRepositoryPolicyCommand, type ECRClient,
} from '@aws-sdk/client-ecr';
import { awsCli, awsJson } from '../helpers/awsCli.js';
import { expectAwsError } from '../helpers/errors.js';
import { createRepository, ecrClient } from '../helpers/registry.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ACCOUNT = '000000000000';
const INVALID_REPOSITORY = "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'";
const INVALID_REGISTRY = "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid registry policy provided'";

const pullPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{
    Sid: 'AllowPull',
    Effect: 'Allow',
    Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`] },
    Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
  }],
});

const replicationPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    Action: ['ecr:CreateRepository', 'ecr:ReplicateImage'],
    Resource: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/*`,
  }],
});

describe('ECR policies and registry settings', () => {
  let server: TestServer;
  let ecr: ECRClient;
  before(async () => {
    server = await startTestServer();
    ecr = ecrClient(server);
    await createRepository(server, { repositoryName: 'app' });
  });
  after(async () => server.stop());

  it('sets, gets and deletes a repository policy, verbatim', async () => {
    await expectAwsError(ecr.send(new GetRepositoryPolicyCommand({ repositoryName: 'app' })), {
      name: 'RepositoryPolicyNotFoundException',
      message: `Repository policy does not exist for the repository with name 'app' in the registry with id '${ACCOUNT}'`,
    });
    const set = await ecr.send(new SetRepositoryPolicyCommand({ repositoryName: 'app', policyText: pullPolicy }));
    assert.deepEqual({ ...set, $metadata: undefined }, { $metadata: undefined, registryId: ACCOUNT, repositoryName: 'app', policyText: pullPolicy });
    const got = await ecr.send(new GetRepositoryPolicyCommand({ repositoryName: 'app' }));
    assert.equal(got.policyText, pullPolicy);
    const deleted = await ecr.send(new DeleteRepositoryPolicyCommand({ repositoryName: 'app' }));
    assert.equal(deleted.policyText, pullPolicy);
    assert.equal(deleted.repositoryName, 'app');
    await expectAwsError(ecr.send(new DeleteRepositoryPolicyCommand({ repositoryName: 'app' })), { name: 'RepositoryPolicyNotFoundException' });
  });

  it('answers RepositoryNotFoundException for each repository policy operation', async () => {
    const message = `The repository with name 'nope' does not exist in the registry with id '${ACCOUNT}'`;
    await expectAwsError(ecr.send(new SetRepositoryPolicyCommand({ repositoryName: 'nope', policyText: pullPolicy })), { name: 'RepositoryNotFoundException', message });
    await expectAwsError(ecr.send(new GetRepositoryPolicyCommand({ repositoryName: 'nope' })), { name: 'RepositoryNotFoundException', message });
    await expectAwsError(ecr.send(new DeleteRepositoryPolicyCommand({ repositoryName: 'nope' })), { name: 'RepositoryNotFoundException', message });
  });

  it('refuses documents that are not ECR repository policies, with ECR\'s message', async () => {
    const statement = { Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' };
    const invalid = [
      'not json',
      '[]',
      JSON.stringify({ Statement: [statement] }),
      JSON.stringify({ Version: '2020-01-01', Statement: [statement] }),
      JSON.stringify({ Version: '2012-10-17', Statement: [] }),
      JSON.stringify({ Version: '2012-10-17', Statement: [{ ...statement, Effect: 'Maybe' }] }),
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:BatchGetImage' }] }),
      JSON.stringify({ Version: '2012-10-17', Statement: [{ ...statement, Action: 's3:GetObject' }] }),
      JSON.stringify({ Version: '2012-10-17', Statement: [{ ...statement, Resource: '*' }] }),
      JSON.stringify({ Version: '2012-10-17', Statement: [{ ...statement, Principal: { Nobody: 'x' } }] }),
      JSON.stringify({ Version: '2012-10-17', Statement: [{ ...statement, Extra: true }] }),
    ];
    for (const policyText of invalid) {
      await expectAwsError(ecr.send(new SetRepositoryPolicyCommand({ repositoryName: 'app', policyText })), {
        name: 'InvalidParameterException', message: INVALID_REPOSITORY,
      });
    }
    await expectAwsError(ecr.send(new SetRepositoryPolicyCommand({ repositoryName: 'app', policyText: 'x'.repeat(10241) })), {
      name: 'InvalidParameterException', message: /length less than or equal to 10240/,
    });
    // A single statement object (not in an array) and NotAction are IAM grammar too.
    const single = JSON.stringify({ Version: '2008-10-17', Statement: { ...statement, NotAction: undefined, Action: 'ecr:*' } });
    await ecr.send(new SetRepositoryPolicyCommand({ repositoryName: 'app', policyText: single }));
  });

  it('asks for force before setting a policy that locks everyone out', async () => {
    const lockout = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'ecr:*' }] });
    await expectAwsError(ecr.send(new SetRepositoryPolicyCommand({ repositoryName: 'app', policyText: lockout })), {
      name: 'InvalidParameterException', message: /set force/,
    });
    const forced = await ecr.send(new SetRepositoryPolicyCommand({ repositoryName: 'app', policyText: lockout, force: true }));
    assert.equal(forced.policyText, lockout);
  });

  it('drops a repository\'s policy with the repository', async () => {
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'short-lived' }));
    await ecr.send(new SetRepositoryPolicyCommand({ repositoryName: 'short-lived', policyText: pullPolicy }));
    await ecr.send(new DeleteRepositoryCommand({ repositoryName: 'short-lived' }));
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'short-lived' }));
    await expectAwsError(ecr.send(new GetRepositoryPolicyCommand({ repositoryName: 'short-lived' })), { name: 'RepositoryPolicyNotFoundException' });
  });

  it('puts, gets and deletes the registry policy', async () => {
    const notFound = { name: 'RegistryPolicyNotFoundException', message: `Registry policy does not exist in the registry with id '${ACCOUNT}'` };
    await expectAwsError(ecr.send(new GetRegistryPolicyCommand({})), notFound);
    await expectAwsError(ecr.send(new DeleteRegistryPolicyCommand({})), notFound);
    const put = await ecr.send(new PutRegistryPolicyCommand({ policyText: replicationPolicy }));
    assert.equal(put.registryId, ACCOUNT);
    assert.equal(put.policyText, replicationPolicy);
    assert.equal((await ecr.send(new GetRegistryPolicyCommand({}))).policyText, replicationPolicy);
    assert.equal((await ecr.send(new DeleteRegistryPolicyCommand({}))).policyText, replicationPolicy);
    await expectAwsError(ecr.send(new GetRegistryPolicyCommand({})), notFound);
    await expectAwsError(ecr.send(new PutRegistryPolicyCommand({ policyText: '{"Version":"2012-10-17"}' })), {
      name: 'InvalidParameterException', message: INVALID_REGISTRY,
    });
  });

  it('describes the registry and keeps its BASIC scanning configuration', async () => {
    const described = await ecr.send(new DescribeRegistryCommand({}));
    assert.equal(described.registryId, ACCOUNT);
    assert.deepEqual(described.replicationConfiguration, { rules: [] });
    const initial = await ecr.send(new GetRegistryScanningConfigurationCommand({}));
    assert.equal(initial.registryId, ACCOUNT);
    assert.deepEqual(initial.scanningConfiguration, { scanType: 'BASIC', rules: [] });
    const rules = [{ scanFrequency: 'SCAN_ON_PUSH' as const, repositoryFilters: [{ filter: 'prod/*', filterType: 'WILDCARD' as const }] }];
    const put = await ecr.send(new PutRegistryScanningConfigurationCommand({ scanType: 'BASIC', rules }));
    assert.deepEqual(put.registryScanningConfiguration, { scanType: 'BASIC', rules });
    assert.deepEqual((await ecr.send(new GetRegistryScanningConfigurationCommand({}))).scanningConfiguration, { scanType: 'BASIC', rules });
    await expectAwsError(ecr.send(new PutRegistryScanningConfigurationCommand({ scanType: 'ENHANCED' })), { name: 'ValidationException' });
    await expectAwsError(ecr.send(new PutRegistryScanningConfigurationCommand({
      scanType: 'BASIC', rules: [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [] }],
    })), { name: 'InvalidParameterException' });
    await expectAwsError(ecr.send(new PutRegistryScanningConfigurationCommand({
      scanType: 'BASIC', rules: [{ scanFrequency: 'MANUAL', repositoryFilters: [{ filter: 'UPPER', filterType: 'WILDCARD' }] }],
    })), { name: 'InvalidParameterException' });
  });

  it('answers `aws ecr set-repository-policy`, `get-repository-policy` and `describe-registry`', async () => {
    const file = join(server.dataDir, 'policy.json');
    writeFileSync(file, pullPolicy);
    const set = await awsJson(server, ['ecr', 'set-repository-policy', '--repository-name', 'app', '--policy-text', `file://${file}`]);
    assert.deepEqual(set, { registryId: ACCOUNT, repositoryName: 'app', policyText: pullPolicy });
    const got = await awsJson(server, ['ecr', 'get-repository-policy', '--repository-name', 'app']);
    assert.equal(got.policyText, pullPolicy);
    const registry = await awsJson(server, ['ecr', 'describe-registry']);
    assert.deepEqual(registry, { registryId: ACCOUNT, replicationConfiguration: { rules: [] } });
    const missing = await awsCli(server, ['ecr', 'get-repository-policy', '--repository-name', 'nope']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /RepositoryNotFoundException/);
  });
});
