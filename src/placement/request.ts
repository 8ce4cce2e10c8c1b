// Checks a placement request the way RunTask/CreateService do before placing anything, and
// compiles it: strategies into scorers, memberOf expressions into parsed queries.
import { PlacementInputError } from './errors.js';
import { dependsOnTasks } from './evaluate.js';
import { parseQuery, type QueryNode } from './query.js';
import type { InstanceAttribute, InstanceLaunchType, PlacementConstraint, PlacementRequest, PlacementStrategy } from './types.js';

export const MAX_COUNT = 10;
export const MAX_STRATEGIES = 5;
export const MAX_CONSTRAINTS = 10;

/** How one strategy ranks an instance: lower scores win. */
export type Scorer =
  | { readonly kind: 'spreadInstance' }
  | { readonly kind: 'spreadAttribute'; readonly name: string }
  | { readonly kind: 'binpackCpu' }
  | { readonly kind: 'binpackMemory' };

export interface CompiledRequest {
  readonly count: number;
  readonly cpu: number;
  readonly memory: number;
  readonly tcp: readonly number[];
  readonly udp: readonly number[];
  readonly group: string;
  readonly family: string;
  /** The strategies up to the first `random` (after it every tie is broken at random anyway). */
  readonly scorers: readonly Scorer[];
  readonly memberOf: readonly { readonly expression: string; readonly query: QueryNode }[];
  /** Some memberOf reads runningTasksCount or task:group, so a placement can change its answer. */
  readonly memberOfDependsOnTasks: boolean;
  readonly distinctInstance: boolean;
  /** Required attributes, de-duplicated and sorted by name (so equal sets share one mask). */
  readonly requiresAttributes: readonly InstanceAttribute[];
  readonly launchType: InstanceLaunchType | undefined;
}

export function compileRequest(request: PlacementRequest): CompiledRequest {
  const { count, cpu, memory, group } = request;
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    fail(`count must be between 1 and ${MAX_COUNT}.`);
  }
  if (!isAmount(cpu)) fail('The task CPU must be a number of CPU units, 0 or more.');
  if (!isAmount(memory)) fail('The task memory must be a number of MiB, 0 or more.');
  if (request.launchType !== undefined && request.launchType !== 'EC2' && request.launchType !== 'EXTERNAL') {
    fail(`Invalid launch type "${String(request.launchType)}" for placement: use EC2 or EXTERNAL.`);
  }
  const tcp = ports(request.ports?.tcp);
  const udp = ports(request.ports?.udp);
  const strategies = request.placementStrategy ?? [];
  const constraints = request.placementConstraints ?? [];
  if (strategies.length > MAX_STRATEGIES) fail(`You can specify a maximum of ${MAX_STRATEGIES} placement strategies.`);
  if (constraints.length > MAX_CONSTRAINTS) fail(`You can specify a maximum of ${MAX_CONSTRAINTS} placement constraints.`);
  const scorers: Scorer[] = [];
  for (const strategy of strategies) {
    const scorer = compileStrategy(strategy);
    if (scorer === 'random') break;
    scorers.push(scorer);
  }
  const memberOf: { expression: string; query: QueryNode }[] = [];
  let distinctInstance = false;
  for (const constraint of constraints) {
    const query = compileConstraint(constraint);
    if (query === 'distinctInstance') distinctInstance = true;
    else memberOf.push({ expression: constraint.expression ?? '', query });
  }
  return {
    count, cpu, memory, tcp, udp, group,
    family: request.family ?? '',
    scorers,
    memberOf,
    memberOfDependsOnTasks: memberOf.some((m) => dependsOnTasks(m.query)),
    distinctInstance,
    requiresAttributes: required(request.requiresAttributes),
    launchType: request.launchType,
  };
}

function required(list: readonly InstanceAttribute[] | undefined): readonly InstanceAttribute[] {
  const byKey = new Map<string, InstanceAttribute>();
  for (const a of list ?? []) {
    if (typeof a.name !== 'string' || a.name === '') fail('A required attribute needs a name.');
    byKey.set(`${a.name}\u0000${a.value ?? ''}`, a.value === undefined ? { name: a.name } : { name: a.name, value: a.value });
  }
  return [...byKey.values()].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : (x.value ?? '') < (y.value ?? '') ? -1 : 1));
}

function compileStrategy(strategy: PlacementStrategy): Scorer | 'random' {
  const field = strategy.field;
  switch (strategy.type) {
    case 'random':
      return 'random';
    case 'spread': {
      if (field === undefined || field === '') fail('A spread placement strategy requires a field.');
      if (field.toLowerCase() === 'instanceid' || field.toLowerCase() === 'host') return { kind: 'spreadInstance' };
      if (field.startsWith('attribute:') && field.length > 'attribute:'.length) {
        return { kind: 'spreadAttribute', name: field.slice('attribute:'.length) };
      }
      return fail(`Invalid field "${field}" for the spread placement strategy: use instanceId, host or attribute:NAME.`);
    }
    case 'binpack': {
      const f = field?.toLowerCase();
      if (f === 'cpu') return { kind: 'binpackCpu' };
      if (f === 'memory') return { kind: 'binpackMemory' };
      return fail(`Invalid field "${field ?? ''}" for the binpack placement strategy: use cpu or memory.`);
    }
    default:
      return fail(`Invalid placement strategy type "${(strategy as { type: unknown }).type}": use random, spread or binpack.`);
  }
}

function compileConstraint(constraint: PlacementConstraint): QueryNode | 'distinctInstance' {
  switch (constraint.type) {
    case 'distinctInstance':
      if (constraint.expression !== undefined && constraint.expression !== '') {
        fail('A distinctInstance placement constraint cannot have an expression.');
      }
      return 'distinctInstance';
    case 'memberOf':
      if (!constraint.expression) fail('A memberOf placement constraint requires an expression.');
      return parseQuery(constraint.expression);
    default:
      return fail(`Invalid placement constraint type "${(constraint as { type: unknown }).type}": use distinctInstance or memberOf.`);
  }
}

function ports(list: readonly number[] | undefined): readonly number[] {
  const out = [...new Set(list ?? [])];
  for (const port of out) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`Invalid host port ${port}.`);
  }
  return out;
}

function isAmount(n: number): boolean {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0;
}

function fail(message: string): never {
  throw new PlacementInputError(message);
}
