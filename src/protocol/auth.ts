// Turns a SigV4 verdict into the calling principal, or the wire error each protocol gives.
import type { Principal } from '../identity/principal.js';
import type { Services } from './context.js';
import type { WireError } from './errors.js';
import { verifySigV4, type Problem, type SignedRequest } from './sigv4.js';
import { findAccessKey } from '../identity/accessKeys.js';

export type ProblemErrors = Record<Problem, new (message: string) => WireError>;

export async function authenticate(
  req: SignedRequest,
  services: Services,
  errors: ProblemErrors,
): Promise<{ principal: Principal; service: string; region: string }> {
  const verdict = await verifySigV4(req, services.clock(), async (accessKeyId) => {
    const key = await findAccessKey(services.store, accessKeyId);
    return key && key.status === 'Active'
      ? { accessKeyId, secretAccessKey: key.secretAccessKey, principal: key.principal }
      : undefined;
  });
  if (!verdict.ok) throw new errors[verdict.problem](verdict.message);
  return { principal: verdict.principal, service: verdict.service, region: verdict.region };
}
