// A managed policy named by ARN: an AWS managed one Wharf ships, or a customer managed one of the
// caller's account. Attach*, boundaries and the policy operations resolve ARNs here.
import { awsManagedArn, awsManagedPolicy, type AwsManagedPolicy } from '../../identity/iam/managed/index.js';
import type { ManagedPolicyRecord } from '../../identity/iam/model.js';
import { InvalidInput, NoSuchEntity } from '../../protocol/errors.js';
import type { Reader } from '../../state/store.js';
import { findCustomerPolicy } from './repo.js';

export type PolicyRef =
  | { scope: 'aws'; arn: string; name: string; path: string; policy: AwsManagedPolicy }
  | { scope: 'local'; arn: string; name: string; path: string; record: ManagedPolicyRecord };

/** IAM's check of an ARN's shape, before looking anything up. */
export function checkArn(arn: string): void {
  if (!/^arn:[\w-]+:[\w-]*:[\w-]*:[\w-]*:.+$/.test(arn)) throw new InvalidInput(`ARN ${arn} is not valid.`);
}

export async function findPolicy(reader: Reader, accountId: string, arn: string): Promise<PolicyRef | undefined> {
  const aws = awsManagedPolicy(arn);
  if (aws) return { scope: 'aws', arn: awsManagedArn(aws), name: aws.name, path: aws.path, policy: aws };
  const record = await findCustomerPolicy(reader, accountId, arn);
  return record ? { scope: 'local', arn: record.arn, name: record.name, path: record.path, record } : undefined;
}

/** For GetPolicy and the version operations: NoSuchEntity "Policy ARN was not found." */
export async function requirePolicy(reader: Reader, accountId: string, arn: string): Promise<PolicyRef> {
  checkArn(arn);
  const ref = await findPolicy(reader, accountId, arn);
  if (!ref) throw new NoSuchEntity(`Policy ${arn} was not found.`);
  return ref;
}

/** For Attach* and boundaries: NoSuchEntity "Policy ARN does not exist or is not attachable." */
export async function requireAttachable(reader: Reader, accountId: string, arn: string): Promise<PolicyRef> {
  checkArn(arn);
  const ref = await findPolicy(reader, accountId, arn);
  if (!ref) throw new NoSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  return ref;
}
