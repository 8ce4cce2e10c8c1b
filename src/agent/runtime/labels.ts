// The labels every container (and awsvpc network, task volume) of a task carries. ECS's own five
// let an agent that restarts find its tasks; Wharf's instance label lets several agents share one
// Docker Engine without ever touching each other's containers.
export const LABELS = {
  taskArn: 'com.amazonaws.ecs.task-arn',
  containerName: 'com.amazonaws.ecs.container-name',
  cluster: 'com.amazonaws.ecs.cluster',
  family: 'com.amazonaws.ecs.task-definition-family',
  version: 'com.amazonaws.ecs.task-definition-version',
  instance: 'io.wharf.container-instance-arn',
} as const;

/** The last segment of a task ARN (`.../task/default/<32 hex>`). */
export function taskIdOf(taskArn: string): string {
  return taskArn.slice(taskArn.lastIndexOf('/') + 1);
}

/** Docker's name charset is [a-zA-Z0-9][a-zA-Z0-9_.-]*. */
function safe(part: string): string {
  return part.replace(/[^a-zA-Z0-9_.-]/g, '-');
}

/** ECS-style container name: `ecs-<family>-<revision>-<container>-<task id>`. */
export function dockerContainerName(family: string, revision: number, containerName: string, taskArn: string): string {
  return `ecs-${safe(family)}-${revision}-${safe(containerName)}-${safe(taskIdOf(taskArn))}`;
}

/** The per-task Docker network of an awsvpc task. */
export function awsvpcNetworkName(taskArn: string): string {
  return `ecs-task-${safe(taskIdOf(taskArn))}`;
}

/** The Docker volume of a task-scoped volume (and of a volume with neither host nor docker config). */
export function taskVolumeName(taskArn: string, volumeName: string): string {
  return `ecs-${safe(taskIdOf(taskArn))}-${safe(volumeName)}`;
}
