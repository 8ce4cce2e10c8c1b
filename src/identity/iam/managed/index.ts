// The AWS managed policies Wharf ships (`arn:aws:iam::aws:policy<path><name>`), visible in every
// account and attachable. Fixed documents: no records, no versions besides the default one.
import { administratorPolicies } from './administrator.js';
import { containerPolicies } from './containers.js';
import { derivedPolicyId } from './ids.js';
import { registryPolicies } from './registry.js';
import { servicePolicies } from './services.js';
import type { AwsManagedPolicy, ManagedPolicyEntry } from './types.js';

export type { AwsManagedPolicy } from './types.js';

function complete(entry: ManagedPolicyEntry): AwsManagedPolicy {
  return { ...entry, id: entry.id ?? derivedPolicyId(entry.name), isAttachable: entry.path !== '/aws-service-role/' };
}

export const AWS_MANAGED_POLICIES: readonly AwsManagedPolicy[] = [
  ...administratorPolicies,
  ...containerPolicies,
  ...registryPolicies,
  ...servicePolicies,
].map(complete).sort((a, b) => a.name.localeCompare(b.name));

export function awsManagedArn(p: Pick<AwsManagedPolicy, 'path' | 'name'>): string {
  return `arn:aws:iam::aws:policy${p.path}${p.name}`;
}

const BY_ARN = new Map(AWS_MANAGED_POLICIES.map((p) => [awsManagedArn(p), p]));

/** The AWS managed policy with this ARN, if Wharf ships it. */
export function awsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  return BY_ARN.get(arn);
}

/** Its default version's document as JSON text. */
export function awsManagedDocument(p: AwsManagedPolicy): string {
  return JSON.stringify(p.document);
}
