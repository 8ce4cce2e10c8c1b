// Which images a rule selects. A tagged rule selects an image when *every* entry of its list
// matches *some* tag of the image (AWS: "If you specify multiple tags, only the images with all
// specified tags are selected"); an image with tags `alpha-1` and `beta-1` is selected by
// ["alpha", "beta"], one tagged only `alpha-1` is not.
import type { LifecycleImage, LifecycleSelection } from './types.js';

export function selects(selection: LifecycleSelection, image: LifecycleImage): boolean {
  const tags = image.imageTags;
  switch (selection.tagStatus) {
    case 'any':
      return true;
    case 'untagged':
      return tags.length === 0;
    case 'tagged':
      if (tags.length === 0) return false;
      if ('tagPrefixList' in selection) {
        return selection.tagPrefixList.every((prefix) => tags.some((tag) => tag.startsWith(prefix)));
      }
      return selection.tagPatternList.every((pattern) => tags.some((tag) => matchesPattern(pattern, tag)));
  }
}

/**
 * Whether `tag` matches `pattern` in full, `*` standing for any run of characters (also none).
 * Greedy with one backtrack point, so linear-ish in the tag whatever the pattern.
 */
export function matchesPattern(pattern: string, tag: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < tag.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === tag[t]) {
      p += 1;
      t += 1;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p;
      resume = t;
      p += 1;
    } else if (star >= 0) {
      p = star + 1;
      resume += 1;
      t = resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p += 1;
  return p === pattern.length;
}
