// What a task loop needs from the world, injected (runtime, clock, logger, host settings).
import type { Logger } from 'pino';
import type { Clock } from '../../util/clock.js';
import type { ContainerRuntime } from '../runtime/types.js';
import type { ContainerRecord, NamedContainer, TaskRecord } from './model.js';

/** Tiny lifecycle hooks (a name and one method each); log shipping attaches to containerStarted. */
export interface EngineHooks {
  containerStarted?(event: { task: TaskRecord; container: ContainerRecord; definition: NamedContainer }): void;
  taskStopped?(event: { task: TaskRecord }): void;
}

export interface TaskContext {
  runtime: ContainerRuntime;
  clock: Clock;
  log: Logger;
  instanceArn: string;
  hostIp: string;
  /** ECS_CONTAINER_STOP_TIMEOUT: used when a container has no stopTimeout. */
  stopTimeoutMs: number;
  disablePrivileged: boolean;
  /** Pulls (or not, per ECS_IMAGE_PULL_BEHAVIOR) with the right credentials. */
  pullImage(image: string): Promise<void>;
  /** Reads an environment file from the host. */
  readFile(path: string): Promise<string>;
  hooks: EngineHooks;
}
