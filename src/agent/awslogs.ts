// The awslogs driver on the engine's lifecycle: a container whose logDriver is `awslogs` (run with
// Docker's json-file driver) is followed from when it starts, or is adopted after a restart (the
// shipper's state file makes that resume without repeats), until its task stops; its last lines
// are delivered before the task is reported STOPPED (bounded by the shipper's detach timeout);
// its saved position is dropped when the engine removes it.
import type { Logger } from 'pino';
import type { ContainerEvent, EngineHooks } from './engine/context.js';
import { awslogsTarget, taskIdOf, type LogShipper } from './logs/index.js';

export function awslogsHooks(opts: { shipper: LogShipper; log: Logger }): EngineHooks {
  const attach = ({ task, container, definition }: ContainerEvent) => {
    const containerId = container.runtimeId;
    const config = definition.logConfiguration;
    if (!containerId || config?.logDriver !== 'awslogs') return;
    try {
      const logConfiguration = { logDriver: 'awslogs', ...(config.options ? { options: config.options } : {}) };
      const target = awslogsTarget({ name: definition.name, logConfiguration }, taskIdOf(task.spec.taskArn), containerId);
      if (target) opts.shipper.attach({ containerId, ...target });
    } catch (err) {
      opts.log.warn({ err, taskArn: task.spec.taskArn, container: container.name }, 'cannot ship this container\'s logs');
    }
  };
  return {
    containerStarted: attach,
    containerAdopted: attach,
    taskStopping: async ({ task }) => {
      await Promise.all(task.containers.map((c) => (c.runtimeId ? opts.shipper.detach(c.runtimeId) : undefined)));
    },
    containerRemoved: ({ container }) => {
      if (container.runtimeId) opts.shipper.forget(container.runtimeId);
    },
  };
}
