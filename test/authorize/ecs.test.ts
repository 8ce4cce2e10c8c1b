// ECS requests are authorized before they act: IAM users (records written into the server's
// Store) are refused with AWS's AccessDeniedException and message, through @aws-sdk/client-ecs,
// while the administrator's root key keeps doing everything.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClustersCommand,
  ECSClient,
  ListClustersCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
} from '@aws-sdk/client-ecs';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ACCOUNT, allow, createGroup, createPolicy, createUser, denied, deny, setInlinePolicies, type TestUser } from './fixture.js';

const CLUSTER = (name: string) => `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/${name}`;
const TASK_DEF = `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/web:1`;

describe('authorization of ECS requests', () => {
  let server: TestServer;
  let root: ECSClient;
  const as = (user: TestUser) => new ECSClient({ ...server.clientConfig, credentials: user.credentials });

  before(async () => {
    server = await startTestServer();
    root = new ECSClient(server.clientConfig);
    await root.send(new CreateClusterCommand({ clusterName: 'allowed' }));
    await root.send(new CreateClusterCommand({ clusterName: 'other' }));
    await root.send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'app', image: 'busybox', memory: 64 }] }));
  });
  after(async () => server.stop());

  it('a user with no policy is denied ecs:ListClusters with AWS\'s implicit-deny message', async () => {
    const user = await createUser(server.services.store, { name: 'nobody' });
    await denied(as(user).send(new ListClustersCommand({})),
      `User: arn:aws:iam::${ACCOUNT}:user/nobody is not authorized to perform: ecs:ListClusters on resource: * because no identity-based policy allows the ecs:ListClusters action`);
  });

  it('an inline policy allows what it names, and an IAM write is seen by the next request', async () => {
    const store = server.services.store;
    const user = await createUser(store, { name: 'lister' });
    const client = as(user);
    await assert.rejects(client.send(new ListClustersCommand({})), { name: 'AccessDeniedException' });
    await setInlinePolicies(store, 'lister', { List: allow('ecs:ListClusters') });
    const out = await client.send(new ListClustersCommand({}));
    assert.deepEqual(out.clusterArns?.sort(), [CLUSTER('allowed'), CLUSTER('other')]);
    await setInlinePolicies(store, 'lister', {});
    await assert.rejects(client.send(new ListClustersCommand({})), { name: 'AccessDeniedException' });
  });

  it('ecs:RunTask allowed only in one cluster (condition ecs:cluster) is denied in another', async () => {
    const user = await createUser(server.services.store, {
      name: 'runner',
      inline: { RunInAllowed: allow('ecs:RunTask', '*', { ArnEquals: { 'ecs:cluster': CLUSTER('allowed') } }) },
    });
    const client = as(user);
    // Authorized: the call reaches the handler, which refuses it (no instance to place on).
    await assert.rejects(client.send(new RunTaskCommand({ cluster: 'allowed', taskDefinition: 'web:1' })),
      { name: 'InvalidParameterException', message: 'No Container Instances were found in your cluster.' });
    await denied(client.send(new RunTaskCommand({ cluster: 'other', taskDefinition: 'web:1' })),
      `User: arn:aws:iam::${ACCOUNT}:user/runner is not authorized to perform: ecs:RunTask on resource: ${TASK_DEF} because no identity-based policy allows the ecs:RunTask action`);
  });

  it('an explicit deny beats an allow, with the explicit-deny wording', async () => {
    const user = await createUser(server.services.store, {
      name: 'careful',
      inline: { All: allow('ecs:*'), NoDelete: deny('ecs:DeleteCluster') },
    });
    const client = as(user);
    await client.send(new DescribeClustersCommand({ clusters: ['other'] }));
    await denied(client.send(new DeleteClusterCommand({ cluster: 'other' })),
      `User: arn:aws:iam::${ACCOUNT}:user/careful is not authorized to perform: ecs:DeleteCluster on resource: ${CLUSTER('other')} with an explicit deny in an identity-based policy`);
    const still = await root.send(new DescribeClustersCommand({ clusters: ['other'] }));
    assert.equal(still.clusters?.[0]?.status, 'ACTIVE');
  });

  it('a permissions boundary narrows what the identity policies allow', async () => {
    const store = server.services.store;
    const boundary = await createPolicy(store, 'ReadOnlyBoundary', allow(['ecs:List*', 'ecs:Describe*']));
    const user = await createUser(store, { name: 'bounded', inline: { All: allow('ecs:*') }, boundary });
    const client = as(user);
    await client.send(new ListClustersCommand({}));
    await denied(client.send(new CreateClusterCommand({ clusterName: 'mine' })),
      `User: arn:aws:iam::${ACCOUNT}:user/bounded is not authorized to perform: ecs:CreateCluster on resource: ${CLUSTER('mine')} because no permissions boundary allows the ecs:CreateCluster action`);
  });

  it('a group\'s attached managed policy applies to its members', async () => {
    const store = server.services.store;
    const arn = await createPolicy(store, 'EcsRead', allow('ecs:Describe*'));
    await createGroup(store, 'readers', { attached: [arn] });
    const member = await createUser(store, { name: 'member', groups: ['readers'] });
    const out = await as(member).send(new DescribeClustersCommand({ clusters: ['allowed'] }));
    assert.equal(out.clusters?.[0]?.clusterName, 'allowed');
    await assert.rejects(as(member).send(new ListClustersCommand({})), { name: 'AccessDeniedException' });
  });

  it('a tag-on-create needs ecs:TagResource as well (the row\'s `also`)', async () => {
    const user = await createUser(server.services.store, { name: 'creator', inline: { Create: allow('ecs:CreateCluster') } });
    const client = as(user);
    await client.send(new CreateClusterCommand({ clusterName: 'untagged' }));
    await denied(client.send(new CreateClusterCommand({ clusterName: 'tagged', tags: [{ key: 'team', value: 'blue' }] })),
      `User: arn:aws:iam::${ACCOUNT}:user/creator is not authorized to perform: ecs:TagResource on resource: ${CLUSTER('tagged')} because no identity-based policy allows the ecs:TagResource action`);
  });

  it('the administrator\'s root key still does everything', async () => {
    await root.send(new CreateClusterCommand({ clusterName: 'root-made', tags: [{ key: 'a', value: 'b' }] }));
    const out = await root.send(new ListClustersCommand({}));
    assert.ok(out.clusterArns?.includes(CLUSTER('root-made')));
    await root.send(new DeleteClusterCommand({ cluster: 'root-made' }));
  });
});
