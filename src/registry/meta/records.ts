// The registry's metadata documents, as kept in the Store.

export type TagMutability = 'MUTABLE' | 'IMMUTABLE';
export type EncryptionType = 'AES256' | 'KMS' | 'KMS_DSSE';

export interface ResourceTag {
  Key: string;
  Value: string;
}

export interface RepositoryRecord {
  repositoryName: string;
  registryId: string;
  /** ISO 8601. */
  createdAt: string;
  imageTagMutability: TagMutability;
  scanOnPush: boolean;
  encryption: { encryptionType: EncryptionType; kmsKey?: string };
  tags: ResourceTag[];
}

/** A stored blob, shared by every repository that links it. */
export interface BlobRecord {
  size: number;
  createdAt: string;
}

/** A repository's right to see a blob. */
export interface LinkRecord {
  size: number;
  linkedAt: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
  platform?: Record<string, unknown>;
}

export interface ManifestRecord {
  digest: string;
  mediaType: string;
  size: number;
  pushedAt: string;
  /** Blobs it references (config and layers). */
  blobs: string[];
  /** Child manifests (indexes and manifest lists). */
  manifests: string[];
  subject?: string;
  artifactType?: string;
  annotations?: Record<string, string>;
}

export interface TagRecord {
  digest: string;
  updatedAt: string;
}

/** An image's last recorded pull (ECR's lastRecordedPullTime). */
export interface PullRecord {
  /** ISO 8601. */
  pulledAt: string;
}

export interface UploadRecord {
  id: string;
  repository: string;
  startedAt: string;
  /** When an untouched session is dropped (ISO 8601). */
  expiresAt: string;
}
