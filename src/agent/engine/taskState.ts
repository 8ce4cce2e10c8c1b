// A task record -> the contract's TaskState (what `hello` and `taskState` carry). Pure.
import type { TaskState } from '../../protocol/ecs/messages.js';
import type { TaskRecord } from './model.js';

export function toTaskState(task: TaskRecord, healthStatus?: TaskState['healthStatus']): TaskState {
  const opt = <K extends keyof TaskRecord>(key: K) => (task[key] !== undefined ? { [key]: task[key] } : {});
  return {
    taskArn: task.spec.taskArn,
    status: task.status,
    containers: task.containers.map((c) => ({
      name: c.name,
      status: c.known,
      networkBindings: c.networkBindings,
      ...(c.runtimeId ? { runtimeId: c.runtimeId } : {}),
      ...(c.imageDigest ? { imageDigest: c.imageDigest } : {}),
      ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.health ? { healthStatus: c.health } : {}),
    })),
    ...(healthStatus ? { healthStatus } : {}),
    ...opt('pullStartedAt'),
    ...opt('pullStoppedAt'),
    ...opt('startedAt'),
    ...opt('executionStoppedAt'),
    ...opt('stoppedAt'),
    ...opt('stopCode'),
    ...opt('stoppedReason'),
    ...opt('privateIPv4Address'),
  } as TaskState;
}
