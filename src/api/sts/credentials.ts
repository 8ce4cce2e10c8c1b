// The Credentials structure STS answers with.
import type { IssuedCredentials } from '../../identity/sts/sessions.js';

export function credentialsOut(c: IssuedCredentials): Record<string, string> {
  return {
    AccessKeyId: c.accessKeyId,
    SecretAccessKey: c.secretAccessKey,
    SessionToken: c.sessionToken,
    Expiration: new Date(c.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}
