// StringEquals / StringEqualsIgnoreCase / StringLike and their negations (the negation is applied
// by compile.ts). Case-sensitive unless IgnoreCase; only StringLike treats `*` and `?` as wildcards.
import { compileGlob, matchGlob } from '../wildcard.js';
import { asText, text, type Family } from './family.js';

export const stringEquals: Family = {
  variables: true,
  wildcards: false,
  compile(values) {
    const set = new Set(values.map(text));
    return (v) => set.has(asText(v));
  },
};

export const stringEqualsIgnoreCase: Family = {
  variables: true,
  wildcards: false,
  compile(values) {
    const set = new Set(values.map((v) => text(v).toLowerCase()));
    return (v) => set.has(asText(v).toLowerCase());
  },
};

export const stringLike: Family = {
  variables: true,
  wildcards: true,
  compile(values) {
    const globs = values.map((tokens) => compileGlob(tokens, { foldCase: false }));
    return (v) => {
      const s = asText(v);
      return globs.some((g) => matchGlob(g, s));
    };
  },
};
