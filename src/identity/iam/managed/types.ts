// An AWS managed policy as Wharf ships it: a fixed document with AWS's ARN, id and default version.
export interface AwsManagedPolicy {
  name: string;
  /** IAM's path: `/`, `/service-role/`, `/aws-service-role/`, ... */
  path: string;
  /** AWS's ANPA... policy id. */
  id: string;
  description: string;
  /** The version AWS currently serves as default (v1, v2, ...). */
  defaultVersionId: string;
  /** ISO 8601 times as AWS reports them. */
  createDate: string;
  updateDate: string;
  /** Service-linked role policies (path `/aws-service-role/`) cannot be attached by customers. */
  isAttachable: boolean;
  document: object;
}

/** A policy as its file writes it: `id` only where AWS's real one is known (else derived from the
 *  name), attachability from the path. */
export type ManagedPolicyEntry = Omit<AwsManagedPolicy, 'id' | 'isAttachable'> & { id?: string };
