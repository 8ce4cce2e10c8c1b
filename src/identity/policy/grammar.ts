// Policy grammar: a JSON document (text or already parsed) is checked once and compiled into
// statements the evaluator can test quickly. The checks run in the order IAM's messages suggest
// (syntax first, then version, then per-field sentences), so a document with several faults gets
// the message IAM would give first.
import { compileConditions } from './conditions/compile.js';
import { malformed, messages } from './errors.js';
import { compilePrincipal } from './principal.js';
import type { CompiledStatement, ResourcePattern } from './statement.js';
import { parseTemplate, resolveTemplate } from './variables.js';
import { compileGlob, globFromString } from './wildcard.js';

/**
 * identity: attached to a user, role or group, and also permissions boundaries and session
 * policies (no Principal allowed); resource: attached to a resource (Principal or NotPrincipal
 * required); trust: a role's trust policy (a resource policy whose resource is the role, so no
 * Resource element).
 */
export type PolicyKind = 'identity' | 'resource' | 'trust';

export interface CompilePolicyOptions {
  /** Names the policy in decisions: a managed policy's ARN, or e.g. `user/alice/inline/S3Home`. */
  id: string;
  kind: PolicyKind;
  /** The policy as JSON text or an already parsed value. */
  document: unknown;
  /** IAM's CreatePolicy refuses anything but 2012-10-17; buckets and trust policies accept 2008-10-17. */
  requireVersion2012?: boolean;
}

export interface CompiledPolicy {
  id: string;
  kind: PolicyKind;
  version: '2012-10-17' | '2008-10-17';
  statements: readonly CompiledStatement[];
}

const TOP = new Set(['Version', 'Id', 'Statement']);
const ELEMENTS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition', 'Principal', 'NotPrincipal']);
const VENDOR = /^[a-zA-Z0-9\-.]+$/;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strings(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  throw malformed(messages.syntax);
}

function parse(document: unknown): Json {
  let value = document;
  if (typeof document === 'string') {
    try {
      value = JSON.parse(document);
    } catch {
      throw malformed(messages.syntax);
    }
  }
  if (!isObject(value)) throw malformed(messages.syntax);
  return value;
}

function checkSyntax(doc: Json, kind: PolicyKind): Json[] {
  for (const key of Object.keys(doc)) if (!TOP.has(key)) throw malformed(messages.syntax);
  if (doc.Version !== undefined && doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') throw malformed(messages.syntax);
  if (doc.Id !== undefined && typeof doc.Id !== 'string') throw malformed(messages.syntax);
  const raw = doc.Statement;
  const statements = isObject(raw) ? [raw] : Array.isArray(raw) ? raw : undefined;
  if (!statements || statements.length === 0) throw malformed(messages.syntax);
  for (const s of statements) {
    if (!isObject(s)) throw malformed(messages.syntax);
    if (kind === 'identity' && ('Principal' in s || 'NotPrincipal' in s)) throw malformed(messages.principalInIdentity);
    for (const key of Object.keys(s)) if (!ELEMENTS.has(key)) throw malformed(messages.syntax);
    for (const [a, b] of [['Action', 'NotAction'], ['Resource', 'NotResource'], ['Principal', 'NotPrincipal']] as const) {
      if (a in s && b in s) throw malformed(messages.syntax);
    }
    if (s.Sid !== undefined && typeof s.Sid !== 'string') throw malformed(messages.syntax);
    if (s.Effect === undefined) throw malformed(kind === 'identity' ? messages.syntax : messages.missingEffect);
    if (typeof s.Effect !== 'string' || !['allow', 'deny'].includes(s.Effect.toLowerCase())) throw malformed(messages.syntax);
    strings(s.Action);
    strings(s.NotAction);
    strings(s.Resource);
    strings(s.NotResource);
  }
  return statements as Json[];
}

function checkAction(action: string): void {
  if (action === '*') return;
  const parts = action.split(':');
  if (parts.length === 1) throw malformed(messages.vendor);
  if (parts.length > 2) throw malformed(messages.oneColon);
  const vendor = parts[0] ?? '';
  if (!VENDOR.test(vendor)) throw malformed(messages.vendorInvalid(vendor));
}

function checkFields(statements: Json[], kind: PolicyKind): void {
  // Effect's case is only checked after the syntax pass, as IAM's legacy parser does.
  for (const s of statements) if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw malformed(messages.legacy);
  const sids = new Set<string>();
  for (const s of statements) {
    const sid = s.Sid as string | undefined;
    if (!sid) continue;
    if (sids.has(sid)) throw malformed(messages.sids);
    sids.add(sid);
  }
  for (const s of statements) if ((strings(s.Action) ?? strings(s.NotAction) ?? []).length === 0) throw malformed(messages.actions);
  for (const s of statements) {
    const resources = strings(s.Resource) ?? strings(s.NotResource);
    if (kind === 'trust') {
      if (resources !== undefined) throw malformed(messages.prohibited('Resource'));
    } else if (!resources || resources.length === 0) throw malformed(messages.resources);
    for (const r of resources ?? []) if (r !== '*' && !r.includes(':')) throw malformed(messages.resourceFormat(r));
    if (kind !== 'identity' && s.Principal === undefined && s.NotPrincipal === undefined) throw malformed(messages.missingPrincipal);
  }
  for (const s of statements) for (const a of strings(s.Action) ?? strings(s.NotAction) ?? []) checkAction(a);
}

function compileStatement(s: Json, index: number, variables: boolean): CompiledStatement {
  const actions = (strings(s.Action) ?? strings(s.NotAction) ?? []).map((a) => globFromString(a, { foldCase: true }));
  const rawResources = strings(s.Resource) ?? strings(s.NotResource);
  const resources = rawResources?.map((r): ResourcePattern => {
    const template = parseTemplate(r, { variables, wildcards: true });
    return { template, glob: template.hasVariables ? undefined : compileGlob(resolveTemplate(template, () => undefined) ?? [], { foldCase: false }) };
  });
  const rawPrincipal = s.Principal ?? s.NotPrincipal;
  return {
    index,
    sid: s.Sid as string | undefined,
    effect: s.Effect as 'Allow' | 'Deny',
    actions,
    notAction: s.Action === undefined,
    resources,
    notResource: s.Resource === undefined,
    principal: rawPrincipal === undefined ? undefined : compilePrincipal(rawPrincipal),
    notPrincipal: s.NotPrincipal !== undefined,
    conditions: compileConditions(s.Condition, { variables }),
  };
}

/** Checks a policy document and compiles it; throws MalformedPolicyDocumentError with IAM's sentence. */
export function compilePolicy(options: CompilePolicyOptions): CompiledPolicy {
  const doc = parse(options.document);
  const statements = checkSyntax(doc, options.kind);
  const version = doc.Version === '2012-10-17' ? '2012-10-17' : '2008-10-17';
  if (options.requireVersion2012 && version !== '2012-10-17') throw malformed(messages.version);
  checkFields(statements, options.kind);
  const variables = version === '2012-10-17';
  return {
    id: options.id,
    kind: options.kind,
    version,
    statements: statements.map((s, i) => compileStatement(s, i, variables)),
  };
}
