// A statement's Condition block compiled into tests over the request context. The rules AWS
// documents, applied here once for every family:
// - operators AND, keys within an operator AND, values for one key OR;
// - a key absent from the request: the condition is false, but true for a negated operator
//   (StringNotEquals, ArnNotLike, ...) and for any ...IfExists;
// - ForAllValues: every request value must match; true when the key is absent or empty;
// - ForAnyValue: at least one request value must match; false when the key is absent or empty;
// - Null: "true" holds when the key is absent, "false" when it is present;
// - a policy value whose variable has no value is dropped; with none left the key's test fails.
import { malformed, messages } from '../errors.js';
import type { ContextMap } from '../context.js';
import type { ContextScalar } from '../types.js';
import { parseTemplate, resolveTemplate, type Lookup, type Template } from '../variables.js';
import type { GlobToken } from '../wildcard.js';
import type { Family, ValueTest } from './family.js';
import { operators } from './operators.js';

export type ConditionTest = (context: ContextMap, lookup: Lookup) => boolean;

type Qualifier = 'none' | 'all' | 'any';

interface ParsedOperator {
  name: string;
  qualifier: Qualifier;
  ifExists: boolean;
}

function parseOperatorName(raw: string): ParsedOperator {
  let name = raw;
  let qualifier: Qualifier = 'none';
  if (name.startsWith('ForAllValues:')) {
    qualifier = 'all';
    name = name.slice('ForAllValues:'.length);
  } else if (name.startsWith('ForAnyValue:')) {
    qualifier = 'any';
    name = name.slice('ForAnyValue:'.length);
  }
  const ifExists = name !== 'IfExists' && name.endsWith('IfExists');
  if (ifExists) name = name.slice(0, -'IfExists'.length);
  return { name, qualifier, ifExists };
}

/** Condition values may be written as JSON strings, numbers or booleans, alone or in a list. */
function policyValues(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((v) => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw malformed(messages.syntax);
  });
}

function isEmpty(values: readonly ContextScalar[] | undefined): boolean {
  return values === undefined || values.length === 0 || (values.length === 1 && values[0] === '');
}

function nullTest(key: string, values: string[]): ConditionTest {
  const wants = values.map((v) => v.toLowerCase());
  return (context) => {
    const values = context.get(key);
    const absent = values === undefined || values.length === 0;
    return wants.some((w) => (w === 'true' ? absent : w === 'false' ? !absent : false));
  };
}

function valueSource(family: Family, templates: Template[]): (lookup: Lookup) => ValueTest | undefined {
  const dynamic = templates.some((t) => t.hasVariables);
  if (!dynamic) {
    const test = family.compile(templates.map((t) => resolveTemplate(t, () => undefined) ?? []));
    return () => test;
  }
  return (lookup) => {
    const resolved = templates.map((t) => resolveTemplate(t, lookup)).filter((t): t is GlobToken[] => t !== undefined);
    return resolved.length === 0 ? undefined : family.compile(resolved);
  };
}

function keyTest(parsed: ParsedOperator, key: string, values: string[], variables: boolean): ConditionTest {
  const operator = operators[parsed.name];
  if (!operator) throw malformed(messages.syntax);
  const { family, negated } = operator;
  const templates = values.map((v) => parseTemplate(v, { variables: variables && family.variables, wildcards: family.wildcards }));
  const source = valueSource(family, templates);
  const { qualifier, ifExists } = parsed;
  return (context, lookup) => {
    const test = source(lookup);
    if (!test) return false;
    const request = context.get(key);
    if (qualifier === 'all') return isEmpty(request) || (request ?? []).every((v) => test(v) !== negated);
    if (qualifier === 'any') return isEmpty(request) ? ifExists : (request ?? []).some((v) => test(v) !== negated);
    if (request === undefined || request.length === 0) return ifExists || negated;
    const matched = request.some(test);
    return negated ? !matched : matched;
  };
}

export interface ConditionOptions {
  /** The document is 2012-10-17, so policy variables in values are substituted. */
  variables: boolean;
}

export function compileConditions(raw: unknown, options: ConditionOptions): ConditionTest[] {
  if (raw === undefined) return [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw malformed(messages.syntax);
  const tests: ConditionTest[] = [];
  for (const [operatorName, block] of Object.entries(raw)) {
    if (typeof block !== 'object' || block === null || Array.isArray(block)) throw malformed(messages.syntax);
    const parsed = parseOperatorName(operatorName);
    for (const [key, rawValues] of Object.entries(block as Record<string, unknown>)) {
      const values = policyValues(rawValues);
      const lower = key.toLowerCase();
      if (parsed.name === 'Null') {
        if (parsed.qualifier !== 'none' || parsed.ifExists) throw malformed(messages.syntax);
        tests.push(nullTest(lower, values));
      } else tests.push(keyTest(parsed, lower, values, options.variables));
    }
  }
  return tests;
}
