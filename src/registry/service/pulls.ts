// When each image was last pulled, for ECR's lastRecordedPullTime. ECR refreshes it "at least once
// every 24 hours"; Wharf refreshes it at most once an hour per image, so a pull costs one Store
// read, and a write only the first time in an hour. Never fails the pull.
import { PULLS, repoKey } from '../meta/keys.js';
import type { PullRecord } from '../meta/records.js';
import type { Reader } from '../../state/store.js';
import type { RegistryDeps } from './deps.js';

export const PULL_REFRESH_MS = 60 * 60 * 1000;

export function getPull(reader: Reader, repository: string, digest: string): Promise<PullRecord | undefined> {
  return reader.get<PullRecord>(PULLS, repoKey(repository, digest));
}

export async function recordPull(deps: RegistryDeps, repository: string, digest: string): Promise<void> {
  const now = deps.clock();
  try {
    const last = await getPull(deps.store, repository, digest);
    if (last && now.getTime() - new Date(last.pulledAt).getTime() < PULL_REFRESH_MS) return;
    await deps.store.transaction((tx) => tx.put<PullRecord>(PULLS, repoKey(repository, digest), { pulledAt: now.toISOString() }));
  } catch (err) {
    deps.log.warn({ err, repository, digest }, 'could not record the pull time');
  }
}
