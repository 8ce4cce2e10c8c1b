// Who a request acts as: the identity a verified signature stands for.
//   root:         arn:aws:iam::<acct>:root                       (the account's root user)
//   user:         arn:aws:iam::<acct>:user<path><name>            (an IAM user's access key)
//   assumed-role: arn:aws:sts::<acct>:assumed-role/<role>/<session> (temporary credentials)
export interface Principal {
  arn: string;
  /** IAM's unique id: the account id for root, AIDA... for users, `AROA...:<session>` for role sessions. */
  userId: string;
  accountId: string;
  /** What kind of identity it is; absent means as the ARN says (older stored keys carry none). */
  kind?: 'root' | 'user' | 'assumed-role';
  /** A role session's role: its ARN (`arn:aws:iam::<acct>:role<path><name>`). */
  roleArn?: string;
  /** A role session's session policies (JSON documents) and session tags: they only narrow. */
  sessionPolicies?: string[];
  sessionTags?: { Key: string; Value: string }[];
  /** When temporary credentials end (epoch ms). */
  expiresAt?: number;
}

/** The kind of a principal, from its ARN where it does not say. */
export function principalKind(p: Principal): 'root' | 'user' | 'assumed-role' {
  if (p.kind) return p.kind;
  if (p.arn.endsWith(':root')) return 'root';
  return p.arn.includes(':assumed-role/') ? 'assumed-role' : 'user';
}
