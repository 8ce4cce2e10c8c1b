// Helpers for the agent's real-Docker tests: an engine on the machine's Docker under a unique
// container instance label (so cleanup removes exactly what a test made), task specs, and waits.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ContainerInspectInfo } from 'dockerode';
import pino from 'pino';
import type { TaskSpec, TaskState } from '../../src/protocol/ecs/messages.js';
import { Engine, type EngineOptions } from '../../src/agent/engine/engine.js';
import { DockerRuntime } from '../../src/agent/runtime/dockerRuntime.js';
import { LABELS } from '../../src/agent/runtime/labels.js';
import { StateFile } from '../../src/agent/stateFile.js';

export const CLUSTER_ARN = 'arn:aws:ecs:us-east-1:000000000000:cluster/agent-test';

export interface TestHost {
  instanceArn: string;
  dataDir: string;
  runtime: DockerRuntime;
  startEngine(overrides?: Partial<EngineOptions>): Promise<Engine>;
  cleanup(): Promise<void>;
}

/** A fake container instance on the real Docker: unique label, own data dir. */
export function testHost(): TestHost {
  const instanceArn = `arn:aws:ecs:us-east-1:000000000000:container-instance/agent-test/${randomBytes(16).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-agent-test-'));
  const runtime = new DockerRuntime();
  const engines: Engine[] = [];
  return {
    instanceArn,
    dataDir,
    runtime,
    startEngine: async (overrides = {}) => {
      const engine = await Engine.start({
        runtime,
        instanceArn,
        hostIp: '127.0.0.1',
        state: await StateFile.load(dataDir),
        imagePullBehavior: 'prefer-cached',
        stopTimeoutMs: 2000,
        logger: pino({ level: process.env.WHARF_TEST_LOG ?? 'silent' }),
        ...overrides,
      });
      engines.push(engine);
      return engine;
    },
    cleanup: async () => {
      for (const e of engines) await e.close();
      removeLabelled(instanceArn);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Removes every container, network and volume carrying this instance's label. */
export function removeLabelled(instanceArn: string): void {
  const filter = `label=${LABELS.instance}=${instanceArn}`;
  const ids = (args: string[]) => execFileSync('docker', args, { encoding: 'utf8' }).split('\n').filter(Boolean);
  const containers = ids(['ps', '-aq', '--filter', filter]);
  if (containers.length) execFileSync('docker', ['rm', '-f', '-v', ...containers], { stdio: 'ignore' });
  const networks = ids(['network', 'ls', '-q', '--filter', filter]);
  if (networks.length) execFileSync('docker', ['network', 'rm', ...networks], { stdio: 'ignore' });
  const volumes = ids(['volume', 'ls', '-q', '--filter', filter]);
  if (volumes.length) execFileSync('docker', ['volume', 'rm', '-f', ...volumes], { stdio: 'ignore' });
}

export function taskArn(): string {
  return `arn:aws:ecs:us-east-1:000000000000:task/agent-test/${randomBytes(16).toString('hex')}`;
}

export function spec(taskDefinition: Record<string, unknown>, overrides: Partial<TaskSpec> = {}): TaskSpec {
  const family = (taskDefinition.family as string | undefined) ?? 'agent-test';
  return {
    taskArn: taskArn(),
    clusterArn: CLUSTER_ARN,
    taskDefinitionArn: `arn:aws:ecs:us-east-1:000000000000:task-definition/${family}:1`,
    family,
    revision: 1,
    desiredStatus: 'RUNNING',
    launchType: 'EC2',
    createdAt: Date.now(),
    taskDefinition: { family, ...taskDefinition },
    ...overrides,
  };
}

/** Resolves with the first state of the task that satisfies `predicate` (checking the current one first). */
export function waitForTask(engine: Engine, arn: string, predicate: (s: TaskState) => boolean): Promise<TaskState> {
  return new Promise((resolve) => {
    const current = engine.task(arn);
    if (current && predicate(current)) return resolve(current);
    const off = engine.onTaskState((s) => {
      if (s.taskArn === arn && predicate(s)) {
        off();
        resolve(s);
      }
    });
  });
}

/** Every state the engine reports for a task, in order. */
export function recordStates(engine: Engine, arn: string): TaskState[] {
  const seen: TaskState[] = [];
  engine.onTaskState((s) => { if (s.taskArn === arn) seen.push(s); });
  return seen;
}

/** `docker inspect` of a container, through the docker CLI. */
export function dockerInspect(id: string): ContainerInspectInfo {
  const list = JSON.parse(execFileSync('docker', ['inspect', id], { encoding: 'utf8' })) as ContainerInspectInfo[];
  if (!list[0]) throw new Error(`no container ${id}`);
  return list[0];
}
