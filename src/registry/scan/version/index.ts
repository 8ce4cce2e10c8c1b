// Version ordering per ecosystem: each distribution compares with its own package manager's rules.
import type { Ecosystem } from '../types.js';
import { compareAlpine } from './alpine.js';
import { compareDebian } from './debian.js';

export { compareAlpine, isValidAlpineVersion } from './alpine.js';
export { compareDebian, parseDebianVersion, type DebianVersion } from './debian.js';

export type Comparator = (a: string, b: string) => number;

export const comparators: Record<Ecosystem, Comparator> = {
  Debian: compareDebian,
  Alpine: compareAlpine,
};

export function compareVersions(ecosystem: Ecosystem, a: string, b: string): number {
  return comparators[ecosystem](a, b);
}
