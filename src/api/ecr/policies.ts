// ECR policy operations: Set/Get/DeleteRepositoryPolicy and Put/Get/DeleteRegistryPolicy.
// Policies are checked (policyDocument.ts) and kept verbatim; repository policies are enforced by
// the permission rows (permissions.ts repositoryPolicyOf), the registry policy is kept only.
// A repository's policy lives under its key prefix, so DeleteRepository drops it.
import { z } from 'zod';
import type { Context } from '../../protocol/context.js';
import {
  InvalidParameterException, RegistryPolicyNotFoundException, RepositoryNotFoundException, RepositoryPolicyNotFoundException,
} from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import { REPOSITORY_POLICIES, repoKey } from '../../registry/meta/keys.js';
import { getRepository } from '../../registry/meta/repositories.js';
import type { Reader } from '../../state/store.js';
import type { EcrEnv } from './env.js';
import { notFoundMessage } from './model.js';
import { locksOut, parsePolicy } from './policyDocument.js';

export const REGISTRY_POLICIES = 'ecr/registry-policies';
const REGISTRY_KEY = 'registry';

export interface PolicyRecord {
  /** The caller's text, verbatim. */
  text: string;
  /** ISO 8601. */
  updatedAt: string;
}

const repositoryInput = z.object({ registryId: z.string().optional(), repositoryName: z.string() }).loose();
const setRepositoryInput = repositoryInput.extend({ policyText: z.string(), force: z.boolean().optional() });
const putRegistryInput = z.object({ policyText: z.string() }).loose();
const registryInput = z.object({}).loose();

export function repositoryPolicyNotFoundMessage(name: string, registryId: string): string {
  return `Repository policy does not exist for the repository with name '${name}' in the registry with id '${registryId}'`;
}

export function registryPolicyNotFoundMessage(registryId: string): string {
  return `Registry policy does not exist in the registry with id '${registryId}'`;
}

// No public record of ECR's words for this one was found; it follows ECR's parameter style.
export const LOCKOUT_MESSAGE = "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'The policy would prevent setting a repository policy again; set force to apply it anyway'";

/** The repository's row key: its prefix, so that DeleteRepository's prefix sweep finds it. */
export function repositoryPolicyKey(repository: string): string {
  return repoKey(repository, '');
}

export function getRepositoryPolicy(reader: Reader, repository: string): Promise<PolicyRecord | undefined> {
  return reader.get<PolicyRecord>(REPOSITORY_POLICIES, repositoryPolicyKey(repository));
}

export function getRegistryPolicy(reader: Reader): Promise<PolicyRecord | undefined> {
  return reader.get<PolicyRecord>(REGISTRY_POLICIES, REGISTRY_KEY);
}

async function requireRepository(ctx: Context, reader: Reader, name: string): Promise<void> {
  if (!(await getRepository(reader, name))) throw new RepositoryNotFoundException(notFoundMessage(name, ctx.account.accountId));
}

export function policiesOperations(_env: EcrEnv): Record<string, Operation> {
  const repositoryWire = (ctx: Context, name: string, policy: PolicyRecord) =>
    ({ registryId: ctx.account.accountId, repositoryName: name, policyText: policy.text });
  const registryWire = (ctx: Context, policy: PolicyRecord) => ({ registryId: ctx.account.accountId, policyText: policy.text });

  const setRepositoryPolicy = operation(setRepositoryInput, async (ctx, input) => {
    const name = input.repositoryName;
    const statements = parsePolicy(input.policyText, 'repository');
    if (!input.force && locksOut(statements)) throw new InvalidParameterException(LOCKOUT_MESSAGE);
    const record: PolicyRecord = { text: input.policyText, updatedAt: ctx.clock().toISOString() };
    await ctx.store.transaction(async (tx) => {
      await requireRepository(ctx, tx, name);
      await tx.put<PolicyRecord>(REPOSITORY_POLICIES, repositoryPolicyKey(name), record);
    });
    return repositoryWire(ctx, name, record);
  });

  const getRepositoryPolicyOp = operation(repositoryInput, async (ctx, input) => {
    const name = input.repositoryName;
    await requireRepository(ctx, ctx.store, name);
    const policy = await getRepositoryPolicy(ctx.store, name);
    if (!policy) throw new RepositoryPolicyNotFoundException(repositoryPolicyNotFoundMessage(name, ctx.account.accountId));
    return repositoryWire(ctx, name, policy);
  });

  const deleteRepositoryPolicy = operation(repositoryInput, async (ctx, input) => {
    const name = input.repositoryName;
    const deleted = await ctx.store.transaction(async (tx) => {
      await requireRepository(ctx, tx, name);
      const policy = await getRepositoryPolicy(tx, name);
      if (!policy) throw new RepositoryPolicyNotFoundException(repositoryPolicyNotFoundMessage(name, ctx.account.accountId));
      await tx.delete(REPOSITORY_POLICIES, repositoryPolicyKey(name));
      return policy;
    });
    return repositoryWire(ctx, name, deleted);
  });

  const putRegistryPolicy = operation(putRegistryInput, async (ctx, input) => {
    parsePolicy(input.policyText, 'registry');
    const record: PolicyRecord = { text: input.policyText, updatedAt: ctx.clock().toISOString() };
    await ctx.store.transaction((tx) => tx.put<PolicyRecord>(REGISTRY_POLICIES, REGISTRY_KEY, record));
    return registryWire(ctx, record);
  });

  const getRegistryPolicyOp = operation(registryInput, async (ctx) => {
    const policy = await getRegistryPolicy(ctx.store);
    if (!policy) throw new RegistryPolicyNotFoundException(registryPolicyNotFoundMessage(ctx.account.accountId));
    return registryWire(ctx, policy);
  });

  const deleteRegistryPolicy = operation(registryInput, async (ctx) => {
    const deleted = await ctx.store.transaction(async (tx) => {
      const policy = await getRegistryPolicy(tx);
      if (!policy) throw new RegistryPolicyNotFoundException(registryPolicyNotFoundMessage(ctx.account.accountId));
      await tx.delete(REGISTRY_POLICIES, REGISTRY_KEY);
      return policy;
    });
    return registryWire(ctx, deleted);
  });

  return {
    SetRepositoryPolicy: setRepositoryPolicy,
    GetRepositoryPolicy: getRepositoryPolicyOp,
    DeleteRepositoryPolicy: deleteRepositoryPolicy,
    PutRegistryPolicy: putRegistryPolicy,
    GetRegistryPolicy: getRegistryPolicyOp,
    DeleteRegistryPolicy: deleteRegistryPolicy,
  };
}
