// A task as the agent session's `tasks` message carries it (protocol/ecs/messages.ts). Pure.
import type { TaskSpec } from '../../../protocol/ecs/messages.js';
import type { TaskRecord } from './model.js';

export function taskSpec(t: TaskRecord): TaskSpec {
  return {
    taskArn: t.taskArn,
    clusterArn: t.clusterArn,
    taskDefinitionArn: t.taskDefinitionArn,
    family: t.family,
    revision: t.revision,
    desiredStatus: t.desiredStatus,
    launchType: t.launchType,
    createdAt: t.createdAt,
    group: t.group,
    ...(t.startedBy !== undefined ? { startedBy: t.startedBy } : {}),
    ...(t.desiredStatus === 'STOPPED' && t.stoppedReason !== undefined ? { stoppedReason: t.stoppedReason } : {}),
    ...(t.desiredStatus === 'STOPPED' && t.stopCode !== undefined ? { stopCode: t.stopCode } : {}),
    taskDefinition: { ...t.effective },
  };
}
