// The engine: one TaskRunner per task, the server's desired state diffed against what runs
// (Nomad's diffAllocs), Docker's events routed to the right loop, finished tasks cleaned up.
import { readFile } from 'node:fs/promises';
import pino, { type Logger } from 'pino';
import type { TaskSpec, TaskState } from '../../protocol/ecs/messages.js';
import { randomIds, systemClock, type Clock, type Ids } from '../../util/clock.js';
import { realTimers, type Timer, type Timers } from '../../util/timers.js';
import type { TaskMetadataSource } from '../metadata/types.js';
import type { ImagePullBehavior } from '../config.js';
import type { ImageAuthOptions } from '../runtime/imageAuth.js';
import { imagePuller } from '../runtime/imagePuller.js';
import { LABELS } from '../runtime/labels.js';
import type { ContainerRuntime, RuntimeContainer, RuntimeEvent, Subscription } from '../runtime/types.js';
import type { StateFile } from '../stateFile.js';
import { VANISHED, adopt } from './adopt.js';
import type { EngineHooks, TaskContext } from './context.js';
import { taskMetadataSource } from './metadataSource.js';
import { rank, type TaskRecord } from './model.js';
import { TaskRunner, newTaskRecord } from './taskRunner.js';

export interface EngineOptions {
  runtime: ContainerRuntime;
  /** This container instance's ARN: the label that marks its containers. */
  instanceArn: string;
  hostIp: string;
  /** The agent's state file; adoption reads it and every change is written to it. */
  state: StateFile;
  stopTimeoutMs?: number;
  cleanupWaitMs?: number;
  disablePrivileged?: boolean;
  imagePullBehavior?: ImagePullBehavior;
  imageAuth?: ImageAuthOptions;
  clock?: Clock;
  /** What the engine's waits run on: resyncs, resubscribing, cleanup waits, stop retries (default real time). */
  timers?: Timers;
  logger?: Logger;
  hooks?: EngineHooks;
  /** The task metadata endpoint's base URL (`http://<host>:<port>`); containers get no URI without it. */
  metadataBaseUrl?: string;
  /** Reported as the task's AvailabilityZone by the metadata endpoint. */
  availabilityZone?: string;
  ids?: Ids;
  /** How often every running container is re-inspected, besides Docker's events (default 30 s). */
  resyncIntervalMs?: number;
}

const DEFAULT_STOP_TIMEOUT_MS = 30_000;
const DEFAULT_CLEANUP_WAIT_MS = 3 * 3600_000;
const FORGET_AFTER_MS = 24 * 3600_000;
const RESUBSCRIBE_MS = 1000;
const UNLISTED = 'Task stopped because the server no longer assigns it to this container instance';

export class Engine {
  private readonly runners = new Map<string, TaskRunner>();
  private readonly listeners = new Set<(state: TaskState) => void>();
  private readonly pending = new Set<Timer>();
  private readonly ctx: TaskContext;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private subscription?: Subscription;
  private closed = false;

  private constructor(private readonly opts: EngineOptions) {
    this.clock = opts.clock ?? systemClock;
    this.timers = opts.timers ?? realTimers;
    this.log = (opts.logger ?? pino({ level: 'silent' })).child({ component: 'engine' });
    this.ctx = {
      runtime: opts.runtime,
      clock: this.clock,
      timers: this.timers,
      log: this.log,
      instanceArn: opts.instanceArn,
      hostIp: opts.hostIp,
      stopTimeoutMs: opts.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS,
      disablePrivileged: opts.disablePrivileged ?? false,
      pullImage: imagePuller({
        runtime: opts.runtime,
        behavior: opts.imagePullBehavior ?? 'default',
        auth: opts.imageAuth ?? { wharfRegistryHost: '', engineAuth: {} },
        log: this.log,
      }),
      readFile: (path) => readFile(path, 'utf8'),
      hooks: opts.hooks ?? {},
      ...(opts.metadataBaseUrl ? { metadata: { baseUrl: opts.metadataBaseUrl, newToken: () => (opts.ids ?? randomIds).uuid() } } : {}),
    };
  }

  /** Adopts what Docker runs for this instance, then follows Docker's events. */
  static async start(opts: EngineOptions): Promise<Engine> {
    const engine = new Engine(opts);
    engine.subscribe();
    await engine.adopt();
    engine.pending.add(engine.timers.every(opts.resyncIntervalMs ?? 30_000, () => { void engine.resyncAll(); }));
    return engine;
  }

  /**
   * The server's desired state: start new tasks, stop those it wants stopped, leave the rest. When
   * the list is `complete` (the server's answer to hello), a task it does not name is stopped too:
   * the server holds it STOPPED (a lost host's task) or no longer knows it.
   */
  apply(specs: TaskSpec[], opts: { complete?: boolean } = {}): void {
    for (const spec of specs) {
      const runner = this.runners.get(spec.taskArn);
      if (runner) runner.setSpec(spec);
      else if (this.opts.state.data.forgotten[spec.taskArn] === undefined) this.launch(newTaskRecord(spec));
    }
    if (!opts.complete) return;
    const listed = new Set(specs.map((s) => s.taskArn));
    for (const [arn, runner] of this.runners) {
      if (listed.has(arn) || runner.record.desired === 'STOPPED') continue;
      this.log.info({ taskArn: arn }, 'the server no longer lists this task; stopping it');
      runner.setSpec({ ...runner.record.spec, desiredStatus: 'STOPPED', stoppedReason: UNLISTED });
    }
  }

  /** Every task the engine knows, as the contract reports it (hello's full resync). */
  snapshot(): TaskState[] {
    return [...this.runners.values()].map((r) => r.state());
  }

  task(taskArn: string): TaskState | undefined {
    return this.runners.get(taskArn)?.state();
  }

  /** The task a metadata endpoint token belongs to, as the endpoint serves it, and the token's container. */
  metadataFor(token: string): { task: TaskMetadataSource; containerName: string } | undefined {
    for (const r of this.runners.values()) {
      const c = r.record.containers.find((x) => x.metadataToken === token);
      if (!c) continue;
      const task = taskMetadataSource(r.record, r.parsed, { instanceArn: this.opts.instanceArn, ...(this.opts.availabilityZone ? { availabilityZone: this.opts.availabilityZone } : {}) });
      return { task, containerName: c.name };
    }
    return undefined;
  }

  onTaskState(listener: (state: TaskState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops the loops and writes the state; containers keep running. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.subscription?.close();
    for (const t of this.pending) t.cancel();
    for (const r of this.runners.values()) r.close();
    await this.opts.state.save();
  }

  private launch(record: TaskRecord, observed?: Map<string, RuntimeContainer | null>): TaskRunner {
    const runner = new TaskRunner(record, this.ctx, (task, state) => this.changed(task, state));
    for (const [name, info] of observed ?? []) {
      const c = record.containers.find((x) => x.name === name);
      if (!c) continue;
      runner.observe(c, info ?? undefined, VANISHED);
      const definition = runner.parsed?.containers.find((d) => d.name === name);
      if (info && definition && !record.resourcesReleased && rank(c.known) >= rank('RUNNING')) {
        this.ctx.hooks.containerAdopted?.({ task: record, container: c, definition });
      }
    }
    this.runners.set(record.spec.taskArn, runner);
    void runner.done.then(() => { if (!this.closed && record.status === 'STOPPED') this.scheduleCleanup(runner); });
    return runner;
  }

  private changed(task: TaskRecord, state: TaskState): void {
    if (this.closed) return;
    this.opts.state.data.tasks[task.spec.taskArn] = task;
    void this.opts.state.save().catch((err: unknown) => this.log.error({ err }, 'cannot write the agent state file'));
    for (const l of this.listeners) l(state);
  }

  private async adopt(): Promise<void> {
    const { runtime, instanceArn, state } = this.opts;
    const list = await runtime.listContainers({ [LABELS.instance]: instanceArn });
    const found: RuntimeContainer[] = [];
    for (const c of list) {
      const info = await runtime.inspectContainer(c.id);
      if (info) found.push(info);
    }
    const now = this.clock().getTime();
    for (const [arn, at] of Object.entries(state.data.forgotten)) if (now - at > FORGET_AFTER_MS) delete state.data.forgotten[arn];
    for (const { record, observed } of adopt(state.data.tasks, found, now)) {
      this.launch(record, observed);
      this.log.info({ taskArn: record.spec.taskArn, status: record.status }, 'adopted task');
    }
  }

  private subscribe(): void {
    if (this.closed) return;
    this.subscription = this.opts.runtime.subscribe({ [LABELS.instance]: this.opts.instanceArn }, (e) => this.route(e), (err) => {
      this.log.warn({ err }, 'Docker event stream failed; resubscribing');
      this.subscription?.close();
      const timer = this.timers.after(RESUBSCRIBE_MS, () => {
        this.pending.delete(timer);
        this.subscribe();
        void this.resyncAll();
      });
      this.pending.add(timer);
    });
  }

  private route(event: RuntimeEvent): void {
    const runner = this.runners.get(event.labels[LABELS.taskArn] ?? '');
    runner?.onEvent(event).catch((err: unknown) => this.log.warn({ err, event }, 'event handling failed'));
  }

  private async resyncAll(): Promise<void> {
    for (const r of this.runners.values()) {
      await r.resync().catch((err: unknown) => this.log.warn({ err, taskArn: r.taskArn }, 'resync failed'));
    }
  }

  private scheduleCleanup(runner: TaskRunner): void {
    const wait = this.opts.cleanupWaitMs ?? DEFAULT_CLEANUP_WAIT_MS;
    const stoppedAt = runner.record.stoppedAt ?? this.clock().getTime();
    const delay = Math.max(0, stoppedAt + wait - this.clock().getTime());
    // setTimeout fires at once for a delay past 2^31-1 ms (~24.8 days): cap it.
    const timer = this.timers.after(Math.min(delay, 2 ** 31 - 1), () => {
      this.pending.delete(timer);
      void runner.cleanup().then(() => {
        if (this.closed) return;
        this.runners.delete(runner.taskArn);
        delete this.opts.state.data.tasks[runner.taskArn];
        this.opts.state.data.forgotten[runner.taskArn] = this.clock().getTime();
        return this.opts.state.save();
      }).catch((err: unknown) => this.log.warn({ err, taskArn: runner.taskArn }, 'cleanup failed'));
    });
    this.pending.add(timer);
  }
}
