// ECR repository operations: CreateRepository, DescribeRepositories, DeleteRepository.
import type { Context } from '../../protocol/context.js';
import {
  InvalidParameterException,
  RepositoryAlreadyExistsException,
  RepositoryNotEmptyException,
  RepositoryNotFoundException,
} from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import { MANIFESTS, REPOSITORIES, REPOSITORY_KINDS, repoPrefix, UPLOADS } from '../../registry/meta/keys.js';
import type { RepositoryRecord, UploadRecord } from '../../registry/meta/records.js';
import { getRepository } from '../../registry/meta/repositories.js';
import { paginate } from '../pagination.js';
import type { EcrEnv } from './env.js';
import { alreadyExistsMessage, notEmptyMessage, notFoundMessage, repositoryToWire } from './model.js';
import { checkEncryption, checkMutability, checkRepositoryName, checkTags } from './rules.js';
import { createRepositoryInput, deleteRepositoryInput, describeRepositoriesInput } from './schema.js';

const MAX_RESULTS = 1000;
const DEFAULT_RESULTS = 100;

export function repositoriesOperations(env: EcrEnv): Record<string, Operation> {
  const wire = (ctx: Context, r: RepositoryRecord) => repositoryToWire(ctx.account, env.registryHost(), r);

  const createRepository = operation(createRepositoryInput, async (ctx, input) => {
    checkRepositoryName(input.repositoryName);
    const record: RepositoryRecord = {
      repositoryName: input.repositoryName,
      registryId: ctx.account.accountId,
      createdAt: ctx.clock().toISOString(),
      imageTagMutability: checkMutability(input.imageTagMutability),
      scanOnPush: input.imageScanningConfiguration?.scanOnPush ?? false,
      encryption: checkEncryption(input.encryptionConfiguration, ctx.account),
      tags: checkTags(input.tags ?? []),
    };
    await ctx.store.transaction(async (tx) => {
      if (await getRepository(tx, record.repositoryName)) {
        throw new RepositoryAlreadyExistsException(alreadyExistsMessage(record.repositoryName, ctx.account.accountId));
      }
      await tx.put(REPOSITORIES, record.repositoryName, record);
    });
    return { repository: wire(ctx, record) };
  });

  const describeRepositories = operation(describeRepositoriesInput, async (ctx, input) => {
    if (input.repositoryNames) {
      if (input.nextToken !== undefined || input.maxResults !== undefined) {
        throw new InvalidParameterException('Invalid parameter: maxResults and nextToken cannot be used with repositoryNames');
      }
      if (input.repositoryNames.length < 1 || input.repositoryNames.length > 100) {
        throw new InvalidParameterException("Invalid parameter at 'repositoryNames' failed to satisfy constraint: 'Member must have length between 1 and 100'");
      }
      const repositories = [];
      for (const name of input.repositoryNames) {
        const found = await getRepository(ctx.store, name);
        if (!found) throw new RepositoryNotFoundException(notFoundMessage(name, ctx.account.accountId));
        repositories.push(wire(ctx, found));
      }
      return { repositories };
    }
    const limit = input.maxResults ?? DEFAULT_RESULTS;
    if (limit < 1 || limit > MAX_RESULTS) {
      throw new InvalidParameterException(`Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value between 1 and ${MAX_RESULTS}'`);
    }
    const page = await paginate<RepositoryRecord>(ctx.store, { kind: REPOSITORIES, limit, nextToken: input.nextToken });
    return { repositories: page.items.map((i) => wire(ctx, i.value)), ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  });

  const deleteRepository = operation(deleteRepositoryInput, async (ctx, input) => {
    const name = input.repositoryName;
    const deleted = await ctx.store.transaction(async (tx) => {
      const found = await getRepository(tx, name);
      if (!found) throw new RepositoryNotFoundException(notFoundMessage(name, ctx.account.accountId));
      if (!input.force && (await tx.count(MANIFESTS, { prefix: repoPrefix(name) })) > 0) {
        throw new RepositoryNotEmptyException(notEmptyMessage(name, ctx.account.accountId));
      }
      for (const kind of REPOSITORY_KINDS) {
        for (const row of await tx.list(kind, { prefix: repoPrefix(name) })) await tx.delete(kind, row.key);
      }
      for (const row of await tx.list<UploadRecord>(UPLOADS)) {
        if (row.value.repository === name) await tx.delete(UPLOADS, row.key);
      }
      await tx.delete(REPOSITORIES, name);
      return found;
    });
    return { repository: wire(ctx, deleted) };
  });

  return {
    CreateRepository: createRepository,
    DescribeRepositories: describeRepositories,
    DeleteRepository: deleteRepository,
  };
}
