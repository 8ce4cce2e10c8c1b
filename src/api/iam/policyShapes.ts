// Managed policies as IAM's wire shapes (Policy, PolicyVersion), for customer managed records and
// the AWS managed catalog alike, with the account's attachment counts. Pure.
import { awsManagedDocument } from '../../identity/iam/managed/index.js';
import type { PolicyVersionRecord } from '../../identity/iam/model.js';
import type { XmlValue } from '../../protocol/xml.js';
import type { PolicyRef } from './policyRefs.js';
import { attachmentCount, boundaryCount, type Usage } from './usage.js';
import { encodeDocument } from './xml.js';

export interface PolicyShapeOptions {
  /** GetPolicy answers Description and Tags; CreatePolicy and ListPolicies leave Description out. */
  description: boolean;
}

export function policyShape(ref: PolicyRef, usage: Usage, opts: PolicyShapeOptions): { [member: string]: XmlValue } {
  const common = {
    PolicyName: ref.name,
    Arn: ref.arn,
    Path: ref.path,
    AttachmentCount: attachmentCount(usage),
    PermissionsBoundaryUsageCount: boundaryCount(usage),
  };
  if (ref.scope === 'aws') {
    const p = ref.policy;
    return {
      ...common, PolicyId: p.id, DefaultVersionId: p.defaultVersionId, IsAttachable: p.isAttachable,
      Description: opts.description ? p.description : undefined, CreateDate: p.createDate, UpdateDate: p.updateDate,
    };
  }
  const r = ref.record;
  return {
    ...common, PolicyId: r.id, DefaultVersionId: r.defaultVersionId, IsAttachable: true,
    Description: opts.description ? r.description : undefined, CreateDate: r.createDate, UpdateDate: r.updateDate,
    Tags: r.tags.length === 0 ? undefined : r.tags.map((t) => ({ Key: t.Key, Value: t.Value })),
  };
}

/** A policy's versions, newest first: one for an AWS managed policy (its default). */
export function versionsOf(ref: PolicyRef): (PolicyVersionRecord & { isDefault: boolean })[] {
  if (ref.scope === 'aws') {
    const p = ref.policy;
    return [{ versionId: p.defaultVersionId, document: awsManagedDocument(p), createDate: p.updateDate, isDefault: true }];
  }
  const r = ref.record;
  return [...r.versions].reverse().map((v) => ({ ...v, isDefault: v.versionId === r.defaultVersionId }));
}

export function versionShape(v: PolicyVersionRecord & { isDefault: boolean }, withDocument: boolean): XmlValue {
  return {
    Document: withDocument ? encodeDocument(v.document) : undefined,
    VersionId: v.versionId,
    IsDefaultVersion: v.isDefault,
    CreateDate: v.createDate,
  };
}
