// Turns a SigV4 verdict into the calling principal, or the wire error each protocol gives.
// Long-term keys (AKIA...) are IAM's access keys; temporary ones (ASIA...) are STS sessions,
// which also need their session token and answer "expired" once they end.
import type { Principal } from '../identity/principal.js';
import type { Services } from './context.js';
import {
  ExpiredToken,
  ExpiredTokenException,
  InvalidClientTokenId,
  type WireError,
} from './errors.js';
import { verifySigV4, type Problem, type Signer, type SignedRequest } from './sigv4.js';
import { findAccessKey } from '../identity/accessKeys.js';
import { findSession } from '../identity/sts/sessions.js';
import { tokenMatches } from '../identity/sts/credentials.js';
import type { Store } from '../state/store.js';

type ErrorClass = new (message: string) => WireError;

/**
 * Each protocol's error for each problem. `tokenExpired` may be left out: it then follows the
 * protocol's invalid-key error, ExpiredToken where that is Query's InvalidClientTokenId and
 * ExpiredTokenException (JSON's) otherwise.
 */
export type ProblemErrors = Record<Exclude<Problem, 'tokenExpired'>, ErrorClass> & { tokenExpired?: ErrorClass };

function errorFor(errors: ProblemErrors, problem: Problem): ErrorClass {
  if (problem !== 'tokenExpired') return errors[problem];
  return errors.tokenExpired ?? (errors.unknownKey === InvalidClientTokenId ? ExpiredToken : ExpiredTokenException);
}

/** The signer behind an access key id: an active IAM key, or an STS session with its token. */
export async function findSigner(store: Store, accessKeyId: string): Promise<Signer<Principal> | undefined> {
  if (accessKeyId.startsWith('ASIA')) {
    const session = await findSession(store, accessKeyId);
    if (!session) return undefined;
    return {
      accessKeyId,
      secretAccessKey: session.secretAccessKey,
      principal: session.principal,
      temporary: { tokenMatches: (token) => tokenMatches(token, session.sessionTokenSha256), expiresAt: session.expiresAt },
    };
  }
  const key = await findAccessKey(store, accessKeyId);
  return key && key.status === 'Active'
    ? { accessKeyId, secretAccessKey: key.secretAccessKey, principal: key.principal }
    : undefined;
}

export async function authenticate(
  req: SignedRequest,
  services: Services,
  errors: ProblemErrors,
): Promise<{ principal: Principal; service: string; region: string; accessKeyId: string }> {
  const verdict = await verifySigV4(req, services.clock(), (accessKeyId) => findSigner(services.store, accessKeyId));
  if (!verdict.ok) throw new (errorFor(errors, verdict.problem))(verdict.message);
  return { principal: verdict.principal, service: verdict.service, region: verdict.region, accessKeyId: verdict.accessKeyId };
}
