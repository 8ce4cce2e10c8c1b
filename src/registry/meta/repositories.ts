// Reading repository records; shared by the registry's HTTP side and the ECR API.
import type { Reader } from '../../state/store.js';
import { REPOSITORIES } from './keys.js';
import type { RepositoryRecord } from './records.js';

export function getRepository(reader: Reader, name: string): Promise<RepositoryRecord | undefined> {
  return reader.get<RepositoryRecord>(REPOSITORIES, name);
}

export function repositoryArn(account: { accountId: string; region: string }, name: string): string {
  return `arn:aws:ecr:${account.region}:${account.accountId}:repository/${name}`;
}
