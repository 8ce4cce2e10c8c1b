// What every condition operator family provides: from the policy's values for one key, a test
// "does this one request value match any of them". Negation, ...IfExists and the set qualifiers
// are applied around it in one place (compile.ts), so each family says only what equality means.
import type { ContextScalar } from '../types.js';
import type { GlobToken } from '../wildcard.js';

export type ValueTest = (requestValue: ContextScalar) => boolean;

export interface Family {
  /** Policy values may hold policy variables (string and ARN operators only, as AWS allows). */
  variables: boolean;
  /** `*` and `?` in policy values are wildcards. */
  wildcards: boolean;
  /** Policy values arrive as tokens with variables already substituted. */
  compile(values: readonly (readonly GlobToken[])[]): ValueTest;
}

export function text(tokens: readonly GlobToken[]): string {
  let s = '';
  for (const t of tokens) s += t.t === 'text' ? t.s : t.t === 'star' ? '*' : '?';
  return s;
}

export function asText(value: ContextScalar): string {
  return typeof value === 'string' ? value : String(value);
}
