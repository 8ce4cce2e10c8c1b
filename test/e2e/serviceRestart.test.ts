// The server restarted under a running service: the service, its load balancer and listener come
// back from the data dir, the agents reconnect, the same tasks keep serving through the listener
// (nothing is replaced), and a deployment afterwards works as before.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { awsJson } from '../helpers/awsCli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { freePort } from '../lb/helpers.js';
import { e2eAgents, eventually, type E2eAgents } from './helpers.js';
import { answering, createWebBalancer, describeService, registerWeb, type WebBalancer } from './serviceKit.js';

const CLUSTER = 'again';

describe('a service across a server restart', { timeout: 400_000 }, () => {
  let server: TestServer;
  let agents: E2eAgents;
  let work: string;
  let lb: WebBalancer;
  let dataDir: string;

  const serviceTasks = async () => (await awsJson<{ taskArns: string[] }>(server, ['ecs', 'list-tasks', '--cluster', CLUSTER, '--service-name', 'web', '--desired-status', 'RUNNING'])).taskArns.sort();

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'wharf-e2e-again-data-'));
    server = await startTestServer({ dataDir });
    agents = e2eAgents(server);
    work = mkdtempSync(join(tmpdir(), 'wharf-e2e-again-'));
    await awsJson(server, ['ecs', 'create-cluster', '--cluster-name', CLUSTER]);
    await agents.start({ cluster: CLUSTER });
    await agents.start({ cluster: CLUSTER, hostIp: '127.0.0.2' });
    lb = await createWebBalancer(server, 'again', await freePort());
    await registerWeb(server, work, 'web', 'v1');
    await registerWeb(server, work, 'web', 'v2');
    await awsJson(server, ['ecs', 'create-service', '--cluster', CLUSTER, '--service-name', 'web', '--task-definition', 'web:1', '--desired-count', '2',
      '--load-balancers', `targetGroupArn=${lb.targetGroupArn},containerName=web,containerPort=80`]);
    await answering(`http://127.0.0.1:${lb.port}/`, 2, 120_000);
  });
  after(async () => {
    await agents?.cleanup();
    await server?.stop();
    for (const d of [work, dataDir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('keeps the same tasks serving through the listener after the restart', async () => {
    const before = await serviceTasks();
    assert.equal(before.length, 2);
    const port = Number(new URL(server.url).port);
    await server.close();
    server = await startTestServer({ port, dataDir });
    const bodies = await answering(`http://127.0.0.1:${lb.port}/`, 2, 120_000);
    assert.ok([...bodies].every((b) => b.startsWith('v1 ')));
    assert.deepEqual(await serviceTasks(), before, 'nothing was replaced');
    const s = await describeService(server, CLUSTER, 'web');
    assert.equal(s.runningCount, 2);
    assert.equal(s.deployments.length, 1);
  });

  it('rolls out a deployment after the restart', async () => {
    await awsJson(server, ['ecs', 'update-service', '--cluster', CLUSTER, '--service', 'web', '--task-definition', 'web:2']);
    await eventually('web:2 completed', async () => {
      const s = await describeService(server, CLUSTER, 'web');
      return s.deployments.length === 1 && s.deployments[0]?.rolloutState === 'COMPLETED' && s.taskDefinition.endsWith('web:2') ? s : undefined;
    }, 180_000, 500);
    const bodies = await answering(`http://127.0.0.1:${lb.port}/`, 2, 60_000);
    assert.ok([...bodies].every((b) => b.startsWith('v2 ')));
  });
});
