// The bodies of the task loop's transitions: the functions taskRunner.ts's TRANSITIONS table maps
// each container status to (pull, create, start, stop), and the task's end (release its network
// and report it stopping; cleanup, after the wait, removes its containers and volumes).
// A transition that fails records why on the container and moves it to STOPPED; plan() decides
// what the task does about that.
import { createOptions, parseEnvFile, type VolumeSource } from '../runtime/createOptions.js';
import { delay } from '../../util/timers.js';
import { dockerMessage } from '../runtime/dockerRuntime.js';
import type { RuntimeContainer } from '../runtime/types.js';
import type { TaskContext } from './context.js';
import { advance, rank, type ContainerRecord, type NamedContainer, type TaskRecord } from './model.js';
import type { ParsedTaskDefinition } from './taskDefinition.js';
import { ensureNetwork, ensureVolumes } from './taskResources.js';

/** What a transition may see and touch of its task (the TaskRunner). */
export interface TransitionTask {
  readonly record: TaskRecord;
  readonly ctx: TaskContext;
  readonly parsed: ParsedTaskDefinition | undefined;
  /** The task's volumes, resolved once for all its containers; cleared after a failed create, so the next one tries again. */
  volumes?: Promise<Record<string, VolumeSource>> | undefined;
  /** Recomputes the task's status and reports it when it changed. */
  changed(): void;
  /** Folds an inspection into the container's record. */
  observe(c: ContainerRecord, info: RuntimeContainer | undefined): void;
}

export type Transition = (task: TransitionTask, c: ContainerRecord, def: NamedContainer) => Promise<void>;

/** A failed stop is tried again after this long. */
const RETRY_STOP_MS = 1000;

function fail(c: ContainerRecord, reason: string): void {
  c.reason = reason;
  c.startFailed = true;
  advance(c, 'STOPPED');
}

function stopTimeoutSeconds(ctx: TaskContext, def: NamedContainer): number {
  return def.stopTimeout ?? Math.ceil(ctx.stopTimeoutMs / 1000);
}

export const pull: Transition = async (task, c, def) => {
  task.record.pullStartedAt ??= task.ctx.clock().getTime();
  task.changed();
  try {
    if (!def.image) throw new Error(`container "${def.name}" has no image`);
    await task.ctx.pullImage(def.image);
    const digest = await task.ctx.runtime.imageDigest(def.image);
    if (digest) c.imageDigest = digest;
    advance(c, 'PULLED');
  } catch (err) {
    fail(c, `CannotPullContainerError: ${dockerMessage(err)}`);
  }
};

export const create: Transition = async (task, c, def) => {
  const { record, ctx } = task;
  try {
    const td = task.parsed;
    if (!td) throw new Error('no task definition');
    const network = td.networkMode === 'awsvpc' ? await ensureNetwork(ctx.runtime, record, ctx.instanceArn) : undefined;
    task.volumes ??= ensureVolumes(ctx.runtime, record, td.volumes, ctx.instanceArn);
    const volumes = await task.volumes;
    const environmentFiles = await Promise.all((def.environmentFiles ?? []).map(async (f) => parseEnvFile(await ctx.readFile(f.value))));
    const runtimeIds = Object.fromEntries(record.containers.filter((x) => x.runtimeId).map((x) => [x.name, x.runtimeId ?? '']));
    const meta = ctx.metadata;
    if (meta && td.networkMode !== 'none') c.metadataToken ??= meta.newToken();
    const options = createOptions({
      taskArn: record.spec.taskArn,
      clusterArn: record.spec.clusterArn,
      family: record.spec.family,
      revision: record.spec.revision,
      networkMode: td.networkMode,
      ...(td.pidMode ? { pidMode: td.pidMode } : {}),
      ...(td.ipcMode ? { ipcMode: td.ipcMode } : {}),
      container: def,
      instanceArn: ctx.instanceArn,
      hostIp: ctx.hostIp,
      disablePrivileged: ctx.disablePrivileged,
      stopTimeoutSeconds: stopTimeoutSeconds(ctx, def),
      runtimeIds,
      volumes,
      ...(network ? { awsvpcNetwork: network } : {}),
      environmentFiles,
      ...(meta && c.metadataToken ? { metadata: { baseUrl: meta.baseUrl, token: c.metadataToken } } : {}),
    });
    c.runtimeId = await ctx.runtime.createContainer(options);
    advance(c, 'CREATED');
  } catch (err) {
    task.volumes = undefined;
    fail(c, `CannotCreateContainerError: ${dockerMessage(err)}`);
  }
};

export const start: Transition = async (task, c, def) => {
  const { runtime, hooks } = task.ctx;
  try {
    if (!c.runtimeId) throw new Error('the container was not created');
    await runtime.startContainer(c.runtimeId);
    task.observe(c, await runtime.inspectContainer(c.runtimeId));
    advance(c, 'RUNNING');
  } catch (err) {
    fail(c, `CannotStartContainerError: ${dockerMessage(err)}`);
    return;
  }
  hooks.containerStarted?.({ task: task.record, container: c, definition: def });
};

/** SIGTERM, then SIGKILL after the stop timeout; a failed stop leaves the container as it is and is tried again. */
export const stop: Transition = async (task, c, def) => {
  const { runtime, log } = task.ctx;
  if (c.runtimeId && rank(c.known) >= rank('CREATED')) {
    try {
      await runtime.stopContainer(c.runtimeId, stopTimeoutSeconds(task.ctx, def));
      task.observe(c, await runtime.inspectContainer(c.runtimeId));
    } catch (err) {
      log.warn({ err, taskArn: task.record.spec.taskArn, container: c.name }, 'stop failed; retrying');
      await delay(task.ctx.timers, RETRY_STOP_MS);
      return;
    }
  }
  advance(c, 'STOPPED');
};

/** Every container has stopped: removes the awsvpc network, awaits taskStopping, then the task is STOPPED. */
export async function release(task: TransitionTask): Promise<void> {
  const { record, ctx } = task;
  if (record.network) {
    try {
      await ctx.runtime.removeNetwork(record.network);
    } catch (err) {
      ctx.log.warn({ err, network: record.network }, 'could not remove the task network');
    }
    delete record.network;
  }
  try {
    await ctx.hooks.taskStopping?.({ task: record });
  } catch (err) {
    ctx.log.warn({ err, taskArn: record.spec.taskArn }, 'taskStopping hook failed');
  }
  record.resourcesReleased = true;
  task.changed();
  ctx.hooks.taskStopped?.({ task: record });
}

/** After ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION: removes the containers and task volumes. */
export async function cleanup(task: Pick<TransitionTask, 'record' | 'ctx'>): Promise<void> {
  const { record, ctx } = task;
  for (const c of record.containers) {
    if (!c.runtimeId) continue;
    await ctx.runtime.removeContainer(c.runtimeId);
    ctx.hooks.containerRemoved?.({ task: record, container: c });
  }
  for (const v of record.taskVolumes) {
    try {
      await ctx.runtime.removeVolume(v);
    } catch (err) {
      ctx.log.warn({ err, volume: v }, 'could not remove a task volume');
    }
  }
}
