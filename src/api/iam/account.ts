// The account as a whole: GetAccountSummary (real counts beside IAM's default quotas) and
// GetAccountAuthorizationDetails (every user, group, role and the managed policies in use).
import { z } from 'zod';
import { ACCESS_KEYS, type AccessKey } from '../../identity/accessKeys.js';
import { AWS_MANAGED_POLICIES, awsManagedArn } from '../../identity/iam/managed/index.js';
import {
  IAM_INSTANCE_PROFILES,
  IAM_POLICIES,
  type InstanceProfileRecord,
  type ManagedPolicyRecord,
  type RoleRecord,
} from '../../identity/iam/model.js';
import { operation } from '../../protocol/operation.js';
import type { Reader } from '../../state/store.js';
import { ACCESS_KEYS_PER_USER } from './accessKeys.js';
import { attachedShapes, POLICIES_PER_ENTITY } from './attachments.js';
import { INLINE_QUOTA, MANAGED_POLICY_QUOTA, TRUST_POLICY_QUOTA } from './documents.js';
import { GROUPS_PER_USER } from './groups.js';
import { rolesOf } from './instanceProfiles.js';
import { VERSIONS_PER_POLICY } from './managedPolicies.js';
import { policyShape, versionShape, versionsOf } from './policyShapes.js';
import type { PolicyRef } from './policyRefs.js';
import { accountOf, listAccount } from './repo.js';
import { instanceProfileShape, boundaryShape, tagsShape } from './shapes.js';
import { accountEntities, attachmentCount, boundaryCount, usageOf, type Entities } from './usage.js';
import { encodeDocument, xmlMap } from './xml.js';

async function rootKeyPresent(reader: Reader, accountId: string): Promise<boolean> {
  const kept = await reader.get<{ accessKeyId: string }>('iam/root-key', 'root');
  const key = kept ? await reader.get<AccessKey>(ACCESS_KEYS, kept.accessKeyId) : undefined;
  return key?.principal.accountId === accountId;
}

function attachmentsIn(entities: Entities): number {
  return [...entities.users, ...entities.groups, ...entities.roles].reduce((n, e) => n + e.attachedPolicies.length, 0);
}

const getAccountSummary = operation(z.object({}), async (ctx) => {
  const acct = accountOf(ctx);
  const entities = await accountEntities(ctx.store, acct);
  const policies = await ctx.store.count(IAM_POLICIES, { prefix: `${acct}/` });
  const profiles = await ctx.store.count(IAM_INSTANCE_PROFILES, { prefix: `${acct}/` });
  const entries: [string, number][] = [
    ['Users', entities.users.length], ['UsersQuota', 5000],
    ['Groups', entities.groups.length], ['GroupsQuota', 300],
    ['Roles', entities.roles.length], ['RolesQuota', 1000],
    ['InstanceProfiles', profiles], ['InstanceProfilesQuota', 1000],
    ['Policies', policies], ['PoliciesQuota', 1500],
    ['PolicySizeQuota', MANAGED_POLICY_QUOTA],
    ['PolicyVersionsInUse', attachmentsIn(entities)], ['PolicyVersionsInUseQuota', 10000],
    ['VersionsPerPolicyQuota', VERSIONS_PER_POLICY],
    ['UserPolicySizeQuota', INLINE_QUOTA.user], ['GroupPolicySizeQuota', INLINE_QUOTA.group],
    ['RolePolicySizeQuota', INLINE_QUOTA.role], ['AssumeRolePolicySizeQuota', TRUST_POLICY_QUOTA],
    ['GroupsPerUserQuota', GROUPS_PER_USER], ['AccessKeysPerUserQuota', ACCESS_KEYS_PER_USER],
    ['AttachedPoliciesPerUserQuota', POLICIES_PER_ENTITY], ['AttachedPoliciesPerGroupQuota', POLICIES_PER_ENTITY],
    ['AttachedPoliciesPerRoleQuota', POLICIES_PER_ENTITY],
    ['SigningCertificatesPerUserQuota', 2], ['ServerCertificates', 0], ['ServerCertificatesQuota', 20],
    ['MFADevices', 0], ['MFADevicesInUse', 0], ['AccountMFAEnabled', 0],
    ['AccountAccessKeysPresent', (await rootKeyPresent(ctx.store, acct)) ? 1 : 0], ['AccountSigningCertificatesPresent', 0],
    ['Providers', 0], ['ProvidersQuota', 100], ['GlobalEndpointTokenVersion', 1],
  ];
  return { SummaryMap: xmlMap(entries) };
});

const inlineDetail = (list: readonly { name: string; document: string }[]) =>
  list.map((p) => ({ PolicyName: p.name, PolicyDocument: encodeDocument(p.document) }));

const getAccountAuthorizationDetails = operation(z.object({
  Filter: z.preprocess((v) => (v === '' ? [] : v), z.array(z.enum(['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy']))).optional(),
  MaxItems: z.string().optional(),
  Marker: z.string().optional(),
}), async (ctx, input) => {
  const acct = accountOf(ctx);
  const filter = new Set(input.Filter && input.Filter.length > 0 ? input.Filter : ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy']);
  const entities = await accountEntities(ctx.store, acct);
  const profiles = await listAccount<InstanceProfileRecord>(ctx.store, IAM_INSTANCE_PROFILES, acct);
  const attached = (arns: readonly string[]) => attachedShapes(ctx.store, acct, arns, '/');
  const users = [];
  for (const u of filter.has('User') ? entities.users : []) {
    users.push({
      Path: u.path, UserName: u.name, UserId: u.id, Arn: u.arn, CreateDate: u.createDate,
      UserPolicyList: inlineDetail(u.inlinePolicies), GroupList: u.groups, AttachedManagedPolicies: await attached(u.attachedPolicies),
      PermissionsBoundary: boundaryShape(u.permissionsBoundary), Tags: tagsShape(u.tags),
    });
  }
  const groups = [];
  for (const g of filter.has('Group') ? entities.groups : []) {
    groups.push({
      Path: g.path, GroupName: g.name, GroupId: g.id, Arn: g.arn, CreateDate: g.createDate,
      GroupPolicyList: inlineDetail(g.inlinePolicies), AttachedManagedPolicies: await attached(g.attachedPolicies),
    });
  }
  const roles = [];
  for (const r of filter.has('Role') ? entities.roles : []) roles.push(await roleDetail(ctx.store, r, profiles, attached));
  const refs: PolicyRef[] = [];
  if (filter.has('AWSManagedPolicy')) {
    for (const p of AWS_MANAGED_POLICIES) refs.push({ scope: 'aws', arn: awsManagedArn(p), name: p.name, path: p.path, policy: p });
  }
  if (filter.has('LocalManagedPolicy')) {
    for (const r of await listAccount<ManagedPolicyRecord>(ctx.store, IAM_POLICIES, acct)) refs.push({ scope: 'local', arn: r.arn, name: r.name, path: r.path, record: r });
  }
  const policies = refs
    .map((ref) => ({ ref, usage: usageOf(entities, ref.arn) }))
    // As IAM does, AWS managed policies appear only where the account uses them.
    .filter(({ ref, usage }) => ref.scope === 'local' || attachmentCount(usage) + boundaryCount(usage) > 0)
    .map(({ ref, usage }) => ({
      ...policyShape(ref, usage, { description: true }),
      Tags: undefined,
      PolicyVersionList: versionsOf(ref).map((v) => versionShape(v, true)),
    }));
  return { UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: policies, IsTruncated: false };
});

async function roleDetail(
  reader: Reader,
  r: RoleRecord,
  profiles: readonly InstanceProfileRecord[],
  attached: (arns: readonly string[]) => Promise<unknown>,
) {
  const mine = profiles.filter((p) => p.roles.some((n) => n.toLowerCase() === r.name.toLowerCase()));
  const profileShapes = [];
  for (const p of mine) profileShapes.push(instanceProfileShape(p, await rolesOf(reader, p)));
  return {
    Path: r.path, RoleName: r.name, RoleId: r.id, Arn: r.arn, CreateDate: r.createDate,
    AssumeRolePolicyDocument: encodeDocument(r.assumeRolePolicyDocument), InstanceProfileList: profileShapes,
    RolePolicyList: inlineDetail(r.inlinePolicies), AttachedManagedPolicies: await attached(r.attachedPolicies),
    PermissionsBoundary: boundaryShape(r.permissionsBoundary), Tags: tagsShape(r.tags), RoleLastUsed: {},
  };
}

export const accountOperations = {
  GetAccountSummary: getAccountSummary,
  GetAccountAuthorizationDetails: getAccountAuthorizationDetails,
};
