// A service's whole life against scripted agents (the real server and controller, agents that
// report what they are told): it keeps its desired count, replaces a task that stops, scales,
// and once deleted drains to INACTIVE; the sweep removes it after the retention.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateClusterCommand, CreateServiceCommand, DeleteServiceCommand, DescribeServicesCommand, ECSClient, ListTasksCommand,
  RegisterTaskDefinitionCommand, UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { startScriptedAgent } from '../helpers/scriptedAgent.js';
import { startTestServer } from '../helpers/server.js';
import { eventually } from '../helpers/eventually.js';


describe('a service from creation to removal (scripted agents)', () => {
  it('keeps, replaces, scales, drains and sweeps', async () => {
    const server = await startTestServer({ agentSessions: { heartbeatIntervalMs: 200 }, taskSweep: { retentionMs: 300, intervalMs: 3_600_000 } });
    const ecs = new ECSClient(server.clientConfig);
    const agents = [];
    try {
      await ecs.send(new CreateClusterCommand({ clusterName: 'life' }));
      await ecs.send(new RegisterTaskDefinitionCommand({ family: 'svc', containerDefinitions: [{ name: 'a', image: 'x', memory: 16 }] }));
      for (let i = 0; i < 2; i++) agents.push((await startScriptedAgent(ecs, server, { cluster: 'life', autoRun: true })).agent);
      await ecs.send(new CreateServiceCommand({ cluster: 'life', serviceName: 'svc', taskDefinition: 'svc', desiredCount: 2 }));
      const describe = async () => (await ecs.send(new DescribeServicesCommand({ cluster: 'life', services: ['svc'] }))).services?.[0];
      const running = async () => (await ecs.send(new ListTasksCommand({ cluster: 'life', serviceName: 'svc', desiredStatus: 'RUNNING' }))).taskArns ?? [];
      const steady = await eventually('steady', async () => {
        const s = await describe();
        return s?.runningCount === 2 && s.deployments?.[0]?.rolloutState === 'COMPLETED' ? s : undefined;
      });
      assert.ok(steady.events?.some((e) => e.message === '(service svc) has reached a steady state.'));
      const first = await running();
      assert.equal(first.length, 2);

      // A task the agent reports stopped (its essential container exited) is replaced.
      const victim = first[0] ?? '';
      await agents[0]?.report({ taskArn: victim, status: 'STOPPED', stopCode: 'EssentialContainerExited', containers: [] }).catch(() => undefined);
      await agents[1]?.report({ taskArn: victim, status: 'STOPPED', stopCode: 'EssentialContainerExited', containers: [] }).catch(() => undefined);
      const replaced = await eventually('a replacement', async () => {
        const now = await running();
        return now.length === 2 && !now.includes(victim) ? now : undefined;
      });
      assert.equal(replaced.length, 2);

      await ecs.send(new UpdateServiceCommand({ cluster: 'life', service: 'svc', desiredCount: 4 }));
      await eventually('four tasks', async () => ((await describe())?.runningCount === 4 ? true : undefined));

      await assert.rejects(ecs.send(new DeleteServiceCommand({ cluster: 'life', service: 'svc' })), { name: 'InvalidParameterException' });
      const deleted = await ecs.send(new DeleteServiceCommand({ cluster: 'life', service: 'svc', force: true }));
      assert.equal(deleted.service?.status, 'DRAINING');
      const inactive = await eventually('INACTIVE', async () => {
        const s = await describe();
        return s?.status === 'INACTIVE' ? s : undefined;
      });
      assert.equal(inactive.runningCount, 0);
      assert.deepEqual(await running(), []);
      await new Promise((r) => setTimeout(r, 350));
      assert.ok((await server.sweeper.sweep()) >= 1);
      const gone = await ecs.send(new DescribeServicesCommand({ cluster: 'life', services: ['svc'] }));
      assert.equal(gone.failures?.[0]?.reason, 'MISSING');
    } finally {
      for (const a of agents) await a.close();
      ecs.destroy();
      await server.stop();
    }
  });
});
