// ECS task definition operations: Register, Describe, List, ListFamilies, Deregister, Delete.
import { z } from 'zod';
import type { Context } from '../../protocol/context.js';
import { ClientException, InvalidParameterException } from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import { paginate } from '../pagination.js';
import { taskDefinitionArn } from './arns.js';
import { getTags, putTags, validateTags } from './tagStore.js';
import { buildTaskDefinition } from './taskDefinition/derive.js';
import { registerTaskDefinitionRequest, type TaskDefinition } from '../../protocol/ecs/taskDefinition.js';
import {
  FAMILIES, TASK_DEFINITIONS, familyPrefix, findTaskDefinition, insertTaskDefinition, nextRevision,
  parseTaskDefinitionRef, replaceStatus, type FamilyCounts,
} from './taskDefinition/store.js';
import { validateRegistration } from './taskDefinition/validate.js';

const NOT_FOUND = 'The specified task definition does not exist.';

function epochSeconds(ctx: Context): number {
  return ctx.clock().getTime() / 1000;
}

function pageSize(maxResults: number | undefined): number {
  if (maxResults === undefined) return 100;
  if (maxResults < 1 || maxResults > 100) throw new InvalidParameterException('maxResults must be between 1 and 100.');
  return maxResults;
}

const register = operation(registerTaskDefinitionRequest, async (ctx, input) => {
  const valid = validateRegistration(input);
  const tags = input.tags ?? [];
  validateTags(tags);
  const registeredAt = epochSeconds(ctx);
  return ctx.store.transaction(async (tx) => {
    const revision = await nextRevision(tx, valid.family);
    const arn = taskDefinitionArn(ctx.account, valid.family, revision);
    const taskDefinition = buildTaskDefinition({ request: input, valid, arn, revision, registeredAt, registeredBy: ctx.principal.arn });
    await insertTaskDefinition(tx, taskDefinition);
    if (tags.length > 0) await putTags(tx, arn, tags);
    return { taskDefinition, tags };
  });
});

const describe = operation(
  z.object({ taskDefinition: z.string(), include: z.array(z.enum(['TAGS'])).optional() }),
  async (ctx, input) => {
    const ref = parseTaskDefinitionRef(input.taskDefinition, ctx.account);
    const taskDefinition = ref && (await findTaskDefinition(ctx.store, ref));
    if (!taskDefinition) throw new ClientException('Unable to describe task definition.');
    if (!input.include?.includes('TAGS')) return { taskDefinition };
    return { taskDefinition, tags: await getTags(ctx.store, taskDefinition.taskDefinitionArn) };
  },
);

const deregister = operation(z.object({ taskDefinition: z.string() }), async (ctx, input) => {
  const ref = parseTaskDefinitionRef(input.taskDefinition, ctx.account);
  if (ref && ref.revision === undefined) {
    throw new ClientException('A task definition revision must be specified: use family:revision or the full ARN.');
  }
  return ctx.store.transaction(async (tx) => {
    const current = ref && (await findTaskDefinition(tx, ref));
    if (!current || current.status === 'DELETE_IN_PROGRESS') throw new ClientException(NOT_FOUND);
    if (current.status === 'INACTIVE') return { taskDefinition: current };
    const taskDefinition: TaskDefinition = { ...current, status: 'INACTIVE', deregisteredAt: epochSeconds(ctx) };
    await replaceStatus(tx, current, taskDefinition);
    return { taskDefinition };
  });
});

const deleteMany = operation(z.object({ taskDefinitions: z.array(z.string()) }), async (ctx, input) => {
  if (input.taskDefinitions.length < 1 || input.taskDefinitions.length > 10) {
    throw new InvalidParameterException('taskDefinitions must name between 1 and 10 task definitions.');
  }
  const now = epochSeconds(ctx);
  return ctx.store.transaction(async (tx) => {
    const taskDefinitions: TaskDefinition[] = [];
    const failures: { arn: string; reason: string }[] = [];
    for (const id of input.taskDefinitions) {
      const ref = parseTaskDefinitionRef(id, ctx.account);
      const current = ref?.revision !== undefined ? await findTaskDefinition(tx, ref) : undefined;
      if (!current) {
        failures.push({ arn: id, reason: NOT_FOUND });
      } else if (current.status === 'ACTIVE') {
        failures.push({ arn: current.taskDefinitionArn, reason: 'The specified task definition is ACTIVE. Only INACTIVE task definitions can be deleted; deregister it first.' });
      } else if (current.status === 'DELETE_IN_PROGRESS') {
        taskDefinitions.push(current);
      } else {
        const next: TaskDefinition = { ...current, status: 'DELETE_IN_PROGRESS', deleteRequestedAt: now };
        await replaceStatus(tx, current, next);
        taskDefinitions.push(next);
      }
    }
    return { taskDefinitions, failures };
  });
});

const list = operation(
  z.object({
    familyPrefix: z.string().optional(),
    status: z.enum(['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS']).optional(),
    sort: z.enum(['ASC', 'DESC']).optional(),
    nextToken: z.string().optional(),
    maxResults: z.number().int().optional(),
  }),
  async (ctx, input) => {
    const status = input.status ?? 'ACTIVE';
    const page = await paginate<TaskDefinition>(ctx.store, {
      kind: TASK_DEFINITIONS,
      prefix: input.familyPrefix ? familyPrefix(input.familyPrefix) : undefined,
      reverse: input.sort === 'DESC',
      nextToken: input.nextToken,
      limit: pageSize(input.maxResults),
      filter: (td) => td.status === status,
    });
    return { taskDefinitionArns: page.items.map((i) => i.value.taskDefinitionArn), ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  },
);

const FAMILY_FILTERS: Record<'ACTIVE' | 'INACTIVE' | 'ALL', (f: FamilyCounts) => boolean> = {
  ACTIVE: (f) => f.active > 0,
  INACTIVE: (f) => f.active === 0 && f.inactive > 0,
  ALL: (f) => f.active + f.inactive > 0,
};

const listFamilies = operation(
  z.object({
    familyPrefix: z.string().optional(),
    status: z.enum(['ACTIVE', 'INACTIVE', 'ALL']).optional(),
    nextToken: z.string().optional(),
    maxResults: z.number().int().optional(),
  }),
  async (ctx, input) => {
    const page = await paginate<FamilyCounts>(ctx.store, {
      kind: FAMILIES,
      prefix: input.familyPrefix || undefined,
      nextToken: input.nextToken,
      limit: pageSize(input.maxResults),
      filter: FAMILY_FILTERS[input.status ?? 'ALL'],
    });
    return { families: page.items.map((i) => i.value.family), ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  },
);

export const taskDefinitionsOperations: Record<string, Operation> = {
  RegisterTaskDefinition: register,
  DescribeTaskDefinition: describe,
  ListTaskDefinitions: list,
  ListTaskDefinitionFamilies: listFamilies,
  DeregisterTaskDefinition: deregister,
  DeleteTaskDefinitions: deleteMany,
};
