// awslogs end to end: a real server, a real agent (startAgent) on the machine's Docker. A task whose
// container uses the awslogs driver prints numbered lines and exits; `aws logs get-log-events` and
// `aws logs tail` (Debian's AWS CLI) show every line in prefix/container/task-id, and DescribeTasks
// ends STOPPED with the container's exit code. Then the agent stops while a task runs and logs,
// starts again on the same data dir, re-attaches the adopted container and ships the rest: every
// line exactly once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RegisterTaskDefinitionCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { awsCli, awsJson } from '../helpers/awsCli.js';
import { run } from '../helpers/docker.js';
import { agentCluster } from './agentCluster.js';
import { waitTask } from './ecsPoll.js';
import { eventually } from './helpers.js';

const CLUSTER = 'logs-e2e';
const GROUP = '/ecs/web';
const awslogs = { logDriver: 'awslogs' as const, options: { 'awslogs-group': GROUP, 'awslogs-stream-prefix': 'web', 'awslogs-create-group': 'true' } };
const numbered = (prefix: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix} ${from + i}`);

describe('awslogs: a real agent ships container output to Wharf\'s CloudWatch Logs', { timeout: 300_000 }, () => {
  const fx = agentCluster(CLUSTER, 'wharf-e2e-logs-');
  const runTask = async (family: string, name: string, script: string): Promise<string> => {
    await fx.ecs.send(new RegisterTaskDefinitionCommand({
      family,
      containerDefinitions: [{ name, image: fx.image, essential: true, memory: 32, command: ['sh', '-c', script], logConfiguration: awslogs }],
    }));
    const out = await fx.ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: family }));
    assert.deepEqual(out.failures, []);
    const arn = out.tasks?.[0]?.taskArn;
    assert.ok(arn);
    return arn;
  };
  const messages = async (stream: string): Promise<string[]> => {
    const out = await awsJson<{ events: { message: string }[] }>(fx.server, [
      'logs', 'get-log-events', '--log-group-name', GROUP, '--log-stream-name', stream, '--start-from-head',
    ]);
    return out.events.map((e) => e.message);
  };
  const messagesUntil = (stream: string, count: number) => eventually(`${count} events in ${stream}`, async () => {
    const got = await messages(stream).catch(() => []);
    return got.length >= count ? got : undefined;
  });


  it('ships every line to prefix/container/task-id; get-log-events and tail show them; the task stops with the exit code', async () => {
    const arn = await runTask('web-logs', 'web', 'i=1; while [ $i -le 50 ]; do echo "line $i"; i=$((i+1)); done; echo "line 51 on stderr" >&2; exit 3');
    const stopped = await waitTask(fx.ecs, CLUSTER, arn, 'STOPPED');
    assert.equal(stopped.containers?.[0]?.exitCode, 3);
    assert.equal(stopped.stopCode, 'EssentialContainerExited');

    const stream = `web/web/${arn.slice(arn.lastIndexOf('/') + 1)}`;
    const lines = await messagesUntil(stream, 51);
    // Docker reads stdout and stderr through separate pipes: their relative order is not kept.
    assert.deepEqual(lines.filter((l) => !l.includes('stderr')), numbered('line', 1, 50));
    assert.deepEqual(lines.filter((l) => l.includes('stderr')), ['line 51 on stderr']);

    const streams = await awsJson<{ logStreams: { logStreamName: string }[] }>(fx.server, ['logs', 'describe-log-streams', '--log-group-name', GROUP]);
    assert.ok(streams.logStreams.some((s) => s.logStreamName === stream));

    const tail = await awsCli(fx.server, ['logs', 'tail', GROUP, '--since', '1h']);
    assert.equal(tail.code, 0, tail.stderr);
    const tailed = tail.stdout.split('\n').filter((l) => l.includes(stream));
    for (const want of numbered('line', 1, 50)) assert.ok(tailed.some((l) => l.endsWith(` ${want}`)), `aws logs tail shows "${want}"`);
  });

  it('after an agent restart, the adopted container\'s log resumes where it was: every line once', async () => {
    const script = [
      'emit() { i=$1; while [ $i -le $2 ]; do echo "n $i"; i=$((i+1)); done; }',
      'emit 1 20',
      'while [ ! -f /tmp/go1 ]; do sleep 0.2; done',
      'emit 21 40',
      'while [ ! -f /tmp/go2 ]; do sleep 0.2; done',
      'emit 41 60',
    ].join('; ');
    const arn = await runTask('web-restart', 'printer', script);
    const running = await waitTask(fx.ecs, CLUSTER, arn, 'RUNNING');
    const runtimeId = running.containers?.[0]?.runtimeId ?? '';
    assert.ok(runtimeId);
    const stream = `web/printer/${arn.slice(arn.lastIndexOf('/') + 1)}`;
    assert.deepEqual(await messagesUntil(stream, 20), numbered('n', 1, 20));

    // The agent stops; the container goes on logging while nobody ships.
    const { containerInstanceArn, metadataBaseUrl } = fx.agent;
    await fx.agent.close();
    const go1 = await run('docker', ['exec', runtimeId, 'sh', '-c', ': > /tmp/go1']);
    assert.equal(go1.code, 0, go1.stderr);

    await fx.startAgent();
    assert.equal(fx.agent.containerInstanceArn, containerInstanceArn);
    assert.equal(fx.agent.metadataBaseUrl, metadataBaseUrl, 'the metadata endpoint comes back on the same port');
    assert.deepEqual(await messagesUntil(stream, 40), numbered('n', 1, 40));

    const go2 = await run('docker', ['exec', runtimeId, 'sh', '-c', ': > /tmp/go2']);
    assert.equal(go2.code, 0, go2.stderr);
    const stopped = await waitTask(fx.ecs, CLUSTER, arn, 'STOPPED');
    assert.equal(stopped.containers?.[0]?.exitCode, 0);
    assert.deepEqual(await messagesUntil(stream, 60), numbered('n', 1, 60));
  });
});
