// The authorizer's public door: gather a principal's policies, decide each requirement of a call.
export { authorize, type AuthorizeOptions, type Denial, type Verdict } from './authorize.js';
export { PolicyCache } from './cache.js';
export { denialMessage } from './message.js';
export { factContext, requestFor, requestPrincipal, type RequestFacts, type Requirement } from './request.js';
export { createPolicySource, type PolicySource, type PolicySourceOptions, type PrincipalPolicies } from './source.js';
