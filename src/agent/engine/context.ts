// What a task loop needs from the world, injected (runtime, clock and timers, logger, host settings).
import type { Logger } from 'pino';
import type { Clock } from '../../util/clock.js';
import type { Timers } from '../../util/timers.js';
import type { ContainerRuntime } from '../runtime/types.js';
import type { ContainerRecord, NamedContainer, TaskRecord } from './model.js';

export interface ContainerEvent {
  task: TaskRecord;
  container: ContainerRecord;
  definition: NamedContainer;
}

/** Tiny lifecycle hooks (a name and one method each); log shipping attaches to containerStarted. */
export interface EngineHooks {
  containerStarted?(event: ContainerEvent): void;
  /** After a restart: a container of a task not yet reported STOPPED that Docker still has (running or exited). */
  containerAdopted?(event: ContainerEvent): void;
  /** Every container has stopped; awaited (the hook bounds its own wait) before the task is reported STOPPED. */
  taskStopping?(event: { task: TaskRecord }): Promise<void>;
  taskStopped?(event: { task: TaskRecord }): void;
  /** The engine removed the container from Docker (task cleanup). */
  containerRemoved?(event: { task: TaskRecord; container: ContainerRecord }): void;
}

/** The task metadata endpoint, when the agent serves one. */
export interface MetadataEndpoint {
  /** `http://<host>:<port>`; a container's URI is `${baseUrl}/v4/<token>`. */
  baseUrl: string;
  /** A new random token for one container. */
  newToken(): string;
}

export interface TaskContext {
  runtime: ContainerRuntime;
  clock: Clock;
  /** What its waits run on (a failed stop's retry). */
  timers: Timers;
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
  metadata?: MetadataEndpoint;
}

/** One set of hooks calling each given set in turn (taskStopping: all of them, together). */
export function combineHooks(...sets: EngineHooks[]): EngineHooks {
  return {
    containerStarted: (e) => { for (const h of sets) h.containerStarted?.(e); },
    containerAdopted: (e) => { for (const h of sets) h.containerAdopted?.(e); },
    taskStopping: async (e) => { await Promise.all(sets.map((h) => h.taskStopping?.(e))); },
    taskStopped: (e) => { for (const h of sets) h.taskStopped?.(e); },
    containerRemoved: (e) => { for (const h of sets) h.containerRemoved?.(e); },
  };
}
