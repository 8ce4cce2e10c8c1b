// A compiled statement and the three tests that decide whether it applies to a request:
// action, resource and conditions. (Whether it names the caller is principal.ts's.)
import type { ConditionTest } from './conditions/compile.js';
import type { ContextMap } from './context.js';
import type { PrincipalMatcher } from './principal.js';
import { resolveTemplate, type Lookup, type Template } from './variables.js';
import { compileGlob, matchGlob, type Glob } from './wildcard.js';

export interface ResourcePattern {
  template: Template;
  /** Compiled once when the pattern has no variables. */
  glob: Glob | undefined;
}

export interface CompiledStatement {
  index: number;
  sid: string | undefined;
  effect: 'Allow' | 'Deny';
  /** Lower-cased globs: actions compare case-insensitively. */
  actions: readonly Glob[];
  notAction: boolean;
  /** Undefined for a trust policy, whose resource is the role it is attached to. */
  resources: readonly ResourcePattern[] | undefined;
  notResource: boolean;
  principal: PrincipalMatcher | undefined;
  notPrincipal: boolean;
  conditions: readonly ConditionTest[];
}

/** `action` must already be lower-cased. */
export function actionApplies(s: CompiledStatement, action: string): boolean {
  let hit = false;
  for (const glob of s.actions) {
    if (matchGlob(glob, action)) {
      hit = true;
      break;
    }
  }
  return hit !== s.notAction;
}

/** Matches a pattern against the resource; undefined when one of its variables has no value. */
function patternMatches(p: ResourcePattern, resource: string, lookup: Lookup): boolean | undefined {
  if (p.glob) return matchGlob(p.glob, resource);
  const tokens = resolveTemplate(p.template, lookup);
  return tokens === undefined ? undefined : matchGlob(compileGlob(tokens, { foldCase: false }), resource);
}

/**
 * A Resource list matches when any resolvable pattern matches. A NotResource list applies when no
 * pattern matches; if one of its patterns cannot be resolved, the element does not match, so the
 * statement does not apply rather than applying to more than its author wrote.
 */
export function resourceApplies(s: CompiledStatement, resource: string, lookup: Lookup): boolean {
  if (s.resources === undefined) return true;
  for (const p of s.resources) {
    const hit = patternMatches(p, resource, lookup);
    if (hit === undefined && s.notResource) return false;
    if (hit) return !s.notResource;
  }
  return s.notResource;
}

export function conditionsHold(s: CompiledStatement, context: ContextMap, lookup: Lookup): boolean {
  for (const test of s.conditions) if (!test(context, lookup)) return false;
  return true;
}
