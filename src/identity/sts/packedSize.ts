// PackedPolicySize: how much of the session's packed space the session policies and tags take, as
// a percentage; over 100 the request fails (PackedPolicyTooLarge). AWS does not publish its
// packing; Wharf deflates the policy text, the policy ARNs and the tags and measures that against
// a 2048-byte budget, and counts an inline policy's plain text against 2048 characters, AWS's
// documented limit for it. Pure.
import { deflateRawSync } from 'node:zlib';

const BUDGET_BYTES = 2048;
const PLAINTEXT_LIMIT = 2048;

export interface SessionAttachments {
  policy?: string | undefined;
  policyArns: readonly string[];
  tags: readonly { Key: string; Value: string }[];
}

export function packedPolicySize(a: SessionAttachments): number {
  const parts = [a.policy ?? '', ...a.policyArns, ...a.tags.map((t) => `${t.Key}=${t.Value}`)];
  const packed = deflateRawSync(Buffer.from(parts.join('\n'), 'utf8')).length;
  const packedPercent = Math.ceil((packed * 100) / BUDGET_BYTES);
  const plainPercent = a.policy ? Math.ceil((a.policy.length * 100) / PLAINTEXT_LIMIT) : 0;
  return Math.max(packedPercent, plainPercent);
}

export function packedPolicyMessage(percent: number): string {
  return `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`;
}
