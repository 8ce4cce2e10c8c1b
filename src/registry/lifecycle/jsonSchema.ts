// A small JSON Schema (draft 4) validator for the keywords the lifecycle policy schema uses. ECR
// validates policy text with a JSON Schema validator (java-json-tools' json-schema-validator: its
// "instance failed to match exactly one schema (matched 0 out of 2)" is what ECR answers), so the
// messages below are that library's, word for word, and every failure is reported, not the first.

export type JsonType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';

export interface Schema {
  readonly type?: JsonType;
  readonly enum?: readonly string[];
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: false;
  readonly items?: Schema;
  readonly minItems?: number;
  readonly minimum?: number;
  readonly oneOf?: readonly Schema[];
  readonly not?: Schema;
}

/** The JSON type of a parsed value, as JSON Schema names it. */
export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    default:
      return 'object';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return jsonTypeOf(value) === 'object';
}

/** Jackson's compact rendering, which the library uses for values and name lists. */
const json = (value: unknown): string => JSON.stringify(value);

/** Every violation of `schema` by `value`, in the library's wording, parents before children. */
export function validate(schema: Schema, value: unknown): string[] {
  const actual = jsonTypeOf(value);
  if (schema.type && actual !== schema.type && !(schema.type === 'number' && actual === 'integer')) {
    return [`instance type (${actual}) does not match any allowed primitive type (allowed: ${json([schema.type])})`];
  }
  const problems: string[] = [];
  if (schema.enum && !schema.enum.some((allowed) => allowed === value)) {
    problems.push(`instance value (${json(value)}) not found in enum (possible values: ${json(schema.enum)})`);
  }
  if (schema.minimum !== undefined && typeof value === 'number' && value < schema.minimum) {
    problems.push(`numeric instance is lower than the required minimum (minimum: ${schema.minimum}, found: ${value})`);
  }
  if (Array.isArray(value)) problems.push(...validateArray(schema, value));
  if (isRecord(value)) problems.push(...validateObject(schema, value));
  if (schema.oneOf) {
    const matched = schema.oneOf.filter((branch) => validate(branch, value).length === 0).length;
    if (matched !== 1) {
      problems.push(`instance failed to match exactly one schema (matched ${matched} out of ${schema.oneOf.length})`);
    }
  }
  // `not` is only used inside `oneOf` branches, so this message never reaches a caller.
  if (schema.not && validate(schema.not, value).length === 0) {
    problems.push('instance matched a schema which it should not have');
  }
  return problems;
}

function validateArray(schema: Schema, value: readonly unknown[]): string[] {
  const problems: string[] = [];
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    problems.push(
      `array is too short: must have at least ${schema.minItems} elements but instance has ${value.length} elements`,
    );
  }
  const items = schema.items;
  if (items) for (const item of value) problems.push(...validate(items, item));
  return problems;
}

function validateObject(schema: Schema, value: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const missing = (schema.required ?? []).filter((name) => !Object.hasOwn(value, name)).sort();
  if (missing.length > 0) problems.push(`object has missing required properties (${json(missing)})`);
  const properties = schema.properties ?? {};
  if (schema.additionalProperties === false) {
    const extra = Object.keys(value).filter((name) => !Object.hasOwn(properties, name)).sort();
    if (extra.length > 0) problems.push(`object instance has properties which are not allowed by the schema: ${json(extra)}`);
  }
  for (const [name, child] of Object.entries(properties)) {
    if (Object.hasOwn(value, name)) problems.push(...validate(child, value[name]));
  }
  return problems;
}
