// ECS attribute operations on container instances: PutAttributes, DeleteAttributes, ListAttributes.
import type { Account } from '../../protocol/context.js';
import { InvalidParameterException, TargetNotFoundException } from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import type { Tx } from '../../state/store.js';
import { decodeToken, encodeToken } from '../pagination.js';
import { requireActiveCluster } from './cluster/repo.js';
import {
  checkAttribute, checkTargetType, deleteAttributes, putAttributes, TARGET_TYPE,
} from './containerInstance/attributes.js';
import type { Attribute, ContainerInstanceRecord } from './containerInstance/model.js';
import { findInstance, listInstances, saveInstance } from './containerInstance/repo.js';
import { attributesInput, listAttributesInput, type AttributeInput } from './containerInstance/schema.js';

const MAX_ATTRIBUTES_PER_CALL = 10;

/** The request's attributes grouped by the instance they target (checked to exist in the cluster). */
async function byTarget(tx: Tx, account: Account, clusterName: string, attributes: readonly AttributeInput[]) {
  if (attributes.length === 0) throw new InvalidParameterException('Attributes cannot be empty.');
  if (attributes.length > MAX_ATTRIBUTES_PER_CALL) {
    throw new InvalidParameterException(`At most ${MAX_ATTRIBUTES_PER_CALL} attributes can be given at a time.`);
  }
  const groups = new Map<string, { ci: ContainerInstanceRecord; attributes: Attribute[] }>();
  for (const a of attributes) {
    checkTargetType(a.targetType);
    checkAttribute(a);
    if (!a.targetId) throw new InvalidParameterException('targetId must be specified for attributes of a container instance.');
    const ci = groups.get(a.targetId)?.ci ?? (await findInstance(tx, account, clusterName, a.targetId));
    if (!ci || ci.status === 'INACTIVE') throw new TargetNotFoundException(`Could not find ${a.targetId}.`);
    const group = groups.get(ci.arn) ?? { ci, attributes: [] };
    group.attributes.push(a.value === undefined ? { name: a.name } : { name: a.name, value: a.value });
    groups.set(ci.arn, group);
    groups.set(a.targetId, group);
  }
  return new Set(groups.values());
}

function answer(attributes: readonly AttributeInput[]) {
  return {
    attributes: attributes.map((a) => ({ name: a.name, ...(a.value !== undefined ? { value: a.value } : {}), targetType: a.targetType ?? TARGET_TYPE, ...(a.targetId ? { targetId: a.targetId } : {}) })),
  };
}

const put = operation(attributesInput, async (ctx, input) => {
  const cluster = await requireActiveCluster(ctx.store, ctx.account, input.cluster);
  await ctx.store.transaction(async (tx) => {
    for (const { ci, attributes } of await byTarget(tx, ctx.account, cluster.clusterName, input.attributes)) {
      await saveInstance(tx, { ...ci, attributes: putAttributes(ci.attributes, attributes) });
    }
  });
  return answer(input.attributes);
});

const remove = operation(attributesInput, async (ctx, input) => {
  const cluster = await requireActiveCluster(ctx.store, ctx.account, input.cluster);
  await ctx.store.transaction(async (tx) => {
    for (const { ci, attributes } of await byTarget(tx, ctx.account, cluster.clusterName, input.attributes)) {
      await saveInstance(tx, { ...ci, attributes: deleteAttributes(ci.attributes, attributes.map((a) => a.name)) });
    }
  });
  return answer(input.attributes);
});

const list = operation(listAttributesInput, async (ctx, input) => {
  checkTargetType(input.targetType);
  if (input.attributeValue !== undefined && input.attributeName === undefined) {
    throw new InvalidParameterException('attributeValue can only be used together with attributeName.');
  }
  const limit = input.maxResults ?? 100;
  if (limit < 1 || limit > 100) throw new InvalidParameterException('maxResults must be between 1 and 100.');
  const cluster = await requireActiveCluster(ctx.store, ctx.account, input.cluster);
  const all = [];
  for (const ci of await listInstances(ctx.store, cluster.clusterName)) {
    if (ci.status === 'INACTIVE') continue;
    for (const a of ci.attributes) {
      if (input.attributeName !== undefined && a.name !== input.attributeName) continue;
      if (input.attributeValue !== undefined && a.value !== input.attributeValue) continue;
      all.push({ name: a.name, ...(a.value !== undefined ? { value: a.value } : {}), targetType: TARGET_TYPE, targetId: ci.arn });
    }
  }
  const start = input.nextToken ? Number(decodeToken(input.nextToken)) : 0;
  if (!Number.isInteger(start) || start < 0) throw new InvalidParameterException('Invalid token: the nextToken is not one this service issued.');
  const attributes = all.slice(start, start + limit);
  const next = start + limit < all.length ? encodeToken(String(start + limit)) : undefined;
  return { attributes, ...(next ? { nextToken: next } : {}) };
});

export const attributesOperations: Record<string, Operation> = {
  PutAttributes: put,
  DeleteAttributes: remove,
  ListAttributes: list,
};
