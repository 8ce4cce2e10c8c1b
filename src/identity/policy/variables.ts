// Policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`, `${aws:username, 'guest'}`)
// and the three escapes `${*}`, `${?}`, `${$}`. Only a 2012-10-17 document has variables; in a
// 2008-10-17 one `${...}` is plain text, as IAM treats it. A value substituted for a variable is
// literal: a `*` inside a tag value must not become a wildcard.
import type { GlobToken } from './wildcard.js';

export type TemplateToken = GlobToken | { t: 'var'; key: string; fallback: string | undefined };

export interface Template {
  tokens: readonly TemplateToken[];
  hasVariables: boolean;
}

export interface TemplateOptions {
  /** The document is 2012-10-17, so `${...}` is a variable. */
  variables: boolean;
  /** `*` and `?` are wildcards (Resource, StringLike, ArnLike) rather than text (StringEquals). */
  wildcards: boolean;
}

/** Looks a condition key up (by its lower-cased name) as a single string; undefined when it has no single value. */
export type Lookup = (key: string) => string | undefined;

const VARIABLE = /^([^\s,'{}$]+)\s*(?:,\s*'([^']*)'\s*)?$/;

function pushText(tokens: TemplateToken[], text: string, wildcards: boolean): void {
  if (!wildcards) {
    if (text) tokens.push({ t: 'text', s: text });
    return;
  }
  let run = '';
  for (const ch of text) {
    if (ch === '*' || ch === '?') {
      if (run) tokens.push({ t: 'text', s: run });
      run = '';
      tokens.push(ch === '*' ? { t: 'star' } : { t: 'one' });
    } else run += ch;
  }
  if (run) tokens.push({ t: 'text', s: run });
}

export function parseTemplate(source: string, options: TemplateOptions): Template {
  const tokens: TemplateToken[] = [];
  let hasVariables = false;
  let rest = source;
  while (options.variables) {
    const open = rest.indexOf('${');
    if (open === -1) break;
    const close = rest.indexOf('}', open + 2);
    if (close === -1) break;
    pushText(tokens, rest.slice(0, open), options.wildcards);
    const inner = rest.slice(open + 2, close).trim();
    const match = VARIABLE.exec(inner);
    if (inner === '*' || inner === '?' || inner === '$') tokens.push({ t: 'text', s: inner });
    else if (match) {
      tokens.push({ t: 'var', key: (match[1] ?? '').toLowerCase(), fallback: match[2] });
      hasVariables = true;
    } else pushText(tokens, rest.slice(open, close + 1), options.wildcards);
    rest = rest.slice(close + 1);
  }
  pushText(tokens, rest, options.wildcards);
  return { tokens, hasVariables };
}

/** Substitutes every variable; undefined when one has neither a value nor a default (the element then does not match). */
export function resolveTemplate(template: Template, lookup: Lookup): GlobToken[] | undefined {
  if (!template.hasVariables) return template.tokens as GlobToken[];
  const out: GlobToken[] = [];
  for (const token of template.tokens) {
    if (token.t !== 'var') {
      out.push(token);
      continue;
    }
    const value = lookup(token.key) ?? token.fallback;
    if (value === undefined) return undefined;
    out.push({ t: 'text', s: value });
  }
  return out;
}
