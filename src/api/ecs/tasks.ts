// ECS task operations: RunTask, StartTask, StopTask, DescribeTasks, ListTasks.
import type { Context } from '../../protocol/context.js';
import { InvalidParameterException } from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import { PlacementInputError, NO_CONTAINER_INSTANCES } from '../../placement/index.js';
import type { Reader, Tx } from '../../state/store.js';
import { randomFrom } from '../../util/random.js';
import { paginate } from '../pagination.js';
import { clusterArn } from './arns.js';
import { publishInstanceTasks } from './changes.js';
import { requireActiveCluster } from './cluster/repo.js';
import { findInstance } from './containerInstance/repo.js';
import { getTags, putTags, validateTags, type Tag } from './tagStore.js';
import { checkToken, earlierCall, fingerprint, rememberCall, tokenKey, TOKEN_LIFETIME_MS } from './task/clientToken.js';
import { applyOverrides, taskNeeds } from './task/effective.js';
import { runTasks, startTasks, type LaunchDeps, type LaunchPlan, type Launched } from './task/launch.js';
import type { TaskRecord } from './task/model.js';
import { findTask, getTask, TASKS, writeTask } from './task/repo.js';
import { checkCount, checkGroupAndStartedBy, checkLaunchType, checkRunnable, placementOf, taskTags } from './task/rules.js';
import { describeTasksInput, listTasksInput, runTaskInput, startTaskInput, stopTaskInput, type StartTaskInput } from './task/schema.js';
import { requestStop } from './task/stop.js';
import { taskToWire } from './task/wire.js';
import { findTaskDefinition, parseTaskDefinitionRef } from './taskDefinition/store.js';

const MAX_DESCRIBE = 100;

function deps(ctx: Context): LaunchDeps {
  return { account: ctx.account, ids: ctx.ids, random: randomFrom(ctx.ids) };
}

/** Placement's request errors are InvalidParameterException on the wire. */
async function placementErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof PlacementInputError) throw new InvalidParameterException(err.message);
    throw err;
  }
}

type LaunchInput = Pick<StartTaskInput, 'cluster' | 'taskDefinition' | 'overrides' | 'group' | 'startedBy' | 'tags' | 'propagateTags' | 'networkConfiguration'>;

/** What RunTask and StartTask check and share before placing: cluster, definition, overrides, tags. */
async function preparePlan(ctx: Context, input: LaunchInput, launchType: (td: Parameters<typeof checkLaunchType>[1]) => string) {
  checkGroupAndStartedBy(input.group, input.startedBy);
  const given = (input.tags ?? []).map((t) => ({ key: t.key, value: t.value ?? '' }));
  validateTags(given);
  const cluster = await requireActiveCluster(ctx.store, ctx.account, input.cluster);
  const ref = parseTaskDefinitionRef(input.taskDefinition, ctx.account);
  const td = checkRunnable(ref && (await findTaskDefinition(ctx.store, ref)));
  const effective = applyOverrides(td, input.overrides);
  const tags = taskTags(input.propagateTags, given, await getTags(ctx.store, td.taskDefinitionArn));
  validateTags(tags);
  const subnetId = input.networkConfiguration?.awsvpcConfiguration?.subnets[0];
  const plan: LaunchPlan = {
    clusterName: cluster.clusterName,
    clusterArn: clusterArn(ctx.account, cluster.clusterName),
    effective,
    needs: taskNeeds(effective.taskDefinition),
    group: input.group ?? `family:${td.family}`,
    ...(input.startedBy !== undefined ? { startedBy: input.startedBy } : {}),
    launchType: launchType(td),
    ...(subnetId ? { subnetId } : {}),
    now: ctx.clock().getTime(),
  };
  return { plan, td, tags };
}

async function writeTags(tx: Tx, tasks: readonly TaskRecord[], tags: readonly Tag[]): Promise<void> {
  if (tags.length === 0) return;
  for (const t of tasks) await putTags(tx, t.taskArn, tags);
}

function answer(launched: Launched, tags: readonly Tag[]) {
  return { tasks: launched.tasks.map((t) => taskToWire(t, { tags })), failures: launched.failures };
}

const runTask = operation(runTaskInput, async (ctx, input) => {
  const count = input.count ?? 1;
  checkCount(count);
  const { plan, tags } = await preparePlan(ctx, input, (td) => checkLaunchType(input, td));
  const placement = { count, ...placementOf(input, plan.effective.taskDefinition) };
  if (input.clientToken !== undefined) checkToken(input.clientToken);
  const print = fingerprint(input as Record<string, unknown>);
  const key = input.clientToken === undefined ? undefined : tokenKey(plan.clusterName, input.clientToken);
  const result = await placementErrors(() => ctx.store.transaction(async (tx) => {
    const earlier = key ? await earlierCall(tx, key, print, plan.now) : undefined;
    if (earlier) {
      const tasks = (await Promise.all(earlier.taskIds.map((id) => getTask(tx, plan.clusterName, id)))).filter((t) => t !== undefined);
      return { launched: { tasks, failures: earlier.failures }, fresh: false };
    }
    const launched = await runTasks(tx, deps(ctx), plan, placement);
    if (launched === 'noContainerInstances') throw new InvalidParameterException(NO_CONTAINER_INSTANCES);
    await writeTags(tx, launched.tasks, tags);
    if (key) {
      await rememberCall(tx, key, {
        fingerprint: print, taskIds: launched.tasks.map((t) => t.taskId), failures: launched.failures, expiresAt: plan.now + TOKEN_LIFETIME_MS,
      });
    }
    return { launched, fresh: true };
  }));
  if (result.fresh) publishInstanceTasks(ctx, result.launched.tasks);
  return answer(result.launched, tags);
});

const startTask = operation(startTaskInput, async (ctx, input) => {
  if (input.containerInstances.length < 1 || input.containerInstances.length > 10) {
    throw new InvalidParameterException('containerInstances must name between 1 and 10 container instances.');
  }
  const { plan, tags } = await preparePlan(ctx, input, (td) => checkLaunchType({}, td));
  const launched = await ctx.store.transaction(async (tx) => {
    const refs = [];
    for (const identifier of input.containerInstances) {
      const ci = await findInstance(tx, ctx.account, plan.clusterName, identifier);
      refs.push({ arn: ci?.arn ?? identifier, id: ci?.id ?? '' });
    }
    const out = await startTasks(tx, deps(ctx), plan, refs);
    await writeTags(tx, out.tasks, tags);
    return out;
  });
  publishInstanceTasks(ctx, launched.tasks);
  return answer(launched, tags);
});

const stopTask = operation(stopTaskInput, async (ctx, input) => {
  if (input.reason !== undefined && input.reason.length > 255) {
    throw new InvalidParameterException('reason can be at most 255 characters.');
  }
  const cluster = await requireActiveCluster(ctx.store, ctx.account, input.cluster);
  const { task, changed } = await ctx.store.transaction(async (tx) => {
    const current = await findTask(tx, ctx.account, cluster.clusterName, input.task);
    if (!current) throw new InvalidParameterException('The referenced task was not found.');
    const next = requestStop(current, { now: ctx.clock().getTime(), stopCode: 'UserInitiated', reason: input.reason });
    if (next !== current) await writeTask(tx, next);
    return { task: next, changed: next !== current };
  });
  if (changed) publishInstanceTasks(ctx, [task]);
  return { task: taskToWire(task, { tags: await getTags(ctx.store, task.taskArn) }) };
});

const describeTasks = operation(describeTasksInput, async (ctx, input) => {
  if (input.tasks.length === 0) throw new InvalidParameterException('Tasks cannot be empty.');
  if (input.tasks.length > MAX_DESCRIBE) throw new InvalidParameterException(`At most ${MAX_DESCRIBE} tasks can be described at a time.`);
  const withTags = checkInclude(input.include);
  const cluster = await requireActiveCluster(ctx.store, ctx.account, input.cluster);
  const tasks = [];
  const failures = [];
  for (const identifier of input.tasks) {
    const t = await findTask(ctx.store, ctx.account, cluster.clusterName, identifier);
    if (t) tasks.push(taskToWire(t, withTags ? { tags: await getTags(ctx.store, t.taskArn) } : {}));
    else failures.push({ arn: identifier, reason: 'MISSING' });
  }
  return { tasks, failures };
});

function checkInclude(include: readonly string[] | undefined): boolean {
  for (const f of include ?? []) {
    if (f !== 'TAGS') throw new InvalidParameterException(`Invalid value for include: ${f}. Valid values are TAGS.`);
  }
  return (include ?? []).includes('TAGS');
}

const listTasks = operation(listTasksInput, async (ctx, input) => {
  const limit = input.maxResults ?? 100;
  if (limit < 1 || limit > 100) throw new InvalidParameterException('maxResults must be between 1 and 100.');
  const desired = input.desiredStatus ?? 'RUNNING';
  if (!['RUNNING', 'PENDING', 'STOPPED'].includes(desired)) {
    throw new InvalidParameterException(`Invalid desiredStatus '${desired}'. Valid values are RUNNING, PENDING, STOPPED.`);
  }
  const cluster = await requireActiveCluster(ctx.store, ctx.account, input.cluster);
  const instanceId = input.containerInstance === undefined ? undefined : await instanceIdOf(ctx, ctx.store, cluster.clusterName, input.containerInstance);
  const page = await paginate<TaskRecord>(ctx.store, {
    kind: TASKS,
    prefix: `${cluster.clusterName}/`,
    limit,
    nextToken: input.nextToken,
    filter: (t) => t.desiredStatus === desired
      && (instanceId === undefined || t.containerInstanceId === instanceId)
      && (input.family === undefined || t.family === input.family)
      && (input.startedBy === undefined || t.startedBy === input.startedBy)
      && (input.serviceName === undefined || t.serviceName === input.serviceName)
      && (input.launchType === undefined || t.launchType === input.launchType),
  });
  return { taskArns: page.items.map((i) => i.value.taskArn), ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
});

async function instanceIdOf(ctx: Context, reader: Reader, clusterName: string, identifier: string): Promise<string> {
  const ci = await findInstance(reader, ctx.account, clusterName, identifier);
  if (!ci) throw new InvalidParameterException('The referenced container instance was not found.');
  return ci.id;
}

export const tasksOperations: Record<string, Operation> = {
  RunTask: runTask,
  StartTask: startTask,
  StopTask: stopTask,
  DescribeTasks: describeTasks,
  ListTasks: listTasks,
};
