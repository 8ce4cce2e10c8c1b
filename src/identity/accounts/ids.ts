// The identifiers Organizations hands out, from random hex (the caller's injected Ids) or, for
// the organization and its root, from the management account id. The organization's ids are
// derived rather than drawn so that anything knowing only the management account (the
// permission tables, which build account ARNs before any lookup) names the same organization;
// they are stored too, and the stored ones are what the API answers.
import { createHash } from 'node:crypto';

const BASE36 = 'abcdefghijklmnopqrstuvwxyz0123456789';

function base36(seed: string, length: number): string {
  const digest = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += BASE36[(digest[i] ?? 0) % BASE36.length];
  return out;
}

/** `o-` and 10 lower-case letters or digits, always the same for one management account. */
export function organizationIdFor(managementAccountId: string): string {
  return `o-${base36(`wharf-organization:${managementAccountId}`, 10)}`;
}

/** `r-` and 4 lower-case letters or digits, always the same for one management account. */
export function rootIdFor(managementAccountId: string): string {
  return `r-${base36(`wharf-root:${managementAccountId}`, 4)}`;
}

/** A 12-digit account id from at least 10 hex digits of randomness (leading zeros kept). */
export function accountIdFromHex(hex: string): string {
  const n = BigInt(`0x${hex}`) % 1_000_000_000_000n;
  return n.toString().padStart(12, '0');
}

/** IAM's role id: `AROA` and 17 upper-case letters or digits, from at least 17 hex digits. */
export function roleIdFromHex(hex: string): string {
  return `AROA${hex.slice(0, 17).toUpperCase()}`;
}
