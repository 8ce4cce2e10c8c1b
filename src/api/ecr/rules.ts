// ECR's parameter rules for repositories, with its messages. Pure.
import { InvalidParameterException, InvalidTagParameterException, TooManyTagsException } from '../../protocol/errors.js';
import { MAX_NAME_LENGTH, REPOSITORY_NAME_PATTERN, isRepositoryName } from '../../registry/names.js';
import type { EncryptionType, ResourceTag, TagMutability } from '../../registry/meta/records.js';

/** ECR's words for a parameter that breaks its model: `Invalid parameter at '<member>' failed to satisfy constraint: '<text>'`. */
export function constraintError(member: string, text: string): InstanceType<typeof InvalidParameterException> {
  return new InvalidParameterException(`Invalid parameter at '${member}' failed to satisfy constraint: '${text}'`);
}

export function checkRepositoryName(name: string): void {
  if (name.length < 2 || name.length > MAX_NAME_LENGTH) {
    throw new InvalidParameterException(`Invalid parameter at 'repositoryName' failed to satisfy constraint: 'Member must have length between 2 and ${MAX_NAME_LENGTH}'`);
  }
  if (!isRepositoryName(name)) {
    throw new InvalidParameterException(`Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '${REPOSITORY_NAME_PATTERN}''`);
  }
}

export function checkMutability(value: string | undefined): TagMutability {
  if (value === undefined || value === 'MUTABLE' || value === 'IMMUTABLE') return value ?? 'MUTABLE';
  throw new InvalidParameterException(`Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [MUTABLE, IMMUTABLE]'`);
}

export function checkEncryption(
  value: { encryptionType: string; kmsKey?: string | undefined } | undefined,
  account: { accountId: string; region: string },
): { encryptionType: EncryptionType; kmsKey?: string } {
  if (!value) return { encryptionType: 'AES256' };
  const t = value.encryptionType;
  if (t !== 'AES256' && t !== 'KMS' && t !== 'KMS_DSSE') {
    throw new InvalidParameterException(`Invalid parameter at 'encryptionType' failed to satisfy constraint: 'Member must satisfy enum value set: [AES256, KMS, KMS_DSSE]'`);
  }
  if (t === 'AES256') {
    if (value.kmsKey) throw new InvalidParameterException('Invalid parameter: kmsKey can only be specified when encryptionType is KMS or KMS_DSSE');
    return { encryptionType: t };
  }
  return { encryptionType: t, kmsKey: value.kmsKey ?? `arn:aws:kms:${account.region}:${account.accountId}:alias/aws/ecr` };
}

const MAX_TAGS = 50;

export function checkTags(tags: ResourceTag[]): ResourceTag[] {
  if (tags.length > MAX_TAGS) throw new TooManyTagsException(`Number of tags exceeds the limit of ${MAX_TAGS}.`);
  for (const t of tags) {
    if (t.Key.length < 1 || t.Key.length > 128 || t.Key.startsWith('aws:')) {
      throw new InvalidTagParameterException(`Invalid tag key '${t.Key}': keys must be 1 to 128 characters and must not start with 'aws:'.`);
    }
    if (t.Value.length > 256) throw new InvalidTagParameterException(`Invalid tag value for key '${t.Key}': values are at most 256 characters.`);
  }
  return tags;
}
