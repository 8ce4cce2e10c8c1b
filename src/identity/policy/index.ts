// The policy evaluator's public door: compile documents once, then decide requests.
export { compilePolicy, type CompiledPolicy, type CompilePolicyOptions, type PolicyKind } from './grammar.js';
export { evaluate, type PolicySet } from './evaluate.js';
export { MalformedPolicyDocumentError } from './errors.js';
export type {
  AuthorizationRequest,
  AuthorizationResult,
  ContextScalar,
  ContextValue,
  Decision,
  PolicyType,
  PrincipalKind,
  RequestPrincipal,
  StatementRef,
} from './types.js';
