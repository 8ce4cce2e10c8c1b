// The change signals ECS operations publish after their transaction commits: the tasks assigned
// to a container instance changed (the agent session re-sends its `tasks`), or the instance was
// deregistered. Keys are `<cluster>/<instance id>`.
import type { Services } from '../../protocol/context.js';
import { serviceKey } from './service/model.js';

export const INSTANCE_TASKS_TOPIC = 'ecs/instance-tasks';
/** Published (key `<cluster>/<service name>`) when a service's task changes: the service controller looks again. */
export const SERVICE_TASKS_TOPIC = 'ecs/service-tasks';

export function instanceChangeKey(clusterName: string, instanceId: string): string {
  return `${clusterName}/${instanceId}`;
}

/** A `<cluster>/<name or id>` key (instances, services) in its two parts. */
export function splitClusterKey(key: string): { clusterName: string; rest: string } {
  const slash = key.indexOf('/');
  return { clusterName: key.slice(0, slash), rest: key.slice(slash + 1) };
}

export function splitInstanceChangeKey(key: string): { clusterName: string; instanceId: string } {
  const { clusterName, rest } = splitClusterKey(key);
  return { clusterName, instanceId: rest };
}

/** Tells the agent sessions of these instances (and the controllers of the services of any tasks among them). */
export function publishInstanceTasks(services: Pick<Services, 'changes'>, instances: Iterable<{ clusterName: string; containerInstanceId: string; serviceName?: string }>): void {
  const keys = new Set<string>();
  const list = [...instances];
  for (const i of list) keys.add(instanceChangeKey(i.clusterName, i.containerInstanceId));
  for (const key of keys) services.changes?.publish(INSTANCE_TASKS_TOPIC, key);
  publishServiceTasks(services, list);
}

/** Tells the service controller that tasks of these services changed. */
export function publishServiceTasks(services: Pick<Services, 'changes'>, tasks: Iterable<{ clusterName: string; serviceName?: string }>): void {
  const keys = new Set<string>();
  for (const t of tasks) if (t.serviceName !== undefined) keys.add(serviceKey(t.clusterName, t.serviceName));
  for (const key of keys) services.changes?.publish(SERVICE_TASKS_TOPIC, key);
}
