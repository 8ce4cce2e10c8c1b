// Bounded waits on ECS through @aws-sdk/client-ecs for the logs and metadata end-to-end tests
// (through `eventually`: bounded in time, never a timing assertion).
import { DescribeContainerInstancesCommand, DescribeTasksCommand, type ECSClient, type Task } from '@aws-sdk/client-ecs';
import { eventually } from './helpers.js';

export function waitConnected(ecs: ECSClient, cluster: string, instanceArn: string): Promise<true> {
  return eventually(`${instanceArn} agentConnected`, async () => {
    const out = await ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: [instanceArn] }));
    return out.containerInstances?.[0]?.agentConnected ? true : undefined;
  });
}

export function waitTask(ecs: ECSClient, cluster: string, taskArn: string, status: string): Promise<Task> {
  return eventually(`${taskArn} ${status}`, async () => {
    const t = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }))).tasks?.[0];
    return t?.lastStatus === status ? t : undefined;
  }, 90_000);
}
