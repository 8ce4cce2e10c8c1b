// The labels every container (and awsvpc network, task volume) of a task carries. ECS's own five
// (the cluster label holds the cluster's name, as ECS's agent writes it) let an agent that
// restarts find its tasks; Wharf's instance label lets several agents share one Docker Engine
// without ever touching each other's containers.
export const LABELS = {
  taskArn: 'com.amazonaws.ecs.task-arn',
  containerName: 'com.amazonaws.ecs.container-name',
  cluster: 'com.amazonaws.ecs.cluster',
  family: 'com.amazonaws.ecs.task-definition-family',
  version: 'com.amazonaws.ecs.task-definition-version',
  instance: 'io.wharf.container-instance-arn',
} as const;

/**
 * The value of the `com.amazonaws.ecs.cluster` label: the cluster's name, as ECS's agent writes
 * it (`arn:aws:ecs:r:a:cluster/web` -> `web`; a name stays as it is).
 */
export function clusterLabel(clusterArn: string): string {
  const m = /^arn:[^:]+:ecs:[^:]*:[^:]*:cluster\/(.+)$/.exec(clusterArn);
  return m?.[1] ?? clusterArn;
}

/**
 * The cluster ARN back from a container's label: older Wharf agents wrote the ARN, ECS's agent
 * (and this one) the name, which is completed with the partition, region and account of the task ARN.
 */
export function clusterArnFromLabel(label: string | undefined, taskArn: string): string {
  if (!label) return '';
  if (label.startsWith('arn:')) return label;
  const m = /^(arn:[^:]+:ecs:[^:]*:[^:]*:)task\//.exec(taskArn);
  return m ? `${m[1]}cluster/${label}` : label;
}

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
