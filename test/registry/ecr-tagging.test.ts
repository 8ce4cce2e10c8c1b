// ECR resource tags on repositories through @aws-sdk/client-ecr and the AWS CLI: TagResource,
// UntagResource and ListTagsForResource, with ECR's errors for bad ARNs, keys and counts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateRepositoryCommand, ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand, type ECRClient,
} from '@aws-sdk/client-ecr';
import { awsJson } from '../helpers/awsCli.js';
import { expectAwsError } from '../helpers/errors.js';
import { ecrClient } from '../helpers/registry.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const arnOf = (name: string) => `arn:aws:ecr:us-east-1:000000000000:repository/${name}`;

describe('ECR resource tagging', () => {
  let server: TestServer;
  let ecr: ECRClient;
  let arn: string;
  before(async () => {
    server = await startTestServer();
    ecr = ecrClient(server);
    const out = await ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/api', tags: [{ Key: 'env', Value: 'test' }] }));
    arn = out.repository?.repositoryArn ?? '';
    assert.equal(arn, arnOf('team/api'));
  });
  after(async () => server.stop());

  const tagsOf = async (resourceArn: string) => (await ecr.send(new ListTagsForResourceCommand({ resourceArn }))).tags;

  it('lists the tags a repository was created with', async () => {
    assert.deepEqual(await tagsOf(arn), [{ Key: 'env', Value: 'test' }]);
  });

  it('adds tags and overwrites the values of existing keys', async () => {
    await ecr.send(new TagResourceCommand({ resourceArn: arn, tags: [{ Key: 'team', Value: 'core' }, { Key: 'env', Value: 'prod' }] }));
    assert.deepEqual(await tagsOf(arn), [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'core' }]);
  });

  it('removes tags by key, ignoring keys it does not have', async () => {
    await ecr.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['env', 'absent'] }));
    assert.deepEqual(await tagsOf(arn), [{ Key: 'team', Value: 'core' }]);
  });

  it('refuses ARNs that are not repository ARNs, and repositories that do not exist', async () => {
    const invalid = { name: 'InvalidParameterException', message: "Invalid parameter at 'resourceArn' failed to satisfy constraint: 'Invalid ARN'" };
    for (const resourceArn of ['invalid', 'arn:aws:ecs:us-east-1:000000000000:cluster/x', 'arn:aws:ecr:us-east-1:000000000000:repository/']) {
      await expectAwsError(ecr.send(new ListTagsForResourceCommand({ resourceArn })), invalid);
      await expectAwsError(ecr.send(new TagResourceCommand({ resourceArn, tags: [] })), invalid);
      await expectAwsError(ecr.send(new UntagResourceCommand({ resourceArn, tagKeys: ['a'] })), invalid);
    }
    const missing = { name: 'RepositoryNotFoundException', message: "The repository with name 'ghost' does not exist in the registry with id '000000000000'" };
    await expectAwsError(ecr.send(new ListTagsForResourceCommand({ resourceArn: arnOf('ghost') })), missing);
    await expectAwsError(ecr.send(new TagResourceCommand({ resourceArn: arnOf('ghost'), tags: [{ Key: 'a', Value: 'b' }] })), missing);
    await expectAwsError(ecr.send(new UntagResourceCommand({ resourceArn: arnOf('ghost'), tagKeys: ['a'] })), missing);
    await expectAwsError(ecr.send(new ListTagsForResourceCommand({ resourceArn: 'arn:aws:ecr:us-east-1:111111111111:repository/team/api' })), {
      name: 'RepositoryNotFoundException', message: "The repository with name 'team/api' does not exist in the registry with id '111111111111'",
    });
  });

  it('keeps to 50 tags and refuses reserved or oversized keys', async () => {
    const many = Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: String(i) }));
    await ecr.send(new TagResourceCommand({ resourceArn: arn, tags: many }));
    assert.equal((await tagsOf(arn))?.length, 50);
    await ecr.send(new TagResourceCommand({ resourceArn: arn, tags: [{ Key: 'k0', Value: 'overwritten' }] }));
    await expectAwsError(ecr.send(new TagResourceCommand({ resourceArn: arn, tags: [{ Key: 'one-too-many', Value: 'x' }] })), {
      name: 'TooManyTagsException', message: 'Number of tags exceeds the limit of 50.',
    });
    assert.equal((await tagsOf(arn))?.length, 50, 'a refused TagResource changes nothing');
    await expectAwsError(ecr.send(new TagResourceCommand({ resourceArn: arn, tags: [{ Key: 'aws:owner', Value: 'x' }] })), { name: 'InvalidTagParameterException' });
    await expectAwsError(ecr.send(new TagResourceCommand({ resourceArn: arn, tags: [{ Key: 'k'.repeat(129), Value: 'x' }] })), { name: 'InvalidTagParameterException' });
    await expectAwsError(ecr.send(new TagResourceCommand({ resourceArn: arn, tags: [{ Key: 'long', Value: 'v'.repeat(257) }] })), { name: 'InvalidTagParameterException' });
    await expectAwsError(ecr.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['aws:owner'] })), { name: 'InvalidTagParameterException' });
    await ecr.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: many.map((t) => t.Key) }));
    assert.deepEqual(await tagsOf(arn), [{ Key: 'team', Value: 'core' }]);
  });

  it('tags, lists and untags with the AWS CLI', async () => {
    await awsJson(server, ['ecr', 'create-repository', '--repository-name', 'cli-tags']);
    const cliArn = arnOf('cli-tags');
    await awsJson(server, ['ecr', 'tag-resource', '--resource-arn', cliArn, '--tags', 'Key=owner,Value=ops', 'Key=tier,Value=web']);
    assert.deepEqual(await awsJson(server, ['ecr', 'list-tags-for-resource', '--resource-arn', cliArn]), {
      tags: [{ Key: 'owner', Value: 'ops' }, { Key: 'tier', Value: 'web' }],
    });
    await awsJson(server, ['ecr', 'untag-resource', '--resource-arn', cliArn, '--tag-keys', 'owner']);
    assert.deepEqual(await awsJson(server, ['ecr', 'list-tags-for-resource', '--resource-arn', cliArn]), { tags: [{ Key: 'tier', Value: 'web' }] });
  });
});
