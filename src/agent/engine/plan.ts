// The task loop's decisions, pure: given what the engine knows about a task, which container moves
// to which status next, whether the task must stop and why, and what the task's status is.
// (amazon-ecs-agent's dependency checks in agent/engine/dependencygraph, as one function.)
import { TASK_STATUSES, statusRank, type ContainerStatus, type TaskStatus } from '../../protocol/ecs/messages.js';
import { nextStatus, rank, type ContainerRecord, type Health, type NamedContainer } from './model.js';

export interface ContainerView {
  record: ContainerRecord;
  def: NamedContainer;
  /** A transition of this container is under way. */
  inFlight: boolean;
}

export interface TaskView {
  desired: 'RUNNING' | 'STOPPED';
  containers: ContainerView[];
}

export type Step =
  | { kind: 'transition'; container: string; to: Exclude<ContainerStatus, 'NONE'> }
  /** The container can never start (a dependency can no longer be met): it stops as it is. */
  | { kind: 'unresolvable'; container: string; reason: string };

export interface Plan {
  /** The task must stop (set once, while desired is RUNNING). */
  stopTask?: { stopCode: string; reason: string };
  steps: Step[];
  /** Every container is STOPPED: release the task's network and report it STOPPED. */
  finished: boolean;
}

export const ESSENTIAL_EXITED = 'Essential container in task exited';

type Verdict = 'met' | 'wait' | 'never';

function dependencyVerdict(dep: ContainerRecord, condition: string): Verdict {
  const stopped = dep.known === 'STOPPED';
  switch (condition) {
    case 'START':
      if (dep.known === 'RUNNING') return 'met';
      if (stopped) return dep.exitCode !== undefined && !dep.startFailed ? 'met' : 'never';
      return 'wait';
    case 'COMPLETE':
      if (stopped) return dep.startFailed ? 'never' : 'met';
      return 'wait';
    case 'SUCCESS':
      if (stopped) return dep.exitCode === 0 ? 'met' : 'never';
      return 'wait';
    case 'HEALTHY':
      if (dep.health === 'HEALTHY' && !stopped) return 'met';
      return stopped || dep.health === 'UNHEALTHY' ? 'never' : 'wait';
    default:
      return 'never';
  }
}

function linkTargets(def: NamedContainer): string[] {
  return (def.links ?? []).map((l) => l.split(':')[0] ?? '');
}

/** What must hold before `c` may move to `to`: 'met', 'wait' for it, or 'never' (with why). */
function readiness(c: ContainerView, to: ContainerStatus, byName: Map<string, ContainerView>): { verdict: Verdict; why?: string } {
  const need = (name: string, verdictOf: (d: ContainerRecord) => Verdict, what: string) => {
    const dep = byName.get(name);
    if (!dep) return { verdict: 'never' as const, why: `${what} "${name}" is not in the task` };
    const verdict = verdictOf(dep.record);
    return verdict === 'never' ? { verdict, why: `${what} "${name}" cannot be satisfied` } : { verdict };
  };
  const checks: { verdict: Verdict; why?: string }[] = [];
  if (to === 'CREATED') {
    for (const vf of c.def.volumesFrom ?? []) {
      checks.push(need(vf.sourceContainer ?? '', (d) => (d.runtimeId ? 'met' : d.known === 'STOPPED' ? 'never' : 'wait'), 'volumesFrom container'));
    }
    for (const target of linkTargets(c.def)) {
      checks.push(need(target, (d) => (d.known === 'RUNNING' ? 'met' : d.known === 'STOPPED' ? 'never' : 'wait'), 'linked container'));
    }
  }
  if (to === 'RUNNING') {
    for (const dep of c.def.dependsOn ?? []) {
      const condition = dep.condition ?? 'START';
      checks.push(need(dep.containerName ?? '', (d) => dependencyVerdict(d, condition), `dependency ${condition} on container`));
    }
  }
  return checks.find((x) => x.verdict === 'never') ?? checks.find((x) => x.verdict === 'wait') ?? { verdict: 'met' };
}

/** Containers that must stop before `name` does: those that depend on it or link to it. */
function dependents(name: string, all: ContainerView[]): ContainerView[] {
  return all.filter((c) => c.def.name !== name
    && ((c.def.dependsOn ?? []).some((d) => d.containerName === name) || linkTargets(c.def).includes(name)));
}

export function plan(task: TaskView): Plan {
  const byName = new Map(task.containers.map((c) => [c.def.name, c]));
  if (task.desired === 'RUNNING') {
    const failed = task.containers.find((c) => c.record.startFailed);
    if (failed) return { stopTask: { stopCode: 'TaskFailedToStart', reason: failed.record.reason ?? 'A container failed to start' }, steps: [], finished: false };
    if (task.containers.some((c) => c.record.essential && c.record.known === 'STOPPED')) {
      return { stopTask: { stopCode: 'EssentialContainerExited', reason: ESSENTIAL_EXITED }, steps: [], finished: false };
    }
    const steps: Step[] = [];
    for (const c of task.containers) {
      if (c.inFlight || rank(c.record.known) >= rank('RUNNING')) continue;
      const to = nextStatus(c.record.known);
      if (!to || to === 'NONE' || to === 'STOPPED') continue;
      const ready = readiness(c, to, byName);
      if (ready.verdict === 'met') steps.push({ kind: 'transition', container: c.def.name, to });
      else if (ready.verdict === 'never') {
        steps.push({ kind: 'unresolvable', container: c.def.name, reason: `DependencyNotResolvedError: ${ready.why ?? 'dependency cannot be satisfied'}` });
      }
    }
    return { steps, finished: false };
  }
  const steps: Step[] = [];
  for (const c of task.containers) {
    if (c.inFlight || c.record.known === 'STOPPED') continue;
    const waiting = dependents(c.def.name, task.containers).some((d) => d.record.known !== 'STOPPED');
    if (!waiting) steps.push({ kind: 'transition', container: c.def.name, to: 'STOPPED' });
  }
  const finished = task.containers.every((c) => c.record.known === 'STOPPED' && !c.inFlight);
  return { steps, finished };
}

/** PENDING until every essential container runs, RUNNING, STOPPING while stopping; never backwards. */
export function taskStatus(task: TaskView & { previous: TaskStatus; resourcesReleased: boolean }): TaskStatus {
  let next: TaskStatus = 'PENDING';
  const essentials = task.containers.filter((c) => c.record.essential);
  if (task.resourcesReleased && task.containers.every((c) => c.record.known === 'STOPPED')) next = 'STOPPED';
  else if (task.desired === 'STOPPED') next = 'STOPPING';
  else if (essentials.length > 0 && essentials.every((c) => c.record.known === 'RUNNING')) next = 'RUNNING';
  return statusRank(TASK_STATUSES, next) > statusRank(TASK_STATUSES, task.previous) ? next : task.previous;
}

/** HEALTHY when every essential container with a health check is, UNHEALTHY if any is not. */
export function taskHealth(containers: ContainerView[]): Health {
  const checked = containers.filter((c) => c.record.essential && c.def.healthCheck?.command?.length);
  if (checked.length === 0) return 'UNKNOWN';
  if (checked.some((c) => c.record.health === 'UNHEALTHY')) return 'UNHEALTHY';
  return checked.every((c) => c.record.health === 'HEALTHY') ? 'HEALTHY' : 'UNKNOWN';
}
