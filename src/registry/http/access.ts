// Who a /v2/ request is and what it may do: the ECR login token's principal (or a presigned layer
// download), then each repository's ECR actions decided by identity/authorize with that
// repository's policy. The Store reads (access keys, repository policies) are here; the decisions
// are the evaluator's, the needs the table's (permissions.ts).
import type { Logger } from 'pino';
import { ACCESS_KEYS, type AccessKey } from '../../identity/accessKeys.js';
import { authorize, createPolicySource, type RequestFacts } from '../../identity/authorize/index.js';
import type { Principal } from '../../identity/principal.js';
import type { Reader, Store } from '../../state/store.js';
import type { Clock } from '../../util/clock.js';
import { isPresigned, verifyDownloadPath } from '../downloadUrl.js';
import { REPOSITORY_POLICIES, repoKey } from '../meta/keys.js';
import { repositoryArn } from '../meta/repositories.js';
import { parseBasic, REGISTRY_USER, verifyToken, type TokenClaims } from '../token.js';
import { requirementsOf, type RepositoryNeeds } from './permissions.js';

/** What the access check sees of a request: its Authorization header, or for a presigned layer
 *  download (see ../downloadUrl.ts) the method, path and query it signs. */
export interface AuthRequest {
  authorization: string | undefined;
  method: string;
  path: string;
  query: URLSearchParams;
}

/** A presigned download was authorized when its URL was signed (GetDownloadUrlForLayer). */
export type Caller = { kind: 'presigned' } | { kind: 'principal'; principal: Principal };

export interface RegistryAccess {
  /** The caller, or undefined for a missing or bad login (a 401). */
  authenticate(request: AuthRequest): Promise<Caller | undefined>;
  /** Undefined when every need is allowed, else AWS's denial sentence (a 403 DENIED). */
  permit(principal: Principal, needs: readonly RepositoryNeeds[], facts: Omit<RequestFacts, 'now' | 'region'>): Promise<string | undefined>;
}

/** A repository's policy text, as api/ecr's SetRepositoryPolicy keeps it. */
export type RepositoryPolicyLookup = (reader: Reader, repository: string) => Promise<string | undefined>;

export const storedRepositoryPolicy: RepositoryPolicyLookup = async (reader, repository) =>
  (await reader.get<{ text: string }>(REPOSITORY_POLICIES, repoKey(repository, '')))?.text;

export interface AccessOptions {
  store: Store;
  clock: Clock;
  secret: Buffer;
  account: { accountId: string; region: string };
  log: Logger;
  repositoryPolicy?: RepositoryPolicyLookup;
}

/** The principal a token stands for: temporary credentials' as the token carries it, while they
 *  last; a long-term one's from its Active access key, so a deleted or disabled key ends it. */
async function principalOf(store: Store, claims: TokenClaims, now: Date): Promise<Principal | undefined> {
  const carried = claims.principal;
  if (carried?.expiresAt !== undefined) return carried.expiresAt > now.getTime() ? carried : undefined;
  const keys = await store.list<AccessKey>(ACCESS_KEYS);
  return keys.find((k) => k.value.status === 'Active' && k.value.principal.arn === claims.principalArn)?.value.principal;
}

export function createRegistryAccess(opts: AccessOptions): RegistryAccess {
  const source = createPolicySource({ store: opts.store });
  const lookup = opts.repositoryPolicy ?? storedRepositoryPolicy;
  const arnOf = (name: string) => repositoryArn(opts.account, name);
  return {
    async authenticate({ authorization, method, path, query }) {
      if (isPresigned(query)) {
        const ok = (method === 'GET' || method === 'HEAD') && verifyDownloadPath(opts.secret, path, query, opts.clock());
        return ok ? { kind: 'presigned' } : undefined;
      }
      const basic = parseBasic(authorization);
      if (!basic || basic.user !== REGISTRY_USER) return undefined;
      const now = opts.clock();
      const claims = verifyToken(opts.secret, basic.password, now);
      const principal = claims && (await principalOf(opts.store, claims, now));
      return principal ? { kind: 'principal', principal } : undefined;
    },
    async permit(principal, needs, facts) {
      for (const need of needs) {
        const text = need.repository === '*' ? undefined : await lookup(opts.store, need.repository);
        const verdict = await authorize({
          reader: source,
          principal,
          requirements: requirementsOf(need, arnOf),
          facts: { ...facts, now: opts.clock(), region: opts.account.region },
          resourceAccount: opts.account.accountId,
          ...(text !== undefined ? { resourcePolicyDocument: { id: arnOf(need.repository), text } } : {}),
        });
        if (verdict.allowed) continue;
        const { denial } = verdict;
        opts.log.warn({ principal: principal.arn, action: denial.action, resource: denial.resource, decision: denial.decision, statement: denial.statement }, 'registry access denied');
        return denial.message;
      }
      return undefined;
    },
  };
}
