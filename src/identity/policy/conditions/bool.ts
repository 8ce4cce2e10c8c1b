// Bool and BinaryEquals. Bool compares "true"/"false" without regard to case (a JSON boolean in
// the request or the policy reads the same as its string). BinaryEquals compares the bytes behind
// base64 text, so padding or line breaks in either encoding do not matter.
import { asText, text, type Family } from './family.js';

export const bool: Family = {
  variables: false,
  wildcards: false,
  compile(values) {
    const set = new Set(values.map((v) => text(v).toLowerCase()));
    return (v) => set.has(asText(v).toLowerCase());
  },
};

function bytes(base64: string): string {
  return Buffer.from(base64, 'base64').toString('hex');
}

export const binaryEquals: Family = {
  variables: false,
  wildcards: false,
  compile(values) {
    const set = new Set(values.map((v) => bytes(text(v))));
    return (v) => typeof v === 'string' && set.has(bytes(v));
  },
};
