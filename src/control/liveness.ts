// Lost hosts: on a timer, every ACTIVE or DRAINING container instance whose agent has been
// disconnected for longer than the grace has its tasks marked STOPPED at once (one transaction
// per instance, reservations released), and the instance is marked `lostAt` so it is not handled
// again; the agent's reconnect clears both (session/records.ts markAgent). Decisions are in
// liveness/decide.ts.
import type { Logger } from 'pino';
import { publishInstanceTasks } from '../api/ecs/changes.js';
import type { ContainerInstanceRecord } from '../api/ecs/containerInstance/model.js';
import { CONTAINER_INSTANCES, getInstance, saveInstance } from '../api/ecs/containerInstance/repo.js';
import type { TaskRecord } from '../api/ecs/task/model.js';
import { instanceTasks, writeTasks } from '../api/ecs/task/repo.js';
import type { Services } from '../protocol/context.js';
import type { Reader } from '../state/store.js';
import { periodicJob } from '../util/periodic.js';
import { realTimers, type Timers } from '../util/timers.js';
import { DEFAULT_LOST_AGENT_GRACE_MS, isLost, lostInstances, stopLostTasks, type LivenessPolicy } from './liveness/decide.js';

export { DEFAULT_LOST_AGENT_GRACE_MS, LOST_HOST_STOP_CODE } from './liveness/decide.js';

export interface LivenessOptions {
  services: Services;
  log: Logger;
  /** How long an agent may stay disconnected before its host counts as lost (default 10 s). */
  graceMs?: number;
  /** How often to look (default a second). */
  intervalMs?: number;
  timers?: Timers;
}

export interface Liveness {
  /** Handles the lost hosts now; resolves with how many tasks were stopped. */
  check(): Promise<number>;
  close(): Promise<void>;
}

export function startLiveness(opts: LivenessOptions): Liveness {
  const graceMs = opts.graceMs ?? DEFAULT_LOST_AGENT_GRACE_MS;
  const log = opts.log.child({ component: 'liveness' });
  const job = periodicJob({
    every: opts.intervalMs ?? 1000,
    timers: opts.timers ?? realTimers,
    run: () => handleLost(opts.services, log, { now: opts.services.clock().getTime(), graceMs }),
    onError: (err) => log.error({ err }, 'lost host check failed'),
  });
  return { check: job.run, close: job.close };
}

async function handleLost(services: Services, log: Logger, policy: LivenessPolicy): Promise<number> {
  let count = 0;
  for (const ci of lostInstances(await allInstances(services.store), policy)) {
    const stopped = await services.store.transaction(async (tx) => {
      const current = await getInstance(tx, ci.clusterName, ci.id);
      // The agent may have come back since the list was read.
      if (!current || !isLost(current, policy)) return undefined;
      const tasks: TaskRecord[] = stopLostTasks(await instanceTasks(tx, current), policy);
      await writeTasks(tx, tasks);
      const latest = (await getInstance(tx, current.clusterName, current.id)) ?? current;
      // Every task it held is stopped: nothing stays reserved (not even an entry whose task is gone).
      if (latest.lostAt === undefined || Object.keys(latest.placed).length > 0) {
        await saveInstance(tx, { ...latest, lostAt: latest.lostAt ?? policy.now, placed: {} });
      }
      return tasks;
    });
    if (!stopped) continue;
    publishInstanceTasks(services, [{ clusterName: ci.clusterName, containerInstanceId: ci.id }, ...stopped]);
    if (stopped.length > 0) {
      log.warn({ containerInstanceArn: ci.arn, disconnectedAt: ci.disconnectedAt, tasks: stopped.map((t) => t.taskArn) }, 'agent lost: its tasks are stopped');
    }
    count += stopped.length;
  }
  return count;
}

async function allInstances(reader: Reader): Promise<ContainerInstanceRecord[]> {
  const out: ContainerInstanceRecord[] = [];
  let after: string | undefined;
  for (;;) {
    const rows = await reader.list<ContainerInstanceRecord>(CONTAINER_INSTANCES, { after, limit: 500 });
    for (const r of rows) out.push(r.value);
    const last = rows[rows.length - 1];
    if (rows.length < 500 || !last) return out;
    after = last.key;
  }
}
