// Where the authorizer gets a principal's policies: documents from IAM's records and the AWS
// managed policies Wharf ships (identity/iam's identityPolicies), compiled through one
// PolicyCache, plus the session policies the principal's temporary credentials carry.
import type { CompiledPolicy, PolicySet } from '../policy/index.js';
import type { Principal } from '../principal.js';
import type { Reader } from '../../state/store.js';
import { PolicyCache } from './cache.js';
import { identityPolicies, type IdentityPolicies } from '../iam/policiesOf.js';

export interface PrincipalPolicies {
  policies: PolicySet;
  tags: Readonly<Record<string, string>>;
}

/** Gathers what applies to a principal's requests. */
export interface PolicySource {
  policiesOf(principal: Principal): Promise<PrincipalPolicies>;
  /** Compiles a resource's own policy that names no Resource (a repository policy), cached. */
  attachedPolicy?(id: string, text: string): CompiledPolicy;
}

export interface PolicySourceOptions {
  store: Reader;
  cache?: PolicyCache;
  /** The documents of a principal; identity/iam's by default. */
  documents?: (store: Reader, principal: Principal) => Promise<IdentityPolicies>;
}

export function createPolicySource(opts: PolicySourceOptions): PolicySource {
  const cache = opts.cache ?? new PolicyCache();
  const documents = opts.documents ?? identityPolicies;
  return {
    async policiesOf(principal) {
      const docs = await documents(opts.store, principal);
      const policies: PolicySet = { identity: docs.identity.map((d) => cache.compiled(d.id, d.document)) };
      if (docs.boundary) policies.permissionsBoundary = cache.compiled(docs.boundary.id, docs.boundary.document);
      const session: CompiledPolicy[] = (principal.sessionPolicies ?? []).map((text, i) => cache.compiled(`${principal.arn}/session/${i}`, text));
      if (session.length > 0) policies.session = session;
      return { policies, tags: docs.tags };
    },
    attachedPolicy: (id, text) => cache.compiled(`attached/${id}`, text, 'trust'),
  };
}
