// Records as IAM's wire shapes (User, Group, Role, InstanceProfile, AttachedPermissionsBoundary,
// Tags). Pure.
import type { GroupRecord, InstanceProfileRecord, RoleRecord, Tag, UserRecord } from '../../identity/iam/model.js';
import type { XmlValue } from '../../protocol/xml.js';
import { encodeDocument } from './xml.js';

function boundary(arn: string | undefined): XmlValue {
  return arn === undefined ? undefined : { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn };
}

function tags(list: readonly Tag[]): XmlValue {
  return list.length === 0 ? undefined : list.map((t) => ({ Key: t.Key, Value: t.Value }));
}

/** A User; `full` (GetUser, CreateUser) adds its boundary and tags, as IAM's listings leave them out. */
export function userShape(u: UserRecord, full: boolean): XmlValue {
  return {
    Path: u.path,
    UserName: u.name,
    UserId: u.id,
    Arn: u.arn,
    CreateDate: u.createDate,
    ...(full ? { PermissionsBoundary: boundary(u.permissionsBoundary), Tags: tags(u.tags) } : {}),
  };
}

export function groupShape(g: GroupRecord): XmlValue {
  return { Path: g.path, GroupName: g.name, GroupId: g.id, Arn: g.arn, CreateDate: g.createDate };
}

/** A Role; `full` (GetRole, CreateRole) adds its boundary, tags and RoleLastUsed. */
export function roleShape(r: RoleRecord, full: boolean): XmlValue {
  return {
    Path: r.path,
    RoleName: r.name,
    RoleId: r.id,
    Arn: r.arn,
    CreateDate: r.createDate,
    AssumeRolePolicyDocument: encodeDocument(r.assumeRolePolicyDocument),
    Description: r.description,
    MaxSessionDuration: r.maxSessionDuration,
    ...(full ? { PermissionsBoundary: boundary(r.permissionsBoundary), Tags: tags(r.tags), RoleLastUsed: {} } : {}),
  };
}

export function instanceProfileShape(p: InstanceProfileRecord, roles: readonly RoleRecord[]): XmlValue {
  return {
    Path: p.path,
    InstanceProfileName: p.name,
    InstanceProfileId: p.id,
    Arn: p.arn,
    CreateDate: p.createDate,
    Roles: roles.map((r) => roleShape(r, false)),
    Tags: tags(p.tags),
  };
}

export function tagsShape(list: readonly Tag[]): XmlValue {
  return list.map((t) => ({ Key: t.Key, Value: t.Value }));
}

export function boundaryShape(arn: string | undefined): XmlValue {
  return boundary(arn);
}
