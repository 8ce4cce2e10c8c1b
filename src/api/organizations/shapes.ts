// Records as Organizations' wire shapes. Timestamps are epoch seconds, as AWS JSON sends them.
import {
  accountArn, organizationArn, rootArn,
  type AccountRecord, type CreateAccountStatusRecord, type OrganizationRecord,
} from '../../identity/accounts/model.js';

function seconds(iso: string): number {
  return Date.parse(iso) / 1000;
}

export function accountShape(org: OrganizationRecord, a: AccountRecord) {
  return {
    Id: a.id,
    Arn: accountArn(org.managementAccountId, org.id, a.id),
    Email: a.email,
    Name: a.name,
    Status: a.status,
    State: a.status,
    JoinedMethod: a.joinedMethod,
    JoinedTimestamp: seconds(a.joinedTimestamp),
  };
}

export function createAccountStatusShape(s: CreateAccountStatusRecord) {
  return {
    Id: s.id,
    AccountName: s.accountName,
    State: s.state,
    RequestedTimestamp: seconds(s.requestedTimestamp),
    ...(s.completedTimestamp ? { CompletedTimestamp: seconds(s.completedTimestamp) } : {}),
    ...(s.accountId ? { AccountId: s.accountId } : {}),
    ...(s.failureReason ? { FailureReason: s.failureReason } : {}),
  };
}

export function organizationShape(org: OrganizationRecord) {
  return {
    Id: org.id,
    Arn: organizationArn(org),
    FeatureSet: org.featureSet,
    MasterAccountArn: accountArn(org.managementAccountId, org.id, org.managementAccountId),
    MasterAccountId: org.managementAccountId,
    MasterAccountEmail: org.managementAccountEmail,
    // AWS still sends this deprecated member, with service control policies available.
    AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
  };
}

export function rootShape(org: OrganizationRecord) {
  return { Id: org.rootId, Arn: rootArn(org.managementAccountId, org.id, org.rootId), Name: 'Root', PolicyTypes: [] };
}
