// The change signals ECS operations publish after their transaction commits: the tasks assigned
// to a container instance changed (the agent session re-sends its `tasks`), or the instance was
// deregistered. Keys are `<cluster>/<instance id>`.
import type { Services } from '../../protocol/context.js';

export const INSTANCE_TASKS_TOPIC = 'ecs/instance-tasks';

export function instanceChangeKey(clusterName: string, instanceId: string): string {
  return `${clusterName}/${instanceId}`;
}

export function splitInstanceChangeKey(key: string): { clusterName: string; instanceId: string } {
  const slash = key.indexOf('/');
  return { clusterName: key.slice(0, slash), instanceId: key.slice(slash + 1) };
}

export function publishInstanceTasks(services: Pick<Services, 'changes'>, instances: Iterable<{ clusterName: string; containerInstanceId: string }>): void {
  const keys = new Set<string>();
  for (const i of instances) keys.add(instanceChangeKey(i.clusterName, i.containerInstanceId));
  for (const key of keys) services.changes?.publish(INSTANCE_TASKS_TOPIC, key);
}
