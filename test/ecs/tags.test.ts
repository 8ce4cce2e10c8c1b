import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClustersCommand,
  ECSClient,
  ListTagsForResourceCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-ecs';
import { expectAwsError } from '../helpers/errors.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ECS_ARN = 'arn:aws:ecs:us-east-1:000000000000:';
const INVALID_ARN = { name: 'InvalidParameterException', message: 'The ARN provided is invalid.' };

describe('ECS tagging', () => {
  let server: TestServer;
  let ecs: ECSClient;
  const list = async (resourceArn: string) => (await ecs.send(new ListTagsForResourceCommand({ resourceArn }))).tags;

  before(async () => {
    server = await startTestServer();
    ecs = new ECSClient(server.clientConfig);
  });
  after(async () => server.stop());

  describe('clusters', () => {
    const arn = `${ECS_ARN}cluster/tagged`;
    before(async () => {
      await ecs.send(new CreateClusterCommand({ clusterName: 'tagged', tags: [{ key: 'team', value: 'web' }] }));
    });

    it('lists the tags a cluster was created with', async () => {
      assert.deepEqual(await list(arn), [{ key: 'team', value: 'web' }]);
    });

    it('TagResource adds tags and overwrites the value of an existing key', async () => {
      await ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'team', value: 'api' }, { key: 'env', value: 'prod' }] }));
      assert.deepEqual(await list(arn), [{ key: 'team', value: 'api' }, { key: 'env', value: 'prod' }]);
      const { clusters } = await ecs.send(new DescribeClustersCommand({ clusters: ['tagged'], include: ['TAGS'] }));
      assert.deepEqual(clusters?.[0]?.tags, [{ key: 'team', value: 'api' }, { key: 'env', value: 'prod' }]);
    });

    it('UntagResource removes the keys named and ignores keys it does not have', async () => {
      await ecs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team', 'absent'] }));
      assert.deepEqual(await list(arn), [{ key: 'env', value: 'prod' }]);
    });

    it('keeps at most 50 tags, counting the ones already there', async () => {
      await ecs.send(new CreateClusterCommand({ clusterName: 'crowded' }));
      const crowded = `${ECS_ARN}cluster/crowded`;
      const tags = Array.from({ length: 49 }, (_, i) => ({ key: `k${i}`, value: String(i) }));
      await ecs.send(new TagResourceCommand({ resourceArn: crowded, tags }));
      await ecs.send(new TagResourceCommand({ resourceArn: crowded, tags: [{ key: 'k0', value: 'again' }, { key: 'k49', value: '49' }] }));
      assert.equal((await list(crowded))?.length, 50);
      await expectAwsError(ecs.send(new TagResourceCommand({ resourceArn: crowded, tags: [{ key: 'one-too-many', value: 'x' }] })), {
        name: 'InvalidParameterException', message: 'A resource can have at most 50 tags.',
      });
      assert.equal((await list(crowded))?.length, 50);
    });

    it('rejects tags that break ECS\'s rules and changes nothing', async () => {
      const cases = [
        { tags: [{ key: 'aws:internal', value: 'x' }], message: 'Tag keys beginning with "aws:" are reserved for AWS use.' },
        { tags: [{ key: 'k'.repeat(129), value: 'x' }], message: 'Tag keys must be between 1 and 128 characters.' },
        { tags: [{ key: 'ok', value: 'v'.repeat(257) }], message: 'Tag values must be at most 256 characters.' },
        { tags: [{ key: 'semi;colon', value: 'x' }], message: 'Tag keys and values may only contain letters, numbers, spaces and _ . : / = + - @.' },
      ];
      for (const c of cases) {
        await expectAwsError(ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'fine', value: 'y' }, ...c.tags] })), {
          name: 'InvalidParameterException', message: c.message,
        });
      }
      assert.deepEqual(await list(arn), [{ key: 'env', value: 'prod' }]);
    });

    it('answers ClusterNotFoundException for a cluster that does not exist', async () => {
      const ghost = `${ECS_ARN}cluster/ghost`;
      const expected = { name: 'ClusterNotFoundException', message: 'Cluster not found.' };
      await expectAwsError(ecs.send(new TagResourceCommand({ resourceArn: ghost, tags: [{ key: 'a', value: 'b' }] })), expected);
      await expectAwsError(ecs.send(new UntagResourceCommand({ resourceArn: ghost, tagKeys: ['a'] })), expected);
      await expectAwsError(ecs.send(new ListTagsForResourceCommand({ resourceArn: ghost })), expected);
    });

    it('refuses a deleted (INACTIVE) cluster, whose tags are gone', async () => {
      await ecs.send(new CreateClusterCommand({ clusterName: 'retired', tags: [{ key: 'a', value: 'b' }] }));
      await ecs.send(new DeleteClusterCommand({ cluster: 'retired' }));
      const retired = `${ECS_ARN}cluster/retired`;
      const expected = { name: 'InvalidParameterException', message: 'The specified cluster is inactive. Specify an active cluster and try again.' };
      await expectAwsError(ecs.send(new ListTagsForResourceCommand({ resourceArn: retired })), expected);
      await expectAwsError(ecs.send(new TagResourceCommand({ resourceArn: retired, tags: [{ key: 'c', value: 'd' }] })), expected);
      await ecs.send(new CreateClusterCommand({ clusterName: 'retired' }));
      assert.deepEqual(await list(retired), []);
    });
  });

  describe('task definitions', () => {
    let arn = '';
    before(async () => {
      const out = await ecs.send(new RegisterTaskDefinitionCommand({
        family: 'tagged-web',
        containerDefinitions: [{ name: 'web', image: 'nginx:alpine', memory: 64 }],
      }));
      arn = out.taskDefinition?.taskDefinitionArn ?? '';
      assert.equal(arn, `${ECS_ARN}task-definition/tagged-web:1`);
    });

    it('tags, lists and untags a task definition revision', async () => {
      await ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'owner', value: 'alice' }, { key: 'tier', value: 'front' }] }));
      assert.deepEqual(await list(arn), [{ key: 'owner', value: 'alice' }, { key: 'tier', value: 'front' }]);
      await ecs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['owner'] }));
      assert.deepEqual(await list(arn), [{ key: 'tier', value: 'front' }]);
    });

    it('answers ResourceNotFoundException for a revision that does not exist', async () => {
      const missing = `${ECS_ARN}task-definition/tagged-web:99`;
      const expected = { name: 'ResourceNotFoundException', message: 'The specified task definition does not exist.' };
      await expectAwsError(ecs.send(new TagResourceCommand({ resourceArn: missing, tags: [{ key: 'a', value: 'b' }] })), expected);
      await expectAwsError(ecs.send(new ListTagsForResourceCommand({ resourceArn: missing })), expected);
    });

    it('needs the revision in the ARN', async () => {
      await expectAwsError(ecs.send(new ListTagsForResourceCommand({ resourceArn: `${ECS_ARN}task-definition/tagged-web` })), INVALID_ARN);
    });
  });

  describe('ARNs that name no ECS resource', () => {
    const bad = [
      'not-an-arn',
      'arn:aws:ecr:us-east-1:000000000000:repository/web',
      'arn:aws:ecs:us-east-1:000000000000:widget/thing',
      'arn:aws:ecs:us-east-1:000000000000:cluster/',
      'arn:aws:ecs:us-east-1:111111111111:cluster/tagged',
      'arn:aws:ecs:eu-west-1:000000000000:cluster/tagged',
    ];
    for (const resourceArn of bad) {
      it(`rejects ${resourceArn}`, async () => {
        await expectAwsError(ecs.send(new ListTagsForResourceCommand({ resourceArn })), INVALID_ARN);
        await expectAwsError(ecs.send(new TagResourceCommand({ resourceArn, tags: [{ key: 'a', value: 'b' }] })), INVALID_ARN);
        await expectAwsError(ecs.send(new UntagResourceCommand({ resourceArn, tagKeys: ['a'] })), INVALID_ARN);
      });
    }

    it('answers ResourceNotFoundException for ECS resources that do not exist yet', async () => {
      await expectAwsError(ecs.send(new ListTagsForResourceCommand({ resourceArn: `${ECS_ARN}service/tagged/web` })), {
        name: 'ResourceNotFoundException', message: 'The specified resource was not found.',
      });
    });
  });
});
