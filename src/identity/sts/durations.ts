// How long temporary credentials last, as STS decides it. Pure.
import { principalKind, type Principal } from '../principal.js';

export const ROLE_CHAINING_LIMIT_SECONDS = 3600;
export const ROOT_SESSION_LIMIT_SECONDS = 3600;

export type DurationDecision = { ok: true; seconds: number } | { ok: false; message: string };

/** AssumeRole: 900 (the schema's floor) to the role's MaxSessionDuration, one hour when chaining. */
export function assumeRoleDuration(caller: Principal, requested: number | undefined, maxSessionDuration: number): DurationDecision {
  const seconds = requested ?? 3600;
  if (principalKind(caller) === 'assumed-role' && seconds > ROLE_CHAINING_LIMIT_SECONDS) {
    return { ok: false, message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.' };
  }
  if (seconds > maxSessionDuration) {
    return { ok: false, message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.' };
  }
  return { ok: true, seconds };
}

/** GetSessionToken: 12 hours by default; a root user's sessions are held to one hour (AWS shortens, it does not refuse). */
export function sessionTokenDuration(caller: Principal, requested: number | undefined): number {
  const seconds = requested ?? 43200;
  return principalKind(caller) === 'root' ? Math.min(seconds, ROOT_SESSION_LIMIT_SECONDS) : seconds;
}
