// ECR's wire shapes and messages for repositories.
import type { Account } from '../../protocol/context.js';
import { repositoryArn } from '../../registry/meta/repositories.js';
import type { RepositoryRecord } from '../../registry/meta/records.js';

export function notFoundMessage(name: string, registryId: string): string {
  return `The repository with name '${name}' does not exist in the registry with id '${registryId}'`;
}

export function alreadyExistsMessage(name: string, registryId: string): string {
  return `The repository with name '${name}' already exists in the registry with id '${registryId}'`;
}

export function notEmptyMessage(name: string, registryId: string): string {
  return `The repository with name '${name}' in registry with id '${registryId}' cannot be deleted because it still contains images`;
}

/** AWS JSON timestamps are epoch seconds. */
export function epochSeconds(iso: string): number {
  return new Date(iso).getTime() / 1000;
}

export function repositoryToWire(account: Account, host: string, r: RepositoryRecord) {
  return {
    repositoryArn: repositoryArn(account, r.repositoryName),
    registryId: r.registryId,
    repositoryName: r.repositoryName,
    repositoryUri: `${host}/${r.repositoryName}`,
    createdAt: epochSeconds(r.createdAt),
    imageTagMutability: r.imageTagMutability,
    imageScanningConfiguration: { scanOnPush: r.scanOnPush },
    encryptionConfiguration: r.encryption,
  };
}
