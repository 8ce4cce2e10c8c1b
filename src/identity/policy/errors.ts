// The one error the compiler throws. IAM answers a bad document with the wire error
// MalformedPolicyDocument and a short sentence; the sentences used here are the ones IAM (or, for
// resource-based and trust policies, the service owning the resource) is known to send, so the
// API layer can pass `message` through unchanged.
export class MalformedPolicyDocumentError extends Error {
  override readonly name = 'MalformedPolicyDocument';
}

export const messages = {
  syntax: 'Syntax errors in policy.',
  legacy: 'The policy failed legacy parsing',
  version: 'Policy document must be version 2012-10-17 or greater.',
  principalInIdentity: 'Policy document should not specify a principal.',
  missingPrincipal: 'Missing required field Principal',
  missingEffect: 'Missing required field Effect',
  actions: 'Policy statement must contain actions.',
  resources: 'Policy statement must contain resources.',
  sids: 'Statement IDs (SID) in a single policy must be unique.',
  vendor: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  oneColon: 'Actions/Condition can contain only one colon.',
  vendorInvalid: (vendor: string) => `Vendor ${vendor} is not valid`,
  resourceFormat: (resource: string) => `Resource ${resource} must be in ARN format or "*".`,
  prohibited: (field: string) => `Has prohibited field ${field}`,
  principal: (type: string, value: string) => `Invalid principal in policy: "${type}":"${value}"`,
} as const;

export function malformed(message: string): MalformedPolicyDocumentError {
  return new MalformedPolicyDocumentError(message);
}
