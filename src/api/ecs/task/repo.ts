// Tasks in the Store, keyed `<cluster>/<task id>`. Every write of a task goes through `writeTask(s)`,
// which keeps the task's reservation on its container instance (the instance's `placed` map) in
// step: a task holds cpu, memory and ports there until it is STOPPED.
import type { Account } from '../../../protocol/context.js';
import type { Reader, Tx } from '../../../state/store.js';
import { parseResourceRef } from '../arns.js';
import type { ContainerInstanceRecord, PlacedTask } from '../containerInstance/model.js';
import { getInstance, saveInstance } from '../containerInstance/repo.js';
import { isStopped, type TaskRecord } from './model.js';

export const TASKS = 'ecs/tasks';

export function taskKey(clusterName: string, id: string): string {
  return `${clusterName}/${id}`;
}

export function getTask(reader: Reader, clusterName: string, id: string): Promise<TaskRecord | undefined> {
  return reader.get<TaskRecord>(TASKS, taskKey(clusterName, id));
}

/** The task a `task` parameter (id or ARN) names in the cluster; undefined when none. */
export async function findTask(reader: Reader, account: Account, clusterName: string, identifier: string): Promise<TaskRecord | undefined> {
  const ref = parseResourceRef(account, 'task', identifier);
  if (!ref || (ref.cluster !== undefined && ref.cluster !== clusterName)) return undefined;
  return getTask(reader, clusterName, ref.id);
}

export function placedTask(t: TaskRecord): PlacedTask {
  return {
    group: t.group, family: t.family, cpu: t.needs.cpu, memory: t.needs.memory,
    tcp: t.needs.tcp, udp: t.needs.udp, lastStatus: t.lastStatus, launchType: t.launchType, desiredStatus: t.desiredStatus,
  };
}

/** `ci` with the task's reservation added, updated or (once STOPPED) released; undefined when unchanged. */
export function withTask(ci: ContainerInstanceRecord, t: TaskRecord): ContainerInstanceRecord | undefined {
  const current = ci.placed[t.taskId];
  if (isStopped(t)) {
    if (!current) return undefined;
    const placed = { ...ci.placed };
    delete placed[t.taskId];
    return { ...ci, placed };
  }
  if (current && current.lastStatus === t.lastStatus && current.desiredStatus === t.desiredStatus) return undefined;
  return { ...ci, placed: { ...ci.placed, [t.taskId]: placedTask(t) } };
}

/** Writes the task and keeps its instance's reservations in step. */
export function writeTask(tx: Tx, t: TaskRecord): Promise<void> {
  return writeTasks(tx, [t]);
}

/** Writes the tasks and keeps their instances' reservations in step: one write per instance. */
export async function writeTasks(tx: Tx, tasks: readonly TaskRecord[]): Promise<void> {
  const byInstance = new Map<string, TaskRecord[]>();
  for (const t of tasks) {
    await tx.put(TASKS, taskKey(t.clusterName, t.taskId), t);
    const key = `${t.clusterName}/${t.containerInstanceId}`;
    const list = byInstance.get(key);
    if (list) list.push(t);
    else byInstance.set(key, [t]);
  }
  for (const list of byInstance.values()) {
    const first = list[0] as TaskRecord;
    const ci = await getInstance(tx, first.clusterName, first.containerInstanceId);
    if (!ci) continue;
    let next = ci;
    for (const t of list) next = withTask(next, t) ?? next;
    if (next !== ci) await saveInstance(tx, next);
  }
}

/** The tasks placed on the instance that have not stopped. */
export async function instanceTasks(reader: Reader, ci: ContainerInstanceRecord): Promise<TaskRecord[]> {
  const out: TaskRecord[] = [];
  for (const id of Object.keys(ci.placed)) {
    const t = await getTask(reader, ci.clusterName, id);
    if (t) out.push(t);
  }
  return out;
}
