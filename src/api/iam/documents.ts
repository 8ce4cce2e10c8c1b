// Policy documents as IAM checks them before storing: the grammar (identity/policy's compiler,
// whose sentences are IAM's) and IAM's size quotas, counted without white space as IAM counts them.
import { compilePolicy, MalformedPolicyDocumentError, type PolicyKind } from '../../identity/policy/index.js';
import { LimitExceeded, MalformedPolicyDocument } from '../../protocol/errors.js';

export interface DocumentCheck {
  kind: PolicyKind;
  /** CreatePolicy and CreatePolicyVersion refuse a document older than 2012-10-17. */
  requireVersion2012?: boolean;
}

/** Throws IAM's MalformedPolicyDocument when the document does not compile. */
export function checkDocument(document: string, check: DocumentCheck): void {
  try {
    compilePolicy({ id: 'check', kind: check.kind, document, requireVersion2012: check.requireVersion2012 });
  } catch (err) {
    if (err instanceof MalformedPolicyDocumentError) throw new MalformedPolicyDocument(err.message);
    throw err;
  }
}

/** Characters IAM counts toward a policy size quota. */
export function policySize(document: string): number {
  return document.replace(/\s/g, '').length;
}

/** Aggregate inline policy quotas, per entity type, as IAM's default quotas give them. */
export const INLINE_QUOTA = { user: 2048, group: 5120, role: 10240 } as const;
export const MANAGED_POLICY_QUOTA = 6144;
export const TRUST_POLICY_QUOTA = 2048;

export function checkManagedSize(document: string): void {
  if (policySize(document) > MANAGED_POLICY_QUOTA) throw new LimitExceeded(`Cannot exceed quota for PolicySize: ${MANAGED_POLICY_QUOTA}`);
}

export function checkTrustSize(document: string): void {
  if (policySize(document) > TRUST_POLICY_QUOTA) throw new LimitExceeded(`Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_QUOTA}`);
}

/** A trust policy: grammar with a Principal, then ACLSizePerRole. */
export function checkTrustPolicy(document: string): void {
  checkDocument(document, { kind: 'trust' });
  checkTrustSize(document);
}
