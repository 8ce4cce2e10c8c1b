// Adoption after a restart: what the state file remembers, matched with what Docker runs under this
// instance's label. Pure: the engine lists and inspects, this decides what each container is.
// No container is started, stopped or removed here; the task loops carry on from the result.
import type { TaskSpec } from '../../protocol/ecs/messages.js';
import { LABELS, clusterArnFromLabel } from '../runtime/labels.js';
import type { RuntimeContainer } from '../runtime/types.js';
import type { TaskRecord } from './model.js';
import { newTaskRecord } from './taskRunner.js';

export const VANISHED = 'ContainerVanishedError: the container was removed while the agent was not running';

export interface Adopted {
  record: TaskRecord;
  /** Per container name: Docker's view, or null when a container the agent had created is gone. */
  observed: Map<string, RuntimeContainer | null>;
}

/** A task Docker runs under this instance's label that the state file does not know (state lost). */
function recordFromLabels(taskArn: string, containers: RuntimeContainer[], now: number): TaskRecord {
  const first = containers[0]?.labels ?? {};
  const spec: TaskSpec = {
    taskArn,
    clusterArn: clusterArnFromLabel(first[LABELS.cluster], taskArn),
    taskDefinitionArn: '',
    family: first[LABELS.family] ?? '',
    revision: Number(first[LABELS.version] ?? 0),
    desiredStatus: 'RUNNING',
    launchType: 'EC2',
    createdAt: now,
    taskDefinition: {
      containerDefinitions: containers.map((c) => ({ name: c.labels[LABELS.containerName], image: c.imageId })),
    },
  };
  return newTaskRecord(spec);
}

export function adopt(saved: Record<string, TaskRecord>, found: RuntimeContainer[], now: number): Adopted[] {
  const byTask = new Map<string, RuntimeContainer[]>();
  for (const c of found) {
    const arn = c.labels[LABELS.taskArn];
    if (!arn) continue;
    byTask.set(arn, [...(byTask.get(arn) ?? []), c]);
  }
  const out: Adopted[] = [];
  const arns = new Set([...Object.keys(saved), ...byTask.keys()]);
  for (const arn of arns) {
    const running = byTask.get(arn) ?? [];
    const record = saved[arn] ?? recordFromLabels(arn, running, now);
    const observed = new Map<string, RuntimeContainer | null>();
    for (const c of record.containers) {
      const match = running.find((r) => r.labels[LABELS.containerName] === c.name);
      if (match) observed.set(c.name, match);
      else if (c.runtimeId && c.known !== 'STOPPED') observed.set(c.name, null);
    }
    for (const r of running) {
      const name = r.labels[LABELS.containerName];
      if (name && !record.containers.some((c) => c.name === name)) observed.set(name, r);
    }
    out.push({ record, observed });
  }
  return out;
}
