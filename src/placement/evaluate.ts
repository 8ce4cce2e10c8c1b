// Evaluates a parsed cluster query against one container instance.
//
// Semantics (the ECS guide's, where it says; ours where it is silent):
// - `==`/`!=` compare strings (`runningTasksCount`, `registeredAt` and `agentVersion` by value);
//   `>`, `>=`, `<`, `<=` compare numbers when both sides are numbers, else strings
//   lexicographically; `registeredAt` compares instants (whole UTC days against a bare date);
//   `agentVersion` compares dotted versions numerically (1.9.0 < 1.14.5).
// - An attribute that is absent (or has no value) satisfies only `!exists` (and `exists` when
//   present): `attribute:stack != prod` selects instances that have a stack other than prod.
//   `ec2InstanceId` behaves the same for instances without one (external instances).
// - `task:group` has one value per task on the instance: `==`, `in`, `=~` hold when some task
//   matches; `!=`, `!in`, `!~` hold when no task does (anti-affinity; empty instances qualify).
import { dayOf, versionKey, type Comparison, type Literal, type Operator, type QueryNode } from './query.js';
import type { ContainerInstanceView, InstanceAttribute } from './types.js';

/** The value of the named attribute, undefined when absent or valueless. */
export function attributeValue(t: Pick<ContainerInstanceView, 'attributes'>, name: string): string | undefined {
  const attrs = t.attributes;
  for (let a = 0; a < attrs.length; a++) if ((attrs[a] as InstanceAttribute).name === name) return (attrs[a] as InstanceAttribute).value;
  return undefined;
}

export type QueryTarget = Pick<
  ContainerInstanceView,
  'agentConnected' | 'agentVersion' | 'ec2InstanceId' | 'registeredAt' | 'runningTasksCount' | 'attributes' | 'tasks'
>;

export function matchesQuery(node: QueryNode, target: QueryTarget): boolean {
  switch (node.kind) {
    case 'and':
      return matchesQuery(node.left, target) && matchesQuery(node.right, target);
    case 'or':
      return matchesQuery(node.left, target) || matchesQuery(node.right, target);
    case 'not':
      return !matchesQuery(node.operand, target);
    case 'compare':
      return compare(node, target);
  }
}

/** True when the query reads what placing a task changes (its tasks or their count). */
export function dependsOnTasks(node: QueryNode): boolean {
  switch (node.kind) {
    case 'and':
    case 'or':
      return dependsOnTasks(node.left) || dependsOnTasks(node.right);
    case 'not':
      return dependsOnTasks(node.operand);
    case 'compare':
      return node.subject.kind === 'taskGroup' || node.subject.kind === 'runningTasksCount';
  }
}

function compare(c: Comparison, t: QueryTarget): boolean {
  const s = c.subject;
  switch (s.kind) {
    case 'agentConnected':
      return scalar(c, t.agentConnected ? 'true' : 'false', undefined, false);
    case 'agentVersion':
      return scalar(c, t.agentVersion, versionKey(t.agentVersion), true);
    case 'ec2InstanceId':
      return present(c, t.ec2InstanceId);
    case 'registeredAt':
      return scalar(c, String(t.registeredAt), c.dayOnly ? dayOf(t.registeredAt) : t.registeredAt, true);
    case 'runningTasksCount':
      return scalar(c, String(t.runningTasksCount), t.runningTasksCount, true);
    case 'taskGroup':
      return taskGroup(c, t);
    case 'attribute': {
      const attrs = t.attributes;
      let found = false;
      let value: string | undefined;
      for (let a = 0; a < attrs.length; a++) {
        const attr = attrs[a] as InstanceAttribute;
        if (attr.name === s.name) {
          found = true;
          value = attr.value;
          break;
        }
      }
      if (c.op === 'exists' || c.op === '!exists') return found === (c.op === 'exists');
      return present(c, value);
    }
  }
}

function present(c: Comparison, value: string | undefined): boolean {
  if (c.op === 'exists' || c.op === '!exists') return (value !== undefined) === (c.op === 'exists');
  if (value === undefined) return false;
  if (c.op !== '>' && c.op !== '>=' && c.op !== '<' && c.op !== '<=') return scalar(c, value, undefined, false);
  const n = Number(value);
  return scalar(c, value, value.trim() !== '' && Number.isFinite(n) ? n : undefined, false);
}

function taskGroup(c: Comparison, t: QueryTarget): boolean {
  const negated = c.op === '!=' || c.op === '!in' || c.op === '!~';
  const op: Operator = c.op === '!=' ? '==' : c.op === '!in' ? 'in' : c.op === '!~' ? '=~' : c.op;
  const some = t.tasks.some((task) => scalar(c, task.group, undefined, false, op));
  return negated ? !some : some;
}

/** One value against the comparison; `byKey` compares equality by key (numeric subjects). */
function scalar(c: Comparison, text: string, key: number | undefined, byKey: boolean, op: Operator = c.op): boolean {
  const arg = c.args[0];
  switch (op) {
    case '==':
      return arg !== undefined && equal(text, key, arg, byKey);
    case '!=':
      return arg !== undefined && !equal(text, key, arg, byKey);
    case 'in':
      return c.args.some((a) => equal(text, key, a, byKey));
    case '!in':
      return !c.args.some((a) => equal(text, key, a, byKey));
    case '=~':
      return c.pattern?.test(text) ?? false;
    case '!~':
      return !(c.pattern?.test(text) ?? false);
    case '>':
      return arg !== undefined && order(text, key, arg) > 0;
    case '>=':
      return arg !== undefined && order(text, key, arg) >= 0;
    case '<':
      return arg !== undefined && order(text, key, arg) < 0;
    case '<=':
      return arg !== undefined && order(text, key, arg) <= 0;
    case 'exists':
      return true;
    case '!exists':
      return false;
  }
}

function equal(text: string, key: number | undefined, arg: Literal, byKey: boolean): boolean {
  if (byKey && key !== undefined && arg.key !== undefined) return key === arg.key;
  return text === arg.text;
}

function order(text: string, key: number | undefined, arg: Literal): number {
  if (key !== undefined && arg.key !== undefined) return key - arg.key;
  return text < arg.text ? -1 : text > arg.text ? 1 : 0;
}
