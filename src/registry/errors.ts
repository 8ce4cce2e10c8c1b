// The registry's wire errors: OCI distribution error codes with their HTTP statuses, answered
// as {"errors":[{"code","message","detail"}]}. An exhaustive table, like protocol/errors.ts.

const OCI_STATUS = {
  BLOB_UNKNOWN: 404,
  BLOB_UPLOAD_INVALID: 400,
  BLOB_UPLOAD_UNKNOWN: 404,
  DIGEST_INVALID: 400,
  MANIFEST_BLOB_UNKNOWN: 400,
  MANIFEST_INVALID: 400,
  MANIFEST_UNKNOWN: 404,
  NAME_INVALID: 400,
  NAME_UNKNOWN: 404,
  SIZE_INVALID: 400,
  TAG_INVALID: 400,
  UNAUTHORIZED: 401,
  DENIED: 403,
  UNSUPPORTED: 405,
  PAGINATION_NUMBER_INVALID: 400,
  RANGE_INVALID: 416,
  NOT_FOUND: 404,
  TOO_LARGE: 413,
  INTERNAL: 500,
} as const satisfies Record<string, number>;

export type OciCode = keyof typeof OCI_STATUS;

/** The code sent on the wire where it differs from the table key (statuses that share a code). */
const WIRE_CODE: Partial<Record<OciCode, string>> = {
  RANGE_INVALID: 'BLOB_UPLOAD_INVALID',
  NOT_FOUND: 'NOT_FOUND',
  TOO_LARGE: 'MANIFEST_INVALID',
  INTERNAL: 'UNKNOWN',
};

export class RegistryError extends Error {
  readonly status: number;
  readonly wireCode: string;
  constructor(
    readonly code: OciCode,
    message: string,
    readonly detail: unknown = {},
    /** Extra response headers (a 416 carries the upload's Range). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = code;
    this.status = OCI_STATUS[code];
    this.wireCode = WIRE_CODE[code] ?? code;
  }

  body(): string {
    return JSON.stringify({ errors: [{ code: this.wireCode, message: this.message, detail: this.detail }] });
  }
}

export function repositoryUnknown(name: string, accountId: string): RegistryError {
  return new RegistryError('NAME_UNKNOWN', `The repository with name '${name}' does not exist in the registry with id '${accountId}'`, { name });
}

export function blobUnknown(digest: string): RegistryError {
  return new RegistryError('BLOB_UNKNOWN', 'blob unknown to registry', { digest });
}

export function uploadUnknown(id: string): RegistryError {
  return new RegistryError('BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry', { uuid: id });
}

export function manifestUnknown(reference: string): RegistryError {
  return new RegistryError('MANIFEST_UNKNOWN', 'Requested image not found', { reference });
}
