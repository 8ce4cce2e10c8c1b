// Bounded polling of ECS through @aws-sdk/client-ecs for the logs and metadata end-to-end tests:
// a fixed number of attempts, never a timing assertion.
import assert from 'node:assert/strict';
import { DescribeContainerInstancesCommand, DescribeTasksCommand, type ECSClient, type Task } from '@aws-sdk/client-ecs';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls `probe` until it answers something other than undefined, at most `attempts` times. */
export async function poll<T>(what: string, probe: () => Promise<T | undefined>, attempts = 240, everyMs = 250): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await sleep(everyMs);
  }
  assert.fail(`gave up waiting for ${what} after ${attempts} attempts${last ? `: ${String(last)}` : ''}`);
}

export function waitConnected(ecs: ECSClient, cluster: string, instanceArn: string): Promise<true> {
  return poll(`${instanceArn} agentConnected`, async () => {
    const out = await ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: [instanceArn] }));
    return out.containerInstances?.[0]?.agentConnected ? true : undefined;
  });
}

export function waitTask(ecs: ECSClient, cluster: string, taskArn: string, status: string): Promise<Task> {
  return poll(`${taskArn} ${status}`, async () => {
    const t = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }))).tasks?.[0];
    return t?.lastStatus === status ? t : undefined;
  }, 360);
}
