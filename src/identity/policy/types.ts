// The shapes the evaluator reads and answers with. A request is plain data the caller builds from
// a verified signature and the operation's table row; nothing here reaches for a clock or a store.

/** One value of a condition key; a key may also carry a list of them (a multivalued key). */
export type ContextScalar = string | number | boolean;
export type ContextValue = ContextScalar | readonly ContextScalar[];

/**
 * Who is asking. `kind` decides which names in a Principal element stand for the caller:
 * a role session is named by its session ARN, by its role's ARN, or by its account.
 */
export type PrincipalKind = 'root' | 'user' | 'assumed-role' | 'federated-user' | 'service' | 'federated' | 'anonymous';

export interface RequestPrincipal {
  kind: PrincipalKind;
  /** The caller's ARN; for `service` the service name (ecs-tasks.amazonaws.com), for `federated` the provider. */
  arn: string;
  /** The account the caller belongs to; absent for service, federated and anonymous callers. */
  accountId?: string;
  /** aws:username: IAM users only, as AWS sets it. */
  userName?: string;
  /** aws:userid (AIDA... for users, AROA...:session for role sessions). */
  userId?: string;
  /** aws:PrincipalTag/<key>. */
  tags?: Readonly<Record<string, string>>;
  /** For an assumed-role session: the role's ARN (with its path), which a resource policy may name. */
  roleArn?: string;
  /** For a federated-user session: the IAM user who called GetFederationToken. */
  sourceUserArn?: string;
}

export interface AuthorizationRequest {
  principal: RequestPrincipal;
  /** `service:Operation`, e.g. `ecs:RunTask`; compared case-insensitively. */
  action: string;
  /** One ARN, `*`, or several: every one must be allowed. */
  resource: string | readonly string[];
  /**
   * The account that owns the resource. Defaults to the ARN's account field, then to the
   * caller's account (for `*` and for ARNs without one, such as S3's).
   */
  resourceAccount?: string;
  /** Condition keys (names compared case-insensitively), including aws:CurrentTime and aws:EpochTime. */
  context?: Readonly<Record<string, ContextValue>>;
}

export type PolicyType = 'identity' | 'resource' | 'boundary' | 'session';

/** The statement that decided, as Cedar's `Response` names the policies that determined it. */
export interface StatementRef {
  policyId: string;
  policyType: PolicyType;
  sid?: string;
  index: number;
}

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

export interface AuthorizationResult {
  decision: Decision;
  /** The deny that won, or the allow that granted (the resource policy's, across accounts). Absent for an implicit deny and for a root user's own-account allow. */
  statement?: StatementRef;
  /** For several resources: the resource this result is about (the first one not allowed). */
  resource?: string;
}
