// The README's walk-through with Debian's AWS CLI v2: clusters and task definitions end to end.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { awsCli, awsJson } from '../helpers/awsCli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface TaskDefinitionOut {
  taskDefinition: { taskDefinitionArn: string; family: string; revision: number; status: string; containerDefinitions: { name: string; image: string; portMappings?: { containerPort: number; hostPort?: number; protocol?: string }[] }[] };
}

describe('AWS CLI v2 walk-through', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.stop());

  it('creates, lists and describes a cluster', async () => {
    const created = await awsJson<{ cluster: { clusterArn: string; status: string } }>(server, ['ecs', 'create-cluster', '--cluster-name', 'demo']);
    assert.equal(created.cluster.clusterArn, 'arn:aws:ecs:us-east-1:000000000000:cluster/demo');
    assert.equal(created.cluster.status, 'ACTIVE');
    const listed = await awsJson<{ clusterArns: string[] }>(server, ['ecs', 'list-clusters']);
    assert.deepEqual(listed.clusterArns, ['arn:aws:ecs:us-east-1:000000000000:cluster/demo']);
    const described = await awsJson<{ clusters: { clusterName: string }[]; failures: { arn: string; reason: string }[] }>(
      server, ['ecs', 'describe-clusters', '--clusters', 'demo', 'nope']);
    assert.deepEqual(described.clusters.map((c) => c.clusterName), ['demo']);
    assert.deepEqual(described.failures, [{ arn: 'arn:aws:ecs:us-east-1:000000000000:cluster/nope', reason: 'MISSING' }]);
  });

  it('registers a task definition from a JSON file, lists, describes and deregisters it', async () => {
    const file = join(server.dataDir, 'web.json');
    writeFileSync(file, JSON.stringify({
      family: 'web',
      containerDefinitions: [{
        name: 'web',
        image: '127.0.0.1:5050/web:1',
        memory: 128,
        portMappings: [{ containerPort: 80, hostPort: 0 }],
        environment: [{ name: 'GREETING', value: 'hello' }],
      }],
    }));
    const first = await awsJson<TaskDefinitionOut>(server, ['ecs', 'register-task-definition', '--cli-input-json', `file://${file}`]);
    const second = await awsJson<TaskDefinitionOut>(server, ['ecs', 'register-task-definition', '--cli-input-json', `file://${file}`]);
    assert.equal(first.taskDefinition.taskDefinitionArn, 'arn:aws:ecs:us-east-1:000000000000:task-definition/web:1');
    assert.equal(second.taskDefinition.revision, 2);
    assert.equal(first.taskDefinition.containerDefinitions[0]?.portMappings?.[0]?.protocol, 'tcp');

    const listed = await awsJson<{ taskDefinitionArns: string[] }>(server, ['ecs', 'list-task-definitions', '--family-prefix', 'web']);
    assert.deepEqual(listed.taskDefinitionArns, [
      'arn:aws:ecs:us-east-1:000000000000:task-definition/web:1',
      'arn:aws:ecs:us-east-1:000000000000:task-definition/web:2',
    ]);
    const described = await awsJson<TaskDefinitionOut>(server, ['ecs', 'describe-task-definition', '--task-definition', 'web']);
    assert.equal(described.taskDefinition.revision, 2);
    assert.equal(described.taskDefinition.containerDefinitions[0]?.image, '127.0.0.1:5050/web:1');

    const gone = await awsJson<TaskDefinitionOut>(server, ['ecs', 'deregister-task-definition', '--task-definition', 'web:1']);
    assert.equal(gone.taskDefinition.status, 'INACTIVE');
    const active = await awsJson<{ taskDefinitionArns: string[] }>(server, ['ecs', 'list-task-definitions', '--status', 'ACTIVE']);
    assert.deepEqual(active.taskDefinitionArns, ['arn:aws:ecs:us-east-1:000000000000:task-definition/web:2']);
  });

  it('reports an ECS error the way the CLI shows it', async () => {
    const r = await awsCli(server, ['ecs', 'describe-task-definition', '--task-definition', 'missing:7']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /ClientException/);
  });

  it('fails with a signature error when the secret is wrong', async () => {
    const r = await awsCli(server, ['ecs', 'list-clusters'], { AWS_SECRET_ACCESS_KEY: 'not-the-secret' });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /InvalidSignatureException/);
  });
});
