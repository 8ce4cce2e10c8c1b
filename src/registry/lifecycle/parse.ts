// parseLifecyclePolicy: lifecycle policy text in, a validated LifecyclePolicy out, or ECR's
// InvalidParameterException. Checks run in ECR's order: the request member's length, JSON,
// the policy schema (every violation reported at once), then the rules between rules.
import { jsonTypeOf, validate } from './jsonSchema.js';
import {
  MAX_POLICY_LENGTH, MIN_POLICY_LENGTH, lengthRefusal, policyRefusal, reasons, schemaRefusal,
} from './messages.js';
import { lifecyclePolicySchema } from './policySchema.js';
import { checkRules, type RuleFacts } from './ruleChecks.js';
import type { CountSelection, LifecyclePolicy, LifecycleRule, TagSelection } from './types.js';

type JsonObject = Record<string, unknown>;

export function parseLifecyclePolicy(text: string): LifecyclePolicy {
  if (text.length < MIN_POLICY_LENGTH || text.length > MAX_POLICY_LENGTH) throw lengthRefusal(text.length);
  const doc = readJson(text);
  const problems = validate(lifecyclePolicySchema, doc);
  if (problems.length > 0) throw schemaRefusal(problems);
  const entries = objects(doc, 'rules').map((raw) => ({ raw, facts: readFacts(raw) }));
  checkRules(entries.map((entry) => entry.facts));
  const rules = entries.map((entry) => toRule(entry.raw, entry.facts));
  return { rules: [...rules].sort((a, b) => a.rulePriority - b.rulePriority) };
}

function readJson(text: string): JsonObject {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw policyRefusal(reasons.notMappable);
  }
  if (!isObject(doc)) throw policyRefusal(reasons.notMappable);
  return doc;
}

// The accessors below run on schema-valid documents only; their checks only narrow the types.

function isObject(value: unknown): value is JsonObject {
  return jsonTypeOf(value) === 'object';
}

function field(obj: JsonObject, name: string): unknown {
  return Object.hasOwn(obj, name) ? obj[name] : undefined;
}

function objects(obj: JsonObject, name: string): JsonObject[] {
  const value = field(obj, name);
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function object(obj: JsonObject, name: string): JsonObject {
  const value = field(obj, name);
  return isObject(value) ? value : {};
}

function integer(obj: JsonObject, name: string): number {
  const value = field(obj, name);
  return typeof value === 'number' ? value : 0;
}

function str(obj: JsonObject, name: string): string | undefined {
  const value = field(obj, name);
  return typeof value === 'string' ? value : undefined;
}

function strings(obj: JsonObject, name: string): string[] | undefined {
  const value = field(obj, name);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

function readFacts(raw: JsonObject): RuleFacts {
  const selection = object(raw, 'selection');
  const status = str(selection, 'tagStatus');
  const tagPrefixList = strings(selection, 'tagPrefixList');
  const tagPatternList = strings(selection, 'tagPatternList');
  return {
    rulePriority: integer(raw, 'rulePriority'),
    tagStatus: status === 'tagged' || status === 'untagged' ? status : 'any',
    ...(tagPrefixList ? { tagPrefixList } : {}),
    ...(tagPatternList ? { tagPatternList } : {}),
  };
}

function toRule(raw: JsonObject, facts: RuleFacts): LifecycleRule {
  const description = str(raw, 'description');
  return {
    rulePriority: facts.rulePriority,
    ...(description === undefined ? {} : { description }),
    selection: { ...toTagSelection(facts), ...toCountSelection(object(raw, 'selection')) },
    action: { type: 'expire' },
  };
}

/** After checkRules a tagged rule has exactly one list and the others have none. */
function toTagSelection(facts: RuleFacts): TagSelection {
  if (facts.tagStatus !== 'tagged') return { tagStatus: facts.tagStatus };
  return facts.tagPrefixList
    ? { tagStatus: 'tagged', tagPrefixList: facts.tagPrefixList }
    : { tagStatus: 'tagged', tagPatternList: facts.tagPatternList ?? [] };
}

function toCountSelection(selection: JsonObject): CountSelection {
  const countNumber = integer(selection, 'countNumber');
  return str(selection, 'countType') === 'sinceImagePushed'
    ? { countType: 'sinceImagePushed', countUnit: 'days', countNumber }
    : { countType: 'imageCountMoreThan', countNumber };
}
