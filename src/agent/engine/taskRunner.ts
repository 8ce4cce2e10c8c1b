// One loop per task: ask plan() what moves next, run those transitions (the table below maps each
// container status to the function that reaches it), and report every change. Idempotent: a
// runner can start from any record (a new task, or one adopted after a restart).
import type { ContainerStatus, TaskSpec, TaskState } from '../../protocol/ecs/messages.js';
import { createOptions, parseEnvFile, type VolumeSource } from '../runtime/createOptions.js';
import { dockerMessage } from '../runtime/dockerRuntime.js';
import type { RuntimeContainer, RuntimeEvent } from '../runtime/types.js';
import type { TaskContext } from './context.js';
import { advance, rank, type ContainerRecord, type Health, type NamedContainer, type TaskRecord } from './model.js';
import { plan, taskHealth, taskStatus, type ContainerView, type Step, type TaskView } from './plan.js';
import { isEssential, parseTaskDefinition, type ParsedTaskDefinition } from './taskDefinition.js';
import { ensureNetwork, ensureVolumes } from './taskResources.js';
import { toTaskState } from './taskState.js';

type Transition = (runner: TaskRunner, c: ContainerRecord, def: NamedContainer) => Promise<void>;

/** Each status and the function that reaches it. */
const TRANSITIONS: Record<Exclude<ContainerStatus, 'NONE'>, Transition> = {
  PULLED: (r, c, d) => r.pull(c, d),
  CREATED: (r, c, d) => r.create(c, d),
  RUNNING: (r, c, d) => r.start(c, d),
  STOPPED: (r, c, d) => r.stop(c, d),
};

const HEALTH: Record<string, Health> = { healthy: 'HEALTHY', unhealthy: 'UNHEALTHY', starting: 'UNKNOWN' };
const RETRY_STOP_MS = 1000;

function message(err: unknown): string {
  return dockerMessage(err);
}

export function newTaskRecord(spec: TaskSpec): TaskRecord {
  return { spec, desired: 'RUNNING', status: 'PENDING', containers: [], taskVolumes: [], resourcesReleased: false };
}

export class TaskRunner {
  readonly done: Promise<void>;
  private readonly def?: ParsedTaskDefinition;
  private readonly inFlight = new Set<string>();
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private closed = false;
  private lastEmitted = '';
  private volumes?: Promise<Record<string, VolumeSource>>;

  constructor(readonly record: TaskRecord, private readonly ctx: TaskContext, private readonly emit: (task: TaskRecord, state: TaskState) => void) {
    try {
      this.def = parseTaskDefinition(record.spec.taskDefinition);
      for (const d of this.def.containers) {
        const existing = record.containers.find((c) => c.name === d.name);
        if (existing) existing.essential = isEssential(d);
        else record.containers.push({ name: d.name, essential: isEssential(d), known: 'NONE', networkBindings: [] });
      }
    } catch (err) {
      this.requestStop('TaskFailedToStart', message(err));
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

  private requestStop(stopCode: string | undefined, reason: string | undefined): void {
    if (this.record.desired === 'STOPPED') return;
    this.record.desired = 'STOPPED';
    if (stopCode && !this.record.stopCode) this.record.stopCode = stopCode;
    if (reason && !this.record.stoppedReason) this.record.stoppedReason = reason;
  }

  private definition(name: string): NamedContainer {
    return this.def?.containers.find((d) => d.name === name) ?? { name };
  }

  private view(): TaskView {
    const containers: ContainerView[] = this.record.containers.map((record) => ({
      record, def: this.definition(record.name), inFlight: this.inFlight.has(record.name),
    }));
    return { desired: this.record.desired, containers };
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
      if (p.finished && !this.record.resourcesReleased) await this.release();
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
    TRANSITIONS[step.to](this, c, this.definition(c.name))
      .catch((err: unknown) => this.ctx.log.warn({ err, taskArn: this.taskArn, container: c.name, to: step.to }, 'transition failed'))
      .finally(() => {
        this.inFlight.delete(c.name);
        this.changed();
        this.wake();
      });
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

  // ---- the transitions ----

  async pull(c: ContainerRecord, def: NamedContainer): Promise<void> {
    this.record.pullStartedAt ??= this.ctx.clock().getTime();
    this.changed();
    try {
      if (!def.image) throw new Error(`container "${def.name}" has no image`);
      await this.ctx.pullImage(def.image);
      const digest = await this.ctx.runtime.imageDigest(def.image);
      if (digest) c.imageDigest = digest;
      advance(c, 'PULLED');
    } catch (err) {
      this.fail(c, `CannotPullContainerError: ${message(err)}`);
    }
  }

  async create(c: ContainerRecord, def: NamedContainer): Promise<void> {
    try {
      const td = this.def;
      if (!td) throw new Error('no task definition');
      const network = td.networkMode === 'awsvpc' ? await ensureNetwork(this.ctx.runtime, this.record, this.ctx.instanceArn) : undefined;
      this.volumes ??= ensureVolumes(this.ctx.runtime, this.record, td.volumes, this.ctx.instanceArn);
      const volumes = await this.volumes;
      const environmentFiles = await Promise.all((def.environmentFiles ?? []).map(async (f) => parseEnvFile(await this.ctx.readFile(f.value))));
      const runtimeIds = Object.fromEntries(this.record.containers.filter((x) => x.runtimeId).map((x) => [x.name, x.runtimeId ?? '']));
      const meta = this.ctx.metadata;
      if (meta && td.networkMode !== 'none') c.metadataToken ??= meta.newToken();
      const options = createOptions({
        taskArn: this.taskArn,
        clusterArn: this.record.spec.clusterArn,
        family: this.record.spec.family,
        revision: this.record.spec.revision,
        networkMode: td.networkMode,
        ...(td.pidMode ? { pidMode: td.pidMode } : {}),
        ...(td.ipcMode ? { ipcMode: td.ipcMode } : {}),
        container: def,
        instanceArn: this.ctx.instanceArn,
        hostIp: this.ctx.hostIp,
        disablePrivileged: this.ctx.disablePrivileged,
        stopTimeoutSeconds: this.stopTimeoutSeconds(def),
        runtimeIds,
        volumes,
        ...(network ? { awsvpcNetwork: network } : {}),
        environmentFiles,
        ...(meta && c.metadataToken ? { metadata: { baseUrl: meta.baseUrl, token: c.metadataToken } } : {}),
      });
      c.runtimeId = await this.ctx.runtime.createContainer(options);
      advance(c, 'CREATED');
    } catch (err) {
      this.volumes = undefined;
      this.fail(c, `CannotCreateContainerError: ${message(err)}`);
    }
  }

  async start(c: ContainerRecord, def: NamedContainer): Promise<void> {
    try {
      if (!c.runtimeId) throw new Error('the container was not created');
      await this.ctx.runtime.startContainer(c.runtimeId);
      this.observe(c, await this.ctx.runtime.inspectContainer(c.runtimeId));
      advance(c, 'RUNNING');
    } catch (err) {
      this.fail(c, `CannotStartContainerError: ${message(err)}`);
      return;
    }
    this.ctx.hooks.containerStarted?.({ task: this.record, container: c, definition: def });
  }

  async stop(c: ContainerRecord, def: NamedContainer): Promise<void> {
    if (c.runtimeId && rank(c.known) >= rank('CREATED')) {
      try {
        await this.ctx.runtime.stopContainer(c.runtimeId, this.stopTimeoutSeconds(def));
        this.observe(c, await this.ctx.runtime.inspectContainer(c.runtimeId));
      } catch (err) {
        this.ctx.log.warn({ err, taskArn: this.taskArn, container: c.name }, 'stop failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, RETRY_STOP_MS));
        return;
      }
    }
    advance(c, 'STOPPED');
  }

  private fail(c: ContainerRecord, reason: string): void {
    c.reason = reason;
    c.startFailed = true;
    advance(c, 'STOPPED');
  }

  private stopTimeoutSeconds(def: NamedContainer): number {
    return def.stopTimeout ?? Math.ceil(this.ctx.stopTimeoutMs / 1000);
  }

  // ---- what Docker says ----

  /** Folds an inspection into the container's record (statuses only move forward). */
  observe(c: ContainerRecord, info: RuntimeContainer | undefined, vanishedReason?: string): void {
    if (!info) {
      if (c.runtimeId && c.known !== 'STOPPED') {
        c.reason ??= vanishedReason ?? 'ContainerVanishedError: the container was removed from Docker outside the agent';
        advance(c, 'STOPPED');
      }
      return;
    }
    c.runtimeId ??= info.id;
    const def = this.definition(c.name);
    if (info.health && def.healthCheck?.command?.length) c.health = HEALTH[info.health] ?? 'UNKNOWN';
    else if (def.healthCheck?.command?.length) c.health ??= 'UNKNOWN';
    if (info.running) {
      if (advance(c, 'RUNNING') || c.networkBindings.length === 0) c.networkBindings = this.bindings(info, def);
      if (this.record.network && !this.record.privateIPv4Address && info.networks[this.record.network]) {
        this.record.privateIPv4Address = info.networks[this.record.network];
      }
    } else if (info.status === 'exited' || info.status === 'dead') {
      if (c.known !== 'STOPPED') {
        if (info.exitCode !== undefined) c.exitCode = info.exitCode;
        if (info.oomKilled) c.reason ??= 'OutOfMemoryError: Container killed due to memory usage';
        else if (info.error) c.reason ??= info.error;
      }
      advance(c, 'STOPPED');
    } else if (info.status === 'created') {
      advance(c, 'CREATED');
    }
  }

  private bindings(info: RuntimeContainer, def: NamedContainer): ContainerRecord['networkBindings'] {
    const mode = this.def?.networkMode ?? 'bridge';
    if (mode === 'bridge') {
      return info.ports.map((p) => ({ bindIP: p.hostIp, containerPort: p.containerPort, hostPort: p.hostPort, protocol: p.protocol }));
    }
    if (mode === 'host') {
      return (def.portMappings ?? []).filter((m) => m.containerPort !== undefined).map((m) => ({
        bindIP: this.ctx.hostIp,
        containerPort: m.containerPort ?? 0,
        hostPort: m.hostPort || (m.containerPort ?? 0),
        protocol: m.protocol === 'udp' ? 'udp' as const : 'tcp' as const,
      }));
    }
    return [];
  }

  async onEvent(event: RuntimeEvent): Promise<void> {
    const c = this.record.containers.find((x) => x.runtimeId === event.id);
    if (!c) return;
    if (event.kind === 'health') {
      if (this.definition(c.name).healthCheck?.command?.length) c.health = HEALTH[event.health] ?? 'UNKNOWN';
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

  private async release(): Promise<void> {
    if (this.record.network) {
      try {
        await this.ctx.runtime.removeNetwork(this.record.network);
      } catch (err) {
        this.ctx.log.warn({ err, network: this.record.network }, 'could not remove the task network');
      }
      delete this.record.network;
    }
    try {
      await this.ctx.hooks.taskStopping?.({ task: this.record });
    } catch (err) {
      this.ctx.log.warn({ err, taskArn: this.taskArn }, 'taskStopping hook failed');
    }
    this.record.resourcesReleased = true;
    this.changed();
    this.ctx.hooks.taskStopped?.({ task: this.record });
  }

  /** After ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION: removes the containers and task volumes. */
  async cleanup(): Promise<void> {
    for (const c of this.record.containers) {
      if (!c.runtimeId) continue;
      await this.ctx.runtime.removeContainer(c.runtimeId);
      this.ctx.hooks.containerRemoved?.({ task: this.record, container: c });
    }
    for (const v of this.record.taskVolumes) {
      try {
        await this.ctx.runtime.removeVolume(v);
      } catch (err) {
        this.ctx.log.warn({ err, volume: v }, 'could not remove a task volume');
      }
    }
  }
}
