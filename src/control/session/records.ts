// What a session reads and writes in the Store: the instance's connection flag and agent
// version and the agent's task reports (assignment.ts reads what the instance is assigned).
import { parseResourceRef } from '../../api/ecs/arns.js';
import type { ContainerInstanceRecord } from '../../api/ecs/containerInstance/model.js';
import { CONTAINER_INSTANCES, getInstance, saveInstance } from '../../api/ecs/containerInstance/repo.js';
import type { TaskRecord } from '../../api/ecs/task/model.js';
import { applyReport } from '../../api/ecs/task/report.js';
import { getTask, writeTasks } from '../../api/ecs/task/repo.js';
import type { Services } from '../../protocol/context.js';
import type { TaskState } from '../../protocol/ecs/messages.js';

export interface InstanceKey {
  clusterName: string;
  instanceId: string;
}

/**
 * Sets agentConnected (and the agent version, when given); no write when nothing changes. A
 * disconnect stamps `disconnectedAt` (kept from an earlier one); a connect clears it and `lostAt`.
 */
export async function markAgent(services: Services, key: InstanceKey, change: { connected: boolean; agentVersion?: string }): Promise<void> {
  const now = services.clock().getTime();
  await services.store.transaction(async (tx) => {
    const ci = await getInstance(tx, key.clusterName, key.instanceId);
    if (!ci || (ci.status === 'INACTIVE' && change.connected)) return;
    const version = change.agentVersion ?? ci.versionInfo.agentVersion;
    const disconnectedAt = change.connected ? undefined : ci.agentConnected ? now : ci.disconnectedAt ?? now;
    const lostAt = change.connected ? undefined : ci.lostAt;
    if (ci.agentConnected === change.connected && version === ci.versionInfo.agentVersion
      && ci.disconnectedAt === disconnectedAt && ci.lostAt === lostAt) return;
    const next: ContainerInstanceRecord = {
      ...ci,
      agentConnected: change.connected,
      versionInfo: version === undefined ? ci.versionInfo : { ...ci.versionInfo, agentVersion: version },
    };
    delete next.disconnectedAt;
    delete next.lostAt;
    await saveInstance(tx, { ...next, ...(disconnectedAt === undefined ? {} : { disconnectedAt }), ...(lostAt === undefined ? {} : { lostAt }) });
  });
}

/**
 * Applies the agent's reports about tasks of this instance (others are ignored), in order, in one
 * transaction: each task is read once, takes every report about it, and is written once, and the
 * instance's reservations are updated once for all of them. Returns the tasks changed.
 */
export async function applyReports(services: Services, key: InstanceKey, states: readonly TaskState[]): Promise<TaskRecord[]> {
  if (states.length === 0) return [];
  const now = services.clock().getTime();
  return services.store.transaction(async (tx) => {
    /** Task id -> the task as read, and as the reports so far left it. */
    const tasks = new Map<string, { read: TaskRecord; next: TaskRecord }>();
    for (const s of states) {
      const ref = parseResourceRef(services.account, 'task', s.taskArn);
      if (!ref || (ref.cluster !== undefined && ref.cluster !== key.clusterName)) continue;
      let entry = tasks.get(ref.id);
      if (!entry) {
        const task = await getTask(tx, key.clusterName, ref.id);
        if (!task || task.containerInstanceId !== key.instanceId) continue;
        tasks.set(ref.id, (entry = { read: task, next: task }));
      }
      entry.next = applyReport(entry.next, s, now);
    }
    const changed = [...tasks.values()].filter((e) => e.next !== e.read).map((e) => ({ ...e.next, version: e.read.version + 1 }));
    await writeTasks(tx, changed);
    return changed;
  });
}

/**
 * On start: no session is open yet, so no agent is connected, whatever the Store remembers; each is
 * disconnected since the start at the latest (`disconnectedAt`, also stamped where it is missing).
 */
export async function disconnectAll(services: Services): Promise<void> {
  let after: string | undefined;
  for (;;) {
    const rows = await services.store.list<ContainerInstanceRecord>(CONTAINER_INSTANCES, { after, limit: 500 });
    const stale = rows.filter((r) => r.value.agentConnected || (r.value.status !== 'INACTIVE' && r.value.disconnectedAt === undefined));
    for (const r of stale) await markAgent(services, { clusterName: r.value.clusterName, instanceId: r.value.id }, { connected: false });
    const last = rows[rows.length - 1];
    if (rows.length < 500 || !last) return;
    after = last.key;
  }
}
