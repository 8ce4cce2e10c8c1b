// What each ECR operation needs to be authorized, keyed as the dispatch table (index.ts) keys it,
// from the Service Authorization Reference for Amazon ECR: every repository-scoped operation acts
// on `repository` (arn:aws:ecr:REGION:REGISTRY:repository/NAME, the registry being the account
// unless registryId names another); registry-wide ones, pull-through cache rules and
// GetAuthorizationToken list no resource type, so `*`. ECR's own condition keys are resource tags
// (ecr:ResourceTag/*), which the input cannot tell; only the request-tag keys are filled here.
import { z } from 'zod';
import { anyResource, requestTagConditions, row, tagKeyConditions, type PermissionRow, type PermissionTable } from '../../protocol/authorization.js';
import type { Account } from '../../protocol/context.js';
import { repositoryArn } from '../../registry/meta/repositories.js';
import type { Reader } from '../../state/store.js';
import { getRepositoryPolicy } from './policies.js';

const repository = z.object({ registryId: z.string().optional(), repositoryName: z.string() }).loose();
const tags = z.array(z.object({ Key: z.string(), Value: z.string() }).loose());

function repositoryOf(account: Account, registryId: string | undefined, name: string): string {
  return repositoryArn({ accountId: registryId ?? account.accountId, region: account.region }, name);
}

/** The repository policy of `arn:aws:ecr:REGION:ACCOUNT:repository/NAME`: what ECR evaluates
 *  beside the caller's identity policies. (The registry policy applies to replication and pull
 *  through cache, which Wharf does not do, so it is not asked.) */
export async function repositoryPolicyOf(reader: Reader, arn: string): Promise<string | undefined> {
  const m = /^arn:[^:]+:ecr:[^:]*:\d{12}:repository\/(.+)$/.exec(arn);
  return m?.[1] ? (await getRepositoryPolicy(reader, m[1]))?.text : undefined;
}

/** A row acting on the one repository the input names, with that repository's policy. */
function onRepository(action: string): PermissionRow {
  return row(repository, {
    action, resourcePolicy: repositoryPolicyOf, resources: ({ input, account }) => [repositoryOf(account, input.registryId, input.repositoryName)],
  });
}

function ecrTags(list: ReadonlyArray<{ Key: string; Value: string }> | undefined) {
  return requestTagConditions(list?.map((t) => ({ key: t.Key, value: t.Value })));
}

const REPOSITORY_OPERATIONS = [
  'DeleteRepository', 'PutLifecyclePolicy', 'GetLifecyclePolicy', 'DeleteLifecyclePolicy', 'StartLifecyclePolicyPreview',
  'GetLifecyclePolicyPreview', 'PutImageScanningConfiguration', 'StartImageScan', 'DescribeImageScanFindings', 'ListImages',
  'DescribeImages', 'BatchGetImage', 'BatchDeleteImage', 'PutImage', 'PutImageTagMutability', 'BatchCheckLayerAvailability',
  'InitiateLayerUpload', 'UploadLayerPart', 'CompleteLayerUpload', 'GetDownloadUrlForLayer', 'SetRepositoryPolicy',
  'GetRepositoryPolicy', 'DeleteRepositoryPolicy', 'DescribeImageReplicationStatus',
] as const;

const REGISTRY_OPERATIONS = [
  'PutRegistryPolicy', 'GetRegistryPolicy', 'DeleteRegistryPolicy', 'DescribeRegistry',
  'PutRegistryScanningConfiguration', 'GetRegistryScanningConfiguration', 'PutReplicationConfiguration',
  'CreatePullThroughCacheRule', 'DescribePullThroughCacheRules', 'DeletePullThroughCacheRule',
] as const;

export const ecrPermissions: PermissionTable = {
  ...Object.fromEntries(REPOSITORY_OPERATIONS.map((op) => [op, onRepository(`ecr:${op}`)])),
  ...Object.fromEntries(REGISTRY_OPERATIONS.map((op) => [op, anyResource(`ecr:${op}`)])),
  // The login of whoever calls, decided in its own account: a user of another account logs in
  // here and is then held, per repository, to that repository's policy.
  GetAuthorizationToken: { ...anyResource('ecr:GetAuthorizationToken'), callerAccount: true },

  CreateRepository: row(repository.extend({ tags: tags.optional() }), {
    action: 'ecr:CreateRepository',
    resources: ({ input, account }) => [repositoryOf(account, input.registryId, input.repositoryName)],
    conditions: ({ input }) => ecrTags(input.tags),
    // Creating with tags needs ecr:TagResource as well (the reference's operations table).
    also: ({ input, account }) =>
      input.tags?.length
        ? [{ action: 'ecr:TagResource', resources: [repositoryOf(account, input.registryId, input.repositoryName)], conditions: ecrTags(input.tags) }]
        : [],
  }),
  // Naming no repository describes them all: every repository of the registry. (AWS reports a
  // denial of it on `repository/*`.)
  DescribeRepositories: row(z.object({ registryId: z.string().optional(), repositoryNames: z.array(z.string()).optional() }).loose(), {
    action: 'ecr:DescribeRepositories',
    resourcePolicy: repositoryPolicyOf,
    resources: ({ input, account }) =>
      (input.repositoryNames?.length ? input.repositoryNames : ['*']).map((n) => repositoryOf(account, input.registryId, n)),
  }),
  BatchGetRepositoryScanningConfiguration: row(z.object({ repositoryNames: z.array(z.string()) }).loose(), {
    action: 'ecr:BatchGetRepositoryScanningConfiguration',
    resources: ({ input, account }) => input.repositoryNames.map((n) => repositoryOf(account, undefined, n)),
  }),

  TagResource: row(z.object({ resourceArn: z.string(), tags }).loose(), {
    action: 'ecr:TagResource',
    resourcePolicy: repositoryPolicyOf,
    resources: ({ input }) => [input.resourceArn],
    conditions: ({ input }) => ecrTags(input.tags),
  }),
  UntagResource: row(z.object({ resourceArn: z.string(), tagKeys: z.array(z.string()) }).loose(), {
    action: 'ecr:UntagResource',
    resourcePolicy: repositoryPolicyOf,
    resources: ({ input }) => [input.resourceArn],
    conditions: ({ input }) => tagKeyConditions(input.tagKeys),
  }),
  ListTagsForResource: row(z.object({ resourceArn: z.string() }).loose(), {
    action: 'ecr:ListTagsForResource',
    resourcePolicy: repositoryPolicyOf,
    resources: ({ input }) => [input.resourceArn],
  }),
};
