// iam:PassRole where a role is handed to ECS: a task definition's roles and RunTask's overrides
// are passed to ecs-tasks.amazonaws.com, a service's role to ecs.amazonaws.com. Through
// @aws-sdk/client-ecs against a real test server, with IAM users written into its Store.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateClusterCommand, CreateServiceCommand, ECSClient, RegisterTaskDefinitionCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ACCOUNT, allow, createUser, denied, type PolicyDoc, type TestUser } from './fixture.js';

const ROLE = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const USER = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const containers = [{ name: 'app', image: 'busybox', memory: 64 }];

/** iam:PassRole on `role`, only when passed to `service`. */
function passTo(role: string, service: string): PolicyDoc {
  return allow('iam:PassRole', role, { StringEquals: { 'iam:PassedToService': service } });
}

function passRoleDenied(user: string, role: string): string {
  return `User: ${USER(user)} is not authorized to perform: iam:PassRole on resource: ${role} because no identity-based policy allows the iam:PassRole action`;
}

describe('iam:PassRole for the roles handed to ECS', () => {
  let server: TestServer;
  let root: ECSClient;
  const as = (user: TestUser) => new ECSClient({ ...server.clientConfig, credentials: user.credentials });

  before(async () => {
    server = await startTestServer();
    root = new ECSClient(server.clientConfig);
    await root.send(new CreateClusterCommand({ clusterName: 'pass' }));
    await root.send(new RegisterTaskDefinitionCommand({ family: 'plain', containerDefinitions: containers }));
  });
  after(async () => server.stop());

  it('a task role needs iam:PassRole to ecs-tasks.amazonaws.com; a grant for another service does not count', async () => {
    const register = allow('ecs:RegisterTaskDefinition');
    const user = await createUser(server.services.store, { name: 'registrar', inline: { Register: register } });
    const withRole = new RegisterTaskDefinitionCommand({ family: 'roled', taskRoleArn: ROLE('app'), containerDefinitions: containers });
    await denied(as(user).send(withRole), passRoleDenied('registrar', ROLE('app')));

    const ec2Only = await createUser(server.services.store, {
      name: 'ec2-passer', inline: { Register: register, Pass: passTo(ROLE('app'), 'ec2.amazonaws.com') },
    });
    await denied(as(ec2Only).send(withRole), passRoleDenied('ec2-passer', ROLE('app')));

    const passer = await createUser(server.services.store, {
      name: 'passer', inline: { Register: register, Pass: passTo(ROLE('app'), 'ecs-tasks.amazonaws.com') },
    });
    const out = await as(passer).send(withRole);
    assert.equal(out.taskDefinition?.taskRoleArn, ROLE('app'));
  });

  it('each role is checked: an execution role not granted is refused by its own ARN', async () => {
    const user = await createUser(server.services.store, {
      name: 'half', inline: { Register: allow('ecs:RegisterTaskDefinition'), Pass: passTo(ROLE('app'), 'ecs-tasks.amazonaws.com') },
    });
    await denied(as(user).send(new RegisterTaskDefinitionCommand({
      family: 'both', taskRoleArn: ROLE('app'), executionRoleArn: ROLE('exec'), containerDefinitions: containers,
    })), passRoleDenied('half', ROLE('exec')));
  });

  it('a definition that names no role needs no iam:PassRole', async () => {
    const user = await createUser(server.services.store, { name: 'roleless', inline: { Register: allow('ecs:RegisterTaskDefinition') } });
    const out = await as(user).send(new RegisterTaskDefinitionCommand({ family: 'roleless', containerDefinitions: containers }));
    assert.equal(out.taskDefinition?.revision, 1);
  });

  it('RunTask\'s overriding task role is passed too', async () => {
    const user = await createUser(server.services.store, { name: 'overrider', inline: { Run: allow('ecs:RunTask') } });
    await denied(as(user).send(new RunTaskCommand({ cluster: 'pass', taskDefinition: 'plain:1', overrides: { taskRoleArn: ROLE('app') } })),
      passRoleDenied('overrider', ROLE('app')));
    // Without the override the call is authorized and reaches the handler (no instance to place on).
    await assert.rejects(as(user).send(new RunTaskCommand({ cluster: 'pass', taskDefinition: 'plain:1' })), { name: 'InvalidParameterException' });
  });

  it('a service\'s role given by name is passed as its ARN, to ecs.amazonaws.com', async () => {
    const create = allow('ecs:CreateService');
    const user = await createUser(server.services.store, { name: 'deployer', inline: { Create: create, Pass: passTo(ROLE('ecsServiceRole'), 'ecs-tasks.amazonaws.com') } });
    const withRole = new CreateServiceCommand({ cluster: 'pass', serviceName: 'web', taskDefinition: 'plain:1', desiredCount: 0, role: 'ecsServiceRole' });
    await denied(as(user).send(withRole), passRoleDenied('deployer', ROLE('ecsServiceRole')));
    const allowed = await createUser(server.services.store, { name: 'deployer2', inline: { Create: create, Pass: passTo(ROLE('ecsServiceRole'), 'ecs.amazonaws.com') } });
    const out = await as(allowed).send(withRole);
    assert.equal(out.service?.roleArn, ROLE('ecsServiceRole'));
  });

  it('the administrator\'s root key passes any role', async () => {
    const out = await root.send(new RegisterTaskDefinitionCommand({
      family: 'rooted', taskRoleArn: ROLE('app'), executionRoleArn: ROLE('exec'), containerDefinitions: containers,
    }));
    assert.equal(out.taskDefinition?.executionRoleArn, ROLE('exec'));
  });
});
