// One loop per task: ask plan() what moves next, run those transitions (the table below maps each
// container status to the function that reaches it; their bodies are in transitions.ts), and
// report every change. Idempotent: a runner can start from any record (a new task, or one
// adopted after a restart).
import type { ContainerStatus, TaskSpec, TaskState } from '../../protocol/ecs/messages.js';
import type { VolumeSource } from '../runtime/createOptions.js';
import { dockerMessage } from '../runtime/dockerRuntime.js';
import type { RuntimeContainer, RuntimeEvent } from '../runtime/types.js';
import type { TaskContext } from './context.js';
import { advance, rank, type ContainerRecord, type TaskRecord } from './model.js';
import { healthOf, observe } from './observe.js';
import { plan, taskHealth, taskStatus, type ContainerView, type Step, type TaskView } from './plan.js';
import { definitionOf, isEssential, parseTaskDefinition, type ParsedTaskDefinition } from './taskDefinition.js';
import { toTaskState } from './taskState.js';
import { cleanup, create, pull, release, start, stop, type Transition, type TransitionTask } from './transitions.js';

/** Each status and the function that reaches it. */
const TRANSITIONS: Record<Exclude<ContainerStatus, 'NONE'>, Transition> = {
  PULLED: pull,
  CREATED: create,
  RUNNING: start,
  STOPPED: stop,
};

export function newTaskRecord(spec: TaskSpec): TaskRecord {
  return { spec, desired: 'RUNNING', status: 'PENDING', containers: [], taskVolumes: [], resourcesReleased: false };
}

export class TaskRunner implements TransitionTask {
  readonly done: Promise<void>;
  volumes?: Promise<Record<string, VolumeSource>> | undefined;
  private readonly def?: ParsedTaskDefinition;
  private readonly inFlight = new Set<string>();
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private closed = false;
  private lastEmitted = '';

  constructor(readonly record: TaskRecord, readonly ctx: TaskContext, private readonly emit: (task: TaskRecord, state: TaskState) => void) {
    try {
      this.def = parseTaskDefinition(record.spec.taskDefinition);
      for (const d of this.def.containers) {
        const existing = record.containers.find((c) => c.name === d.name);
        if (existing) existing.essential = isEssential(d);
        else record.containers.push({ name: d.name, essential: isEssential(d), known: 'NONE', networkBindings: [] });
      }
    } catch (err) {
      this.requestStop('TaskFailedToStart', dockerMessage(err));
    }
    if (record.spec.desiredStatus === 'STOPPED') this.requestStop(record.spec.stopCode, record.spec.stoppedReason);
    this.done = Promise.resolve().then(() => this.run()).catch((err: unknown) => ctx.log.error({ err, taskArn: record.spec.taskArn }, 'task loop failed'));
  }

  get taskArn(): string {
    return this.record.spec.taskArn;
  }

  /** The task definition as parsed (undefined when it could not be). */
  get parsed(): ParsedTaskDefinition | undefined {
    return this.def;
  }

  /** The server's latest word on this task. */
  setSpec(spec: TaskSpec): void {
    if (spec.desiredStatus === 'STOPPED') this.requestStop(spec.stopCode, spec.stoppedReason);
    this.wake();
  }

  state(): TaskState {
    return toTaskState(this.record, taskHealth(this.view().containers));
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.closed) return;
      const p = plan(this.view());
      if (p.stopTask && this.record.desired === 'RUNNING') {
        this.requestStop(p.stopTask.stopCode, p.stopTask.reason);
        continue;
      }
      for (const step of p.steps) this.launch(step);
      if (p.finished && !this.record.resourcesReleased) await release(this);
      this.changed();
      if (this.record.status === 'STOPPED') return;
      await this.sleep();
    }
  }

  private sleep(): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.wakeUp = () => {
        this.wakeUp = undefined;
        this.woken = false;
        resolve();
      };
    });
  }

  private launch(step: Step): void {
    const c = this.record.containers.find((x) => x.name === step.container);
    if (!c) return;
    if (step.kind === 'unresolvable') {
      c.reason = step.reason;
      if (c.essential) c.startFailed = true;
      advance(c, 'STOPPED');
      this.wake();
      return;
    }
    this.inFlight.add(c.name);
    TRANSITIONS[step.to](this, c, definitionOf(this.def, c.name))
      .catch((err: unknown) => this.ctx.log.warn({ err, taskArn: this.taskArn, container: c.name, to: step.to }, 'transition failed'))
      .finally(() => {
        this.inFlight.delete(c.name);
        this.changed();
        this.wake();
      });
  }

  private requestStop(stopCode: string | undefined, reason: string | undefined): void {
    if (this.record.desired === 'STOPPED') return;
    this.record.desired = 'STOPPED';
    if (stopCode && !this.record.stopCode) this.record.stopCode = stopCode;
    if (reason && !this.record.stoppedReason) this.record.stoppedReason = reason;
  }

  private view(): TaskView {
    const containers: ContainerView[] = this.record.containers.map((record) => ({
      record, def: definitionOf(this.def, record.name), inFlight: this.inFlight.has(record.name),
    }));
    return { desired: this.record.desired, containers };
  }

  /** Recomputes status, health and timestamps; reports when anything changed. */
  changed(): void {
    const now = this.ctx.clock().getTime();
    const r = this.record;
    const view = this.view();
    if (r.pullStartedAt !== undefined && r.pullStoppedAt === undefined
      && r.containers.every((c) => rank(c.known) >= rank('PULLED'))) {
      r.pullStoppedAt = now;
    }
    if (r.executionStoppedAt === undefined && r.containers.length > 0 && r.containers.every((c) => c.known === 'STOPPED')) {
      r.executionStoppedAt = now;
    }
    const status = taskStatus({ ...view, previous: r.status, resourcesReleased: r.resourcesReleased });
    if (status !== r.status) {
      r.status = status;
      if (status === 'RUNNING') r.startedAt ??= now;
      if (status === 'STOPPED') {
        r.executionStoppedAt ??= now;
        r.stoppedAt ??= now;
      }
    }
    const state = toTaskState(r, taskHealth(view.containers));
    const text = JSON.stringify(state);
    if (text === this.lastEmitted) return;
    this.lastEmitted = text;
    this.emit(r, state);
  }

  // ---- what Docker says ----

  /** Folds an inspection into the container's record (statuses only move forward). */
  observe(c: ContainerRecord, info: RuntimeContainer | undefined, vanishedReason?: string): void {
    observe({ record: this.record, parsed: this.def, hostIp: this.ctx.hostIp }, c, info, vanishedReason);
  }

  async onEvent(event: RuntimeEvent): Promise<void> {
    const c = this.record.containers.find((x) => x.runtimeId === event.id);
    if (!c) return;
    if (event.kind === 'health') {
      if (definitionOf(this.def, c.name).healthCheck?.command?.length) c.health = healthOf(event.health);
    } else if (event.kind === 'die') {
      this.observe(c, await this.ctx.runtime.inspectContainer(event.id));
    } else {
      this.observe(c, undefined);
    }
    this.changed();
    this.wake();
  }

  /** Re-reads every container from Docker (after a gap in events, and periodically). */
  async resync(): Promise<void> {
    for (const c of this.record.containers) {
      if (!c.runtimeId || c.known === 'STOPPED' || this.inFlight.has(c.name)) continue;
      this.observe(c, await this.ctx.runtime.inspectContainer(c.runtimeId));
    }
    this.changed();
    this.wake();
  }

  /** After ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION: removes the containers and task volumes. */
  cleanup(): Promise<void> {
    return cleanup(this);
  }
}
