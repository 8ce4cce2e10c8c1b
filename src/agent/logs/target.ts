// Where ECS's `awslogs` driver puts a container's output, from its logConfiguration. Pure.

export interface AwslogsTarget {
  group: string;
  stream: string;
  createGroup: boolean;
}

export interface LoggedContainer {
  name: string;
  logConfiguration?: { logDriver: string; options?: Record<string, string> };
}

/**
 * The log group and stream of a container whose logDriver is `awslogs`; undefined for any other
 * driver. With `awslogs-stream-prefix` the stream is `<prefix>/<container name>/<task id>` (ECS).
 * Without it ECS names the stream after the Docker container id, so pass `dockerId` (the id is
 * known once the container is created); Docker's own `awslogs-stream` option, when given, wins
 * over the id. Throws when the stream cannot be named or `awslogs-group` is missing.
 */
export function awslogsTarget(container: LoggedContainer, taskId: string, dockerId?: string): AwslogsTarget | undefined {
  const config = container.logConfiguration;
  if (config?.logDriver !== 'awslogs') return undefined;
  const options = config.options ?? {};
  const group = options['awslogs-group'];
  if (!group) throw new Error(`container ${container.name}: the awslogs log driver needs the awslogs-group option`);
  const prefix = options['awslogs-stream-prefix'];
  const stream = prefix ? `${prefix}/${container.name}/${taskId}` : (options['awslogs-stream'] ?? dockerId);
  if (!stream) {
    throw new Error(`container ${container.name}: without awslogs-stream-prefix the log stream is the container id, which is not known yet`);
  }
  return { group, stream, createGroup: options['awslogs-create-group'] === 'true' };
}

/** The task id at the end of a task ARN (`arn:aws:ecs:...:task/<cluster>/<id>`). */
export function taskIdOf(taskArn: string): string {
  return taskArn.slice(taskArn.lastIndexOf('/') + 1);
}
