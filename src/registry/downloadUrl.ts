// Presigned layer downloads: what ECR's GetDownloadUrlForLayer hands out in place of an S3 URL.
// The URL is the registry's own blob path plus an expiry and an HMAC-SHA256 over both, under the
// login tokens' secret; it lets exactly that GET (or HEAD) in, with no other credentials, until
// it expires. Pure: the secret and the clock are the caller's.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a download URL works (an S3 URL from ECR is good for an hour too). */
export const DOWNLOAD_URL_LIFETIME_MS = 60 * 60 * 1000;

const EXPIRES = 'X-Wharf-Expires';
const SIGNATURE = 'X-Wharf-Signature';

function mac(secret: Buffer, path: string, expires: string): Buffer {
  // The domain prefix and newlines keep this from ever matching a login token's MAC, whose
  // payload is base64url.
  return createHmac('sha256', secret).update(`layer-download\n${path}\n${expires}`).digest();
}

export function blobPath(repository: string, digest: string): string {
  return `/v2/${repository}/blobs/${digest}`;
}

/** The path and query of a URL that downloads `digest` from `repository` until `now` + lifetime. */
export function signDownloadPath(secret: Buffer, repository: string, digest: string, now: Date): string {
  const path = blobPath(repository, digest);
  const expires = String(now.getTime() + DOWNLOAD_URL_LIFETIME_MS);
  const query = new URLSearchParams({ [EXPIRES]: expires, [SIGNATURE]: mac(secret, path, expires).toString('base64url') });
  return `${path}?${query.toString()}`;
}

/** Whether the request carries download-URL parameters at all. */
export function isPresigned(query: URLSearchParams): boolean {
  return query.has(SIGNATURE);
}

/** Whether `query` signs exactly `path` and has not expired at `now`. */
export function verifyDownloadPath(secret: Buffer, path: string, query: URLSearchParams, now: Date): boolean {
  const expires = query.get(EXPIRES);
  const signature = query.get(SIGNATURE);
  if (!expires || !signature || !/^\d{1,15}$/.test(expires) || Number(expires) <= now.getTime()) return false;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, path, expires);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
