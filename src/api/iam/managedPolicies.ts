// Managed policies and their versions: CreatePolicy, GetPolicy, ListPolicies, DeletePolicy,
// CreatePolicyVersion, GetPolicyVersion, ListPolicyVersions, DeletePolicyVersion,
// SetDefaultPolicyVersion. Customer managed policies are records; AWS managed ones are the fixed
// catalog (identity/iam/managed), readable and attachable but not changeable.
import { z } from 'zod';
import { AWS_MANAGED_POLICIES, awsManagedArn } from '../../identity/iam/managed/index.js';
import { IAM_POLICIES, iamArn, iamKey, type ManagedPolicyRecord } from '../../identity/iam/model.js';
import { DeleteConflict, EntityAlreadyExists, InvalidInput, LimitExceeded, NoSuchEntity } from '../../protocol/errors.js';
import { operation } from '../../protocol/operation.js';
import type { Tx } from '../../state/store.js';
import { checkDocument, checkManagedSize } from './documents.js';
import { pageOf } from './paging.js';
import { requirePolicy, type PolicyRef } from './policyRefs.js';
import { policyShape, versionShape, versionsOf } from './policyShapes.js';
import { accountOf, listAccount, now, uniqueId } from './repo.js';
import { bool } from '../../protocol/querySchema.js';
import { arn, paging, policyDescription, policyDocument, policyName, policyPath, tagList, versionId } from './schema.js';
import { requestTags } from './tags.js';
import { accountEntities, attachmentCount, boundaryCount, usageOf } from './usage.js';

export const VERSIONS_PER_POLICY = 5;

function checkPolicyDocument(document: string): void {
  checkDocument(document, { kind: 'identity', requireVersion2012: true });
  checkManagedSize(document);
}

/** A customer managed policy to change; AWS managed ones cannot be. */
async function requireLocal(tx: Tx, accountId: string, policyArn: string): Promise<ManagedPolicyRecord> {
  const ref = await requirePolicy(tx, accountId, policyArn);
  if (ref.scope === 'aws') throw new InvalidInput(`Policy ${policyArn} is an AWS managed policy and cannot be modified.`);
  return ref.record;
}

function versionNotFound(policyArn: string, version: string): Error {
  return new NoSuchEntity(`Policy ${policyArn} version ${version} does not exist or is not attachable.`);
}

async function putPolicy(tx: Tx, record: ManagedPolicyRecord): Promise<void> {
  await tx.put(IAM_POLICIES, iamKey(record.accountId, `${record.path}${record.name}`), record);
}

export const managedPolicyOperations = {
  CreatePolicy: operation(z.object({
    PolicyName: policyName,
    Path: policyPath.optional(),
    PolicyDocument: policyDocument,
    Description: policyDescription.optional(),
    Tags: tagList.optional(),
  }), async (ctx, input) => {
    const acct = accountOf(ctx);
    const tags = requestTags(input.Tags);
    checkPolicyDocument(input.PolicyDocument);
    return ctx.store.transaction(async (tx) => {
      const existing = await listAccount<ManagedPolicyRecord>(tx, IAM_POLICIES, acct);
      if (existing.some((p) => p.name.toLowerCase() === input.PolicyName.toLowerCase())) {
        throw new EntityAlreadyExists(`A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`);
      }
      const p = input.Path ?? '/';
      const created = now(ctx);
      const record: ManagedPolicyRecord = {
        accountId: acct, name: input.PolicyName, path: p, id: uniqueId(ctx, 'ANPA'), arn: iamArn(acct, 'policy', p, input.PolicyName),
        createDate: created, updateDate: created, defaultVersionId: 'v1', nextVersion: 2, tags,
        versions: [{ versionId: 'v1', document: input.PolicyDocument, createDate: created }],
        ...(input.Description === undefined ? {} : { description: input.Description }),
      };
      await putPolicy(tx, record);
      const ref: PolicyRef = { scope: 'local', arn: record.arn, name: record.name, path: record.path, record };
      return { Policy: policyShape(ref, usageOf({ users: [], groups: [], roles: [] }, record.arn), { description: false }) };
    });
  }),

  GetPolicy: operation(z.object({ PolicyArn: arn }), async (ctx, input) => {
    const acct = accountOf(ctx);
    const ref = await requirePolicy(ctx.store, acct, input.PolicyArn);
    const usage = usageOf(await accountEntities(ctx.store, acct), ref.arn);
    return { Policy: policyShape(ref, usage, { description: true }) };
  }),

  ListPolicies: operation(z.object({
    Scope: z.enum(['All', 'AWS', 'Local']).optional(),
    OnlyAttached: bool().optional(),
    PathPrefix: policyPath.optional(),
    PolicyUsageFilter: z.enum(['PermissionsPolicy', 'PermissionsBoundary']).optional(),
    ...paging,
  }), async (ctx, input) => {
    const acct = accountOf(ctx);
    const scope = input.Scope ?? 'All';
    const refs: PolicyRef[] = [];
    if (scope !== 'Local') {
      for (const p of AWS_MANAGED_POLICIES) refs.push({ scope: 'aws', arn: awsManagedArn(p), name: p.name, path: p.path, policy: p });
    }
    if (scope !== 'AWS') {
      for (const r of await listAccount<ManagedPolicyRecord>(ctx.store, IAM_POLICIES, acct)) {
        refs.push({ scope: 'local', arn: r.arn, name: r.name, path: r.path, record: r });
      }
    }
    const entities = await accountEntities(ctx.store, acct);
    const rows = refs
      .filter((r) => r.path.startsWith(input.PathPrefix ?? '/'))
      .map((ref) => ({ ref, usage: usageOf(entities, ref.arn) }))
      .filter(({ usage }) => {
        // PolicyUsageFilter keeps the policies used that way; OnlyAttached those attached to an entity.
        if (input.PolicyUsageFilter === 'PermissionsPolicy' && attachmentCount(usage) === 0) return false;
        if (input.PolicyUsageFilter === 'PermissionsBoundary' && boundaryCount(usage) === 0) return false;
        return !input.OnlyAttached || attachmentCount(usage) > 0;
      });
    const page = pageOf(rows, input);
    return {
      Policies: page.items.map(({ ref, usage }) => policyShape(ref, usage, { description: false })),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    };
  }),

  DeletePolicy: operation(z.object({ PolicyArn: arn }), async (ctx, input) => {
    const acct = accountOf(ctx);
    await ctx.store.transaction(async (tx) => {
      const record = await requireLocal(tx, acct, input.PolicyArn);
      const usage = usageOf(await accountEntities(tx, acct), record.arn);
      if (attachmentCount(usage) + boundaryCount(usage) > 0) throw new DeleteConflict('Cannot delete a policy attached to entities.');
      if (record.versions.length > 1) {
        throw new DeleteConflict('This policy has more than one version. Before you delete a policy, you must delete the policy\'s versions. ' +
          'The default version is deleted with the policy.');
      }
      await tx.delete(IAM_POLICIES, iamKey(acct, `${record.path}${record.name}`));
    });
    return {};
  }),

  CreatePolicyVersion: operation(z.object({ PolicyArn: arn, PolicyDocument: policyDocument, SetAsDefault: bool().optional() }), async (ctx, input) => {
    const acct = accountOf(ctx);
    checkPolicyDocument(input.PolicyDocument);
    return ctx.store.transaction(async (tx) => {
      const record = await requireLocal(tx, acct, input.PolicyArn);
      if (record.versions.length >= VERSIONS_PER_POLICY) {
        throw new LimitExceeded(`A managed policy can have up to ${VERSIONS_PER_POLICY} versions. Before you create a new version, you must delete an existing version.`);
      }
      const created = now(ctx);
      const version = { versionId: `v${record.nextVersion}`, document: input.PolicyDocument, createDate: created };
      const updated: ManagedPolicyRecord = {
        ...record,
        versions: [...record.versions, version],
        nextVersion: record.nextVersion + 1,
        ...(input.SetAsDefault ? { defaultVersionId: version.versionId, updateDate: created } : {}),
      };
      await putPolicy(tx, updated);
      return { PolicyVersion: versionShape({ ...version, isDefault: updated.defaultVersionId === version.versionId }, false) };
    });
  }),

  GetPolicyVersion: operation(z.object({ PolicyArn: arn, VersionId: versionId }), async (ctx, input) => {
    const ref = await requirePolicy(ctx.store, accountOf(ctx), input.PolicyArn);
    const version = versionsOf(ref).find((v) => v.versionId === input.VersionId);
    if (!version) throw versionNotFound(input.PolicyArn, input.VersionId);
    return { PolicyVersion: versionShape(version, true) };
  }),

  ListPolicyVersions: operation(z.object({ PolicyArn: arn, ...paging }), async (ctx, input) => {
    const ref = await requirePolicy(ctx.store, accountOf(ctx), input.PolicyArn);
    const page = pageOf(versionsOf(ref), input);
    return { Versions: page.items.map((v) => versionShape(v, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
  }),

  DeletePolicyVersion: operation(z.object({ PolicyArn: arn, VersionId: versionId }), async (ctx, input) => {
    const acct = accountOf(ctx);
    await ctx.store.transaction(async (tx) => {
      const record = await requireLocal(tx, acct, input.PolicyArn);
      if (!record.versions.some((v) => v.versionId === input.VersionId)) throw versionNotFound(input.PolicyArn, input.VersionId);
      if (record.defaultVersionId === input.VersionId) throw new DeleteConflict('Cannot delete the default version of a policy.');
      await putPolicy(tx, { ...record, versions: record.versions.filter((v) => v.versionId !== input.VersionId) });
    });
    return {};
  }),

  SetDefaultPolicyVersion: operation(z.object({ PolicyArn: arn, VersionId: versionId }), async (ctx, input) => {
    const acct = accountOf(ctx);
    await ctx.store.transaction(async (tx) => {
      const record = await requireLocal(tx, acct, input.PolicyArn);
      if (!record.versions.some((v) => v.versionId === input.VersionId)) throw versionNotFound(input.PolicyArn, input.VersionId);
      await putPolicy(tx, { ...record, defaultVersionId: input.VersionId, updateDate: now(ctx) });
    });
    return {};
  }),
};
