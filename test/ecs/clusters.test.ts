import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateClusterCommand,
  DeleteAccountSettingCommand,
  DeleteClusterCommand,
  DescribeClustersCommand,
  ECSClient,
  ListClustersCommand,
  paginateListClusters,
  PutAccountSettingDefaultCommand,
  UpdateClusterCommand,
  UpdateClusterSettingsCommand,
} from '@aws-sdk/client-ecs';
import { expectAwsError } from '../helpers/errors.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ARN = 'arn:aws:ecs:us-east-1:000000000000:cluster/';
const INACTIVE = 'The specified cluster is inactive. Specify an active cluster and try again.';
const NAME_RULE = 'Cluster names must be 1 to 255 characters long and contain only letters, numbers, hyphens and underscores.';
const ZERO_COUNTS = { registeredContainerInstancesCount: 0, runningTasksCount: 0, pendingTasksCount: 0, activeServicesCount: 0 };

describe('ECS clusters', () => {
  let server: TestServer;
  let ecs: ECSClient;
  before(async () => {
    server = await startTestServer();
    ecs = new ECSClient(server.clientConfig);
  });
  after(async () => server.stop());

  describe('CreateCluster', () => {
    it('creates "default" when no name is given, with ECS\'s full answer', async () => {
      const { cluster } = await ecs.send(new CreateClusterCommand({}));
      assert.deepEqual(cluster, {
        clusterArn: `${ARN}default`,
        clusterName: 'default',
        status: 'ACTIVE',
        ...ZERO_COUNTS,
        statistics: [],
        tags: [],
        settings: [{ name: 'containerInsights', value: 'disabled' }],
        capacityProviders: [],
        defaultCapacityProviderStrategy: [],
      });
    });

    it('stores and returns tags, settings, configuration, capacity providers and Service Connect defaults', async () => {
      const configuration = {
        executeCommandConfiguration: {
          kmsKeyId: 'key-1',
          logging: 'OVERRIDE' as const,
          logConfiguration: { cloudWatchLogGroupName: '/ecs/exec', cloudWatchEncryptionEnabled: true },
        },
      };
      const { cluster } = await ecs.send(new CreateClusterCommand({
        clusterName: 'full_Cluster-1',
        tags: [{ key: 'team', value: 'web' }, { key: 'empty' }],
        settings: [{ name: 'containerInsights', value: 'enhanced' }],
        configuration,
        capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
        defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 2 }, { capacityProvider: 'FARGATE_SPOT', weight: 3 }],
        serviceConnectDefaults: { namespace: 'internal' },
      }));
      assert.equal(cluster?.clusterArn, `${ARN}full_Cluster-1`);
      assert.deepEqual(cluster?.tags, [{ key: 'team', value: 'web' }, { key: 'empty', value: '' }]);
      assert.deepEqual(cluster?.settings, [{ name: 'containerInsights', value: 'enhanced' }]);
      assert.deepEqual(cluster?.configuration, configuration);
      assert.deepEqual(cluster?.capacityProviders, ['FARGATE', 'FARGATE_SPOT']);
      assert.deepEqual(cluster?.defaultCapacityProviderStrategy, [
        { capacityProvider: 'FARGATE', weight: 1, base: 2 },
        { capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 },
      ]);
      assert.deepEqual(cluster?.serviceConnectDefaults, { namespace: 'internal' });

      const described = await ecs.send(new DescribeClustersCommand({ clusters: ['full_Cluster-1'], include: ['CONFIGURATIONS'] }));
      assert.deepEqual(described.clusters?.[0]?.configuration, configuration);
    });

    it('answers an existing ACTIVE cluster as it is, without creating another', async () => {
      const first = await ecs.send(new CreateClusterCommand({ clusterName: 'twice', tags: [{ key: 'a', value: '1' }] }));
      const second = await ecs.send(new CreateClusterCommand({ clusterName: 'twice', tags: [{ key: 'b', value: '2' }] }));
      assert.deepEqual(second.cluster, first.cluster);
      const arns = await ecs.send(new ListClustersCommand({}));
      assert.equal(arns.clusterArns?.filter((a) => a === `${ARN}twice`).length, 1);
    });

    it('takes containerInsights from the account default when no setting is given', async () => {
      await ecs.send(new PutAccountSettingDefaultCommand({ name: 'containerInsights', value: 'enabled' }));
      try {
        const { cluster } = await ecs.send(new CreateClusterCommand({ clusterName: 'insightful' }));
        assert.deepEqual(cluster?.settings, [{ name: 'containerInsights', value: 'enabled' }]);
        const explicit = await ecs.send(new CreateClusterCommand({
          clusterName: 'blind', settings: [{ name: 'containerInsights', value: 'disabled' }],
        }));
        assert.deepEqual(explicit.cluster?.settings, [{ name: 'containerInsights', value: 'disabled' }]);
      } finally {
        await ecs.send(new DeleteAccountSettingCommand({ name: 'containerInsights', principalArn: 'arn:aws:iam::000000000000:root' }));
      }
    });

    for (const bad of ['has space', 'dot.name', 'x'.repeat(256), 'slash/name']) {
      it(`rejects the cluster name ${JSON.stringify(bad.slice(0, 20))}`, async () => {
        await expectAwsError(ecs.send(new CreateClusterCommand({ clusterName: bad })), { name: 'InvalidParameterException', message: NAME_RULE });
      });
    }

    it('accepts a 255-character name', async () => {
      const { cluster } = await ecs.send(new CreateClusterCommand({ clusterName: 'n'.repeat(255) }));
      assert.equal(cluster?.clusterName?.length, 255);
    });

    it('rejects unknown cluster settings and values', async () => {
      await expectAwsError(ecs.send(new CreateClusterCommand({ clusterName: 'bad-setting', settings: [{ name: 'other' as 'containerInsights', value: 'enabled' }] })),
        { name: 'InvalidParameterException', message: "Invalid setting 'name'" });
      await expectAwsError(ecs.send(new CreateClusterCommand({ clusterName: 'bad-setting', settings: [{ name: 'containerInsights', value: 'on' }] })),
        { name: 'InvalidParameterException', message: "Invalid setting 'value'" });
      const described = await ecs.send(new DescribeClustersCommand({ clusters: ['bad-setting'] }));
      assert.equal(described.clusters?.length, 0);
    });

    it('rejects a strategy naming a provider the cluster does not have', async () => {
      await expectAwsError(ecs.send(new CreateClusterCommand({
        clusterName: 'bad-strategy',
        capacityProviders: ['FARGATE'],
        defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      })), {
        name: 'InvalidParameterException',
        message: 'The capacity provider FARGATE_SPOT is not associated with the cluster. Add it to capacityProviders first.',
      });
    });

    it('rejects OVERRIDE logging without a logConfiguration', async () => {
      await expectAwsError(ecs.send(new CreateClusterCommand({
        clusterName: 'bad-config',
        configuration: { executeCommandConfiguration: { logging: 'OVERRIDE' } },
      })), { name: 'InvalidParameterException', message: 'A logConfiguration must be provided when logging is set to OVERRIDE.' });
    });

    it('rejects reserved tag keys and creates nothing', async () => {
      await expectAwsError(ecs.send(new CreateClusterCommand({ clusterName: 'bad-tags', tags: [{ key: 'aws:owner', value: 'x' }] })),
        { name: 'InvalidParameterException', message: 'Tag keys beginning with "aws:" are reserved for AWS use.' });
      const described = await ecs.send(new DescribeClustersCommand({ clusters: ['bad-tags'] }));
      assert.deepEqual(described.failures, [{ arn: `${ARN}bad-tags`, reason: 'MISSING' }]);
    });
  });

  describe('DescribeClusters', () => {
    before(async () => {
      await ecs.send(new CreateClusterCommand({
        clusterName: 'described',
        tags: [{ key: 'env', value: 'test' }],
        settings: [{ name: 'containerInsights', value: 'enabled' }],
        configuration: { executeCommandConfiguration: { logging: 'NONE' } },
      }));
    });

    it('describes the default cluster when none is named', async () => {
      const out = await ecs.send(new DescribeClustersCommand({}));
      assert.deepEqual(out.clusters?.map((c) => c.clusterArn), [`${ARN}default`]);
      assert.deepEqual(out.failures, []);
    });

    it('accepts names and ARNs, and lists unknown clusters as MISSING failures', async () => {
      const out = await ecs.send(new DescribeClustersCommand({
        clusters: ['described', `${ARN}described`, 'ghost', `${ARN}phantom`, 'arn:aws:ecs:eu-west-1:000000000000:cluster/described'],
      }));
      assert.deepEqual(out.clusters?.map((c) => c.clusterName), ['described', 'described']);
      assert.deepEqual(out.failures, [
        { arn: `${ARN}ghost`, reason: 'MISSING' },
        { arn: `${ARN}phantom`, reason: 'MISSING' },
        { arn: 'arn:aws:ecs:eu-west-1:000000000000:cluster/described', reason: 'MISSING' },
      ]);
    });

    it('leaves the optional fields empty unless they are included', async () => {
      const { clusters } = await ecs.send(new DescribeClustersCommand({ clusters: ['described'] }));
      assert.deepEqual(clusters?.[0], {
        clusterArn: `${ARN}described`,
        clusterName: 'described',
        status: 'ACTIVE',
        ...ZERO_COUNTS,
        statistics: [],
        tags: [],
        settings: [],
        capacityProviders: [],
        defaultCapacityProviderStrategy: [],
      });
    });

    it('includes tags, settings, configuration, statistics and attachments when asked', async () => {
      const { clusters } = await ecs.send(new DescribeClustersCommand({
        clusters: ['described'],
        include: ['TAGS', 'SETTINGS', 'CONFIGURATIONS', 'STATISTICS', 'ATTACHMENTS'],
      }));
      const c = clusters?.[0];
      assert.deepEqual(c?.tags, [{ key: 'env', value: 'test' }]);
      assert.deepEqual(c?.settings, [{ name: 'containerInsights', value: 'enabled' }]);
      assert.deepEqual(c?.configuration, { executeCommandConfiguration: { logging: 'NONE' } });
      assert.deepEqual(c?.attachments, []);
      const stats = new Map(c?.statistics?.map((s) => [s.name, s.value]));
      for (const name of ['runningEC2TasksCount', 'runningFargateTasksCount', 'pendingEC2TasksCount', 'pendingFargateTasksCount',
        'activeEC2ServiceCount', 'activeFargateServiceCount', 'drainingEC2ServiceCount', 'drainingFargateServiceCount']) {
        assert.equal(stats.get(name), '0', name);
      }
    });

    it('includes only the field asked for', async () => {
      const { clusters } = await ecs.send(new DescribeClustersCommand({ clusters: ['described'], include: ['SETTINGS'] }));
      assert.deepEqual(clusters?.[0]?.settings, [{ name: 'containerInsights', value: 'enabled' }]);
      assert.deepEqual(clusters?.[0]?.tags, []);
      assert.equal(clusters?.[0]?.configuration, undefined);
      assert.equal(clusters?.[0]?.attachments, undefined);
    });

    it('rejects an unknown include value', async () => {
      await expectAwsError(ecs.send(new DescribeClustersCommand({ clusters: ['described'], include: ['EVERYTHING' as 'TAGS'] })), {
        name: 'InvalidParameterException',
        message: 'Invalid value for include: EVERYTHING. Valid values are ATTACHMENTS, CONFIGURATIONS, SETTINGS, STATISTICS, TAGS.',
      });
    });
  });

  describe('UpdateCluster and UpdateClusterSettings', () => {
    before(async () => {
      await ecs.send(new CreateClusterCommand({
        clusterName: 'updated',
        tags: [{ key: 'keep', value: 'me' }],
        configuration: { managedStorageConfiguration: { kmsKeyId: 'storage-key' } },
      }));
    });

    it('UpdateCluster changes settings, configuration and Service Connect defaults, keeping the rest', async () => {
      const { cluster } = await ecs.send(new UpdateClusterCommand({
        cluster: `${ARN}updated`,
        settings: [{ name: 'containerInsights', value: 'enhanced' }],
        configuration: { executeCommandConfiguration: { logging: 'DEFAULT' } },
        serviceConnectDefaults: { namespace: 'shop' },
      }));
      assert.equal(cluster?.status, 'ACTIVE');
      assert.deepEqual(cluster?.settings, [{ name: 'containerInsights', value: 'enhanced' }]);
      assert.deepEqual(cluster?.configuration, {
        managedStorageConfiguration: { kmsKeyId: 'storage-key' },
        executeCommandConfiguration: { logging: 'DEFAULT' },
      });
      assert.deepEqual(cluster?.serviceConnectDefaults, { namespace: 'shop' });
      assert.deepEqual(cluster?.tags, [{ key: 'keep', value: 'me' }]);
    });

    it('UpdateCluster with an empty namespace removes the Service Connect defaults', async () => {
      const { cluster } = await ecs.send(new UpdateClusterCommand({ cluster: 'updated', serviceConnectDefaults: { namespace: '' } }));
      assert.equal(cluster?.serviceConnectDefaults, undefined);
      const { clusters } = await ecs.send(new DescribeClustersCommand({ clusters: ['updated'] }));
      assert.equal(clusters?.[0]?.serviceConnectDefaults, undefined);
    });

    it('UpdateClusterSettings replaces containerInsights and DescribeClusters shows it', async () => {
      const { cluster } = await ecs.send(new UpdateClusterSettingsCommand({
        cluster: 'updated', settings: [{ name: 'containerInsights', value: 'disabled' }],
      }));
      assert.deepEqual(cluster?.settings, [{ name: 'containerInsights', value: 'disabled' }]);
      const { clusters } = await ecs.send(new DescribeClustersCommand({ clusters: ['updated'], include: ['SETTINGS'] }));
      assert.deepEqual(clusters?.[0]?.settings, [{ name: 'containerInsights', value: 'disabled' }]);
    });

    it('answers ClusterNotFoundException for a cluster that does not exist', async () => {
      const expected = { name: 'ClusterNotFoundException', message: 'Cluster not found.' };
      await expectAwsError(ecs.send(new UpdateClusterCommand({ cluster: 'nowhere', settings: [] })), expected);
      await expectAwsError(ecs.send(new UpdateClusterSettingsCommand({
        cluster: 'nowhere', settings: [{ name: 'containerInsights', value: 'enabled' }],
      })), expected);
    });

    it('rejects an invalid setting value and leaves the cluster as it was', async () => {
      await expectAwsError(ecs.send(new UpdateClusterSettingsCommand({
        cluster: 'updated', settings: [{ name: 'containerInsights', value: 'maybe' }],
      })), { name: 'InvalidParameterException', message: "Invalid setting 'value'" });
      const { clusters } = await ecs.send(new DescribeClustersCommand({ clusters: ['updated'], include: ['SETTINGS'] }));
      assert.deepEqual(clusters?.[0]?.settings, [{ name: 'containerInsights', value: 'disabled' }]);
    });
  });

  describe('DeleteCluster', () => {
    it('marks the cluster INACTIVE: still describable, no longer listed, not updatable', async () => {
      await ecs.send(new CreateClusterCommand({ clusterName: 'doomed', tags: [{ key: 'k', value: 'v' }] }));
      const { cluster } = await ecs.send(new DeleteClusterCommand({ cluster: 'doomed' }));
      assert.equal(cluster?.status, 'INACTIVE');
      assert.equal(cluster?.clusterArn, `${ARN}doomed`);
      assert.equal(cluster?.activeServicesCount, 0);

      const described = await ecs.send(new DescribeClustersCommand({ clusters: ['doomed'], include: ['TAGS'] }));
      assert.equal(described.clusters?.[0]?.status, 'INACTIVE');
      assert.deepEqual(described.clusters?.[0]?.tags, [], 'the tags go with the deleted cluster');
      assert.deepEqual(described.failures, []);

      const listed = await ecs.send(new ListClustersCommand({}));
      assert.ok(!listed.clusterArns?.includes(`${ARN}doomed`));

      await expectAwsError(ecs.send(new UpdateClusterSettingsCommand({
        cluster: 'doomed', settings: [{ name: 'containerInsights', value: 'enabled' }],
      })), { name: 'InvalidParameterException', message: INACTIVE });
    });

    it('deleting an INACTIVE cluster answers it again', async () => {
      await ecs.send(new CreateClusterCommand({ clusterName: 'gone-twice' }));
      await ecs.send(new DeleteClusterCommand({ cluster: 'gone-twice' }));
      const { cluster } = await ecs.send(new DeleteClusterCommand({ cluster: `${ARN}gone-twice` }));
      assert.equal(cluster?.status, 'INACTIVE');
    });

    it('a later CreateCluster of the same name makes it ACTIVE again, fresh', async () => {
      await ecs.send(new CreateClusterCommand({ clusterName: 'phoenix', tags: [{ key: 'old', value: '1' }] }));
      await ecs.send(new DeleteClusterCommand({ cluster: 'phoenix' }));
      const { cluster } = await ecs.send(new CreateClusterCommand({ clusterName: 'phoenix', tags: [{ key: 'new', value: '2' }] }));
      assert.equal(cluster?.status, 'ACTIVE');
      assert.deepEqual(cluster?.tags, [{ key: 'new', value: '2' }]);
      const listed = await ecs.send(new ListClustersCommand({}));
      assert.ok(listed.clusterArns?.includes(`${ARN}phoenix`));
    });

    it('answers ClusterNotFoundException for a cluster that never existed', async () => {
      await expectAwsError(ecs.send(new DeleteClusterCommand({ cluster: 'never' })), { name: 'ClusterNotFoundException', message: 'Cluster not found.' });
    });
  });
});

describe('ECS ListClusters', () => {
  let server: TestServer;
  let ecs: ECSClient;
  const names = ['c-01', 'c-02', 'c-03', 'c-04', 'c-05', 'c-06', 'c-07'];
  before(async () => {
    server = await startTestServer();
    ecs = new ECSClient(server.clientConfig);
    for (const clusterName of [...names, 'c-deleted']) await ecs.send(new CreateClusterCommand({ clusterName }));
    await ecs.send(new DeleteClusterCommand({ cluster: 'c-deleted' }));
  });
  after(async () => server.stop());

  it('lists the ARNs of ACTIVE clusters', async () => {
    const out = await ecs.send(new ListClustersCommand({}));
    assert.deepEqual(out.clusterArns, names.map((n) => `${ARN}${n}`));
    assert.equal(out.nextToken, undefined);
  });

  it('pages with maxResults and nextToken, through paginateListClusters', async () => {
    const pages: string[][] = [];
    for await (const page of paginateListClusters({ client: ecs, pageSize: 3 }, {})) pages.push(page.clusterArns ?? []);
    assert.deepEqual(pages.map((p) => p.length), [3, 3, 1]);
    assert.deepEqual(pages.flat(), names.map((n) => `${ARN}${n}`));
  });

  it('rejects maxResults outside 1..100', async () => {
    for (const maxResults of [0, 101]) {
      await expectAwsError(ecs.send(new ListClustersCommand({ maxResults })), {
        name: 'InvalidParameterException', message: 'maxResults must be between 1 and 100.',
      });
    }
  });

  it('rejects a nextToken it did not issue', async () => {
    await expectAwsError(ecs.send(new ListClustersCommand({ nextToken: 'not-a-token' })), {
      name: 'InvalidParameterException', message: 'Invalid token: the nextToken is not one this service issued.',
    });
  });
});
