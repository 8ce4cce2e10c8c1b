// The agent's session is authorized as ECS authorizes an agent: the principal behind the signed
// upgrade needs ecs:Poll on its container instance (with ecs:cluster), which the managed policy
// AmazonEC2ContainerServiceforEC2Role grants. A scripted agent registers through the ECS SDK and
// opens a real session; a refused one gets 403 AccessDeniedException with AWS's message.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import { refusedAsDeregistered } from '../../src/agent/session.js';
import { expectRefusal, registerInstance, ScriptedAgent, signedUpgrade } from '../helpers/scriptedAgent.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ACCOUNT, allow, createUser } from './fixture.js';

const EC2_ROLE_POLICY = 'arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role';
const CLUSTER = 'agents';
const CLUSTER_ARN = (name: string) => `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/${name}`;

describe('authorization of the agent\'s session', () => {
  let server: TestServer;
  let root: ECSClient;

  before(async () => {
    server = await startTestServer();
    root = new ECSClient(server.clientConfig);
    await root.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    await root.send(new CreateClusterCommand({ clusterName: 'elsewhere' }));
  });
  after(async () => server.stop());

  it('a user with AmazonEC2ContainerServiceforEC2Role registers its instance and its session is admitted', async () => {
    const user = await createUser(server.services.store, { name: 'instance-role', attached: [EC2_ROLE_POLICY] });
    const ecs = new ECSClient({ ...server.clientConfig, credentials: user.credentials });
    const arn = await registerInstance(ecs, { cluster: CLUSTER });
    const agent = await ScriptedAgent.connect({ endpoint: server.url, credentials: user.credentials, cluster: CLUSTER, containerInstanceArn: arn });
    assert.equal(agent.received[0]?.type, 'welcome');
    await agent.close();
  });

  it('a user without it is refused at the upgrade with 403 AccessDeniedException naming ecs:Poll on the instance', async () => {
    const arn = await registerInstance(root, { cluster: CLUSTER });
    const user = await createUser(server.services.store, { name: 'no-agent' });
    const upgrade = await signedUpgrade(server.url, user.credentials, { cluster: CLUSTER, containerInstance: arn });
    const refusal = await expectRefusal(upgrade.url, upgrade.headers);
    assert.equal(refusal.status, 403);
    assert.equal(refusal.body.__type, 'AccessDeniedException');
    assert.equal(refusal.body.message,
      `User: arn:aws:iam::${ACCOUNT}:user/no-agent is not authorized to perform: ecs:Poll on resource: ${arn} because no identity-based policy allows the ecs:Poll action`);
    // The Wharf agent treats only an unregistered instance as final: it keeps retrying this one.
    assert.equal(refusedAsDeregistered(refusal.status, JSON.stringify(refusal.body)), undefined);
  });

  it('ecs:Poll allowed in another cluster only (ecs:cluster) does not admit the session', async () => {
    const arn = await registerInstance(root, { cluster: CLUSTER });
    const user = await createUser(server.services.store, {
      name: 'other-cluster',
      inline: { Agent: allow(['ecs:Poll', 'ecs:DiscoverPollEndpoint', 'ecs:Submit*'], '*', { ArnEquals: { 'ecs:cluster': CLUSTER_ARN('elsewhere') } }) },
    });
    const upgrade = await signedUpgrade(server.url, user.credentials, { cluster: CLUSTER, containerInstance: arn });
    const refusal = await expectRefusal(upgrade.url, upgrade.headers);
    assert.equal(refusal.status, 403);
    assert.equal(refusal.body.__type, 'AccessDeniedException');
    assert.match(refusal.body.message ?? '', /not authorized to perform: ecs:Poll on resource: /);
  });

  it('a refused principal learns nothing of whether the cluster exists', async () => {
    const user = await createUser(server.services.store, { name: 'prober' });
    const upgrade = await signedUpgrade(server.url, user.credentials, { cluster: 'no-such', containerInstance: 'ffffffffffffffffffffffffffffffff' });
    const refusal = await expectRefusal(upgrade.url, upgrade.headers);
    assert.equal(refusal.status, 403);
    assert.equal(refusal.body.__type, 'AccessDeniedException');
  });
});
