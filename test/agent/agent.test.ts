// Real Docker, fake control plane (test/agent/fakeControlPlane.ts, labelled as such): startAgent
// registers, holds a signed session, runs what `tasks` asks, reports and resyncs, and after a
// restart re-registers under the same ARN and adopts its running container without restarting it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { startAgent, type AgentOptions, type RunningAgent } from '../../src/agent/agent.js';
import type { TaskState } from '../../src/protocol/ecs/messages.js';
import { ensureBusyboxImage } from '../helpers/images.js';
import { CREDENTIALS, startFakeControlPlane, type FakeControlPlane } from './fakeControlPlane.js';
import { dockerInspect, removeLabelled, spec } from './helpers.js';

const image = ensureBusyboxImage();

describe('wharf agent against a fake control plane (real Docker)', { timeout: 120_000 }, () => {
  let cp: FakeControlPlane;
  let dataDir: string;
  const arns = new Set<string>();
  let agent: RunningAgent | undefined;

  const options = (): AgentOptions => ({
    endpoint: cp.url,
    cluster: 'agent-test',
    dataDir,
    credentials: CREDENTIALS,
    env: {},
    settings: { ECS_IMAGE_PULL_BEHAVIOR: 'prefer-cached', ECS_RESERVED_MEMORY: '256', ECS_INSTANCE_ATTRIBUTES: '{"stack":"test","ecs.availability-zone":"us-east-1b"}' },
    logger: pino({ level: process.env.WHARF_TEST_LOG ?? 'silent' }),
    session: { backoff: { initialMs: 20, maxMs: 200 }, resendIntervalMs: 200 },
  });

  before(async () => {
    cp = await startFakeControlPlane();
    dataDir = mkdtempSync(join(tmpdir(), 'wharf-agent-e2e-'));
  });
  after(async () => {
    await agent?.close();
    await cp.close();
    for (const arn of arns) removeLabelled(arn);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const stateOf = (arn: string, predicate: (t: TaskState) => boolean, session?: number) => cp.waitFor((m) =>
    (session === undefined || m.session === session)
    && ((m.msg.type === 'taskState' && m.msg.task.taskArn === arn && predicate(m.msg.task))
      || (m.msg.type === 'hello' && m.msg.tasks.some((t) => t.taskArn === arn && predicate(t)))));
  const taskIn = (msg: Awaited<ReturnType<typeof stateOf>>, arn: string) =>
    msg.type === 'taskState' ? msg.task : msg.type === 'hello' ? msg.tasks.find((t) => t.taskArn === arn) : undefined;

  it('registers with resources and attributes, runs tasks from the session, resyncs and adopts after a restart', async () => {
    agent = await startAgent(options());
    arns.add(agent.containerInstanceArn);
    const reg = cp.registrations[0] as { cluster: string; totalResources: { name: string; integerValue?: number; stringSetValue?: string[] }[]; attributes: { name: string; value?: string }[]; instanceIdentityDocument: string; containerInstanceArn?: string };
    assert.equal(reg.cluster, 'agent-test');
    assert.equal(reg.containerInstanceArn, undefined);
    const cpu = reg.totalResources.find((r) => r.name === 'CPU')?.integerValue ?? 0;
    assert.ok(cpu > 0 && cpu % 1024 === 0);
    assert.deepEqual(reg.totalResources.find((r) => r.name === 'PORTS')?.stringSetValue, ['22', '2375', '2376', '51678', '51679']);
    const attrs = new Map(reg.attributes.map((a) => [a.name, a.value]));
    assert.equal(attrs.get('ecs.os-type'), 'linux');
    assert.equal(attrs.get('ecs.availability-zone'), 'us-east-1b');
    assert.equal(attrs.get('stack'), 'test');
    assert.ok(attrs.has('com.amazonaws.ecs.capability.docker-remote-api.1.17'));
    assert.ok(attrs.has('com.amazonaws.ecs.capability.logging-driver.json-file'));
    const identity = JSON.parse(reg.instanceIdentityDocument) as { instanceId: string; region: string };
    assert.match(identity.instanceId, /^i-[0-9a-f]{17}$/);

    const hello = await cp.waitFor((m) => m.msg.type === 'hello');
    assert.deepEqual(hello.type === 'hello' && hello.tasks, []);
    assert.equal(cp.refused, 0);

    const s = spec({ containerDefinitions: [{ name: 'app', image, command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'] }] });
    const tasksId = cp.sendTasks([s]);
    await cp.waitFor((m) => m.msg.type === 'ack' && m.msg.id === tasksId);
    const running = taskIn(await stateOf(s.taskArn, (t) => t.status === 'RUNNING'), s.taskArn);
    const runtimeId = running?.containers[0]?.runtimeId ?? '';
    const startedAt = dockerInspect(runtimeId).State.StartedAt;

    // The session drops: the agent reconnects and says everything again in hello.
    const before = cp.sessions;
    cp.drop();
    const resync = await cp.waitFor((m) => m.session > before && m.msg.type === 'hello');
    assert.equal(resync.type === 'hello' && resync.tasks.find((t) => t.taskArn === s.taskArn)?.status, 'RUNNING');

    // The agent stops (as if killed): the container keeps running; a new agent adopts it.
    const firstArn = agent.containerInstanceArn;
    await agent.close();
    assert.equal(dockerInspect(runtimeId).State.Running, true);
    const sessionsBefore = cp.sessions;
    agent = await startAgent(options());
    assert.equal(agent.containerInstanceArn, firstArn);
    assert.equal((cp.registrations[1] as { containerInstanceArn?: string }).containerInstanceArn, firstArn);
    const adopted = await cp.waitFor((m) => m.session > sessionsBefore && m.msg.type === 'hello');
    const task = adopted.type === 'hello' ? adopted.tasks.find((t) => t.taskArn === s.taskArn) : undefined;
    assert.equal(task?.status, 'RUNNING');
    assert.equal(task?.containers[0]?.runtimeId, runtimeId);
    assert.equal(dockerInspect(runtimeId).State.StartedAt, startedAt);

    cp.sendTasks([{ ...s, desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'test over' }]);
    const stopped = taskIn(await stateOf(s.taskArn, (t) => t.status === 'STOPPED'), s.taskArn);
    assert.equal(stopped?.stopCode, 'UserInitiated');
    assert.equal(stopped?.containers[0]?.exitCode, 0);
  });

  it('stops when its instance is deregistered; started again, registers anew and leaves the old tasks orphaned, unreported', async () => {
    await agent?.close();
    agent = await startAgent(options());
    const oldArn = agent.containerInstanceArn;
    arns.add(oldArn);
    const s = spec({ containerDefinitions: [{ name: 'app', image, command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'] }] });
    cp.sendTasks([s]);
    const runtimeId = taskIn(await stateOf(s.taskArn, (t) => t.status === 'RUNNING'), s.taskArn)?.containers[0]?.runtimeId ?? '';

    // A forced deregistration: the session is dropped, the reconnect refused with a 400 naming the instance.
    const refusedBefore = cp.refused;
    cp.deregister(oldArn);
    const reason = await agent.ended;
    assert.match(reason, /no longer registered/);
    assert.ok(reason.includes(oldArn), reason);
    assert.equal(cp.refused, refusedBefore + 1, 'no reconnect after the refusal');
    assert.equal(dockerInspect(runtimeId).State.Running, true, 'the container keeps running');

    const messagesBefore = cp.messages.length;
    const sessionsBefore = cp.sessions;
    agent = await startAgent(options());
    arns.add(agent.containerInstanceArn);
    assert.notEqual(agent.containerInstanceArn, oldArn, 'registered as a new instance');
    const hello = await cp.waitFor((m) => m.session > sessionsBefore && m.msg.type === 'hello');
    assert.deepEqual(hello.type === 'hello' && hello.tasks, [], 'the old instance\'s task is not reported');
    assert.deepEqual(agent.engine.snapshot(), []);
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(!cp.messages.slice(messagesBefore).some((m) => m.msg.type === 'taskState' && m.msg.task.taskArn === s.taskArn), 'nor reported vanished later');
    assert.equal(dockerInspect(runtimeId).State.Running, true, 'the orphaned container keeps running');

    // Any other refusal (here: a dropped session) still reconnects.
    cp.drop();
    await cp.waitFor((m) => m.session > sessionsBefore + 1 && m.msg.type === 'hello');
  });
});
