// Listings: a repository's tags, the catalog of repositories, a manifest's referrers.
// Tags and repositories come back in lexical order, `n` at a time after `last`.
import { lastPart, REFERRERS, REPOSITORIES, repoKey, repoPrefix, TAGS } from '../meta/keys.js';
import type { Descriptor } from '../meta/records.js';
import type { Reader } from '../../state/store.js';

export interface PageQuery {
  n?: number | undefined;
  last?: string | undefined;
}

export interface NamePage {
  names: string[];
  /** Whether more follow the last one returned. */
  more: boolean;
}

const DEFAULT_PAGE = 1000;

export async function listTags(reader: Reader, repository: string, q: PageQuery): Promise<NamePage> {
  const n = q.n ?? DEFAULT_PAGE;
  if (n === 0) return { names: [], more: false };
  const rows = await reader.list(TAGS, {
    prefix: repoPrefix(repository),
    ...(q.last !== undefined ? { after: repoKey(repository, q.last) } : {}),
    limit: n + 1,
  });
  return { names: rows.slice(0, n).map((r) => lastPart(r.key)), more: rows.length > n };
}

export async function listRepositories(reader: Reader, q: PageQuery): Promise<NamePage> {
  const n = q.n ?? DEFAULT_PAGE;
  if (n === 0) return { names: [], more: false };
  const rows = await reader.list(REPOSITORIES, { ...(q.last !== undefined ? { after: q.last } : {}), limit: n + 1 });
  return { names: rows.slice(0, n).map((r) => r.key), more: rows.length > n };
}

export async function listReferrers(reader: Reader, repository: string, subject: string, artifactType?: string): Promise<Descriptor[]> {
  const rows = await reader.list<Descriptor>(REFERRERS, { prefix: `${repoKey(repository, subject)}|` });
  return rows.map((r) => r.value).filter((d) => artifactType === undefined || d.artifactType === artifactType);
}
