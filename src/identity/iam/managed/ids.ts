// Ids for AWS managed policies whose real ANPA id Wharf does not know: a stable 21-character
// ANPA... derived from the policy's name, so every Wharf answers the same id for it.
import { createHash } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function derivedPolicyId(name: string): string {
  const digest = createHash('sha256').update(`aws-managed-policy:${name}`).digest();
  let out = 'ANPA';
  for (let i = 0; out.length < 21; i++) out += ALPHABET[(digest[i] ?? 0) % 32];
  return out;
}
