// A snapshot turned into flat arrays once, so that many placements over the same snapshot do
// not re-read 50,000 tasks each time: remaining CPU/memory per instance and which instances are
// candidates at all, then (filled on first use) where each task group's tasks run, the buckets
// of each spread attribute and the answer of each memberOf expression per instance.
//
// An index is valid for exactly the snapshot it was built from: the caller rebuilds it whenever
// it reads a new snapshot (the snapshot is read-only data, never changed in place). The lazily
// filled maps are memoisation of pure functions of the snapshot, so sharing an index between
// calls cannot change any answer.
import { attributeValue, matchesQuery } from './evaluate.js';
import type { QueryNode } from './query.js';
import type { ClusterSnapshot, ContainerInstanceView, InstanceAttribute, InstanceLaunchType } from './types.js';

/** Why an instance cannot take a task apart from CPU and memory; lower codes are reported first. */
export const Block = {
  None: 0,
  Agent: 1,
  /** Lacks an attribute the task definition requires. */
  Attribute: 2,
  MemberOf: 3,
  Distinct: 4,
  Ports: 5,
  PortsUdp: 6,
  /**
   * Not ACTIVE (DRAINING, INACTIVE, ...), or not of the request's launch type: never a candidate
   * and never reported.
   */
  Inactive: 7,
} as const;
export type Block = (typeof Block)[keyof typeof Block];

export interface AttributeBuckets {
  /** Bucket per instance: 0 for instances without the attribute, 1.. per distinct value. */
  readonly bucketOf: Int32Array;
  readonly buckets: number;
}

export interface SnapshotIndex {
  readonly kind: 'snapshotIndex';
  readonly instances: readonly ContainerInstanceView[];
  readonly cpu: Float64Array;
  readonly memory: Float64Array;
  /** Block.Inactive, Block.Agent or Block.None per instance. */
  readonly block: Uint8Array;
  readonly activeCount: number;
  /** 1 where the instance is an EXTERNAL one (ECS Anywhere, `mi-...`), else 0. */
  readonly external: Uint8Array;
  /** Per task group asked about: the instance index of each of its tasks (repeats per task). */
  readonly groups: Map<string, Int32Array>;
  readonly attributeBuckets: Map<string, AttributeBuckets>;
  readonly memberOf: Map<string, Uint8Array>;
  /** Per set of required attributes asked about: 1 where the instance has them all. */
  readonly hasAttributes: Map<string, Uint8Array>;
}

export const EXTERNAL_ATTRIBUTE = 'ecs.capability.external';

/**
 * An instance's launch type: ECS Anywhere instances (id `mi-...`, attribute
 * `ecs.capability.external`) are EXTERNAL, every other one is EC2.
 */
export function instanceLaunchType(instance: {
  readonly ec2InstanceId?: string | undefined;
  readonly attributes?: readonly InstanceAttribute[];
}): InstanceLaunchType {
  if (instance.ec2InstanceId?.startsWith('mi-')) return 'EXTERNAL';
  return instance.attributes && hasExternalAttribute(instance.attributes) ? 'EXTERNAL' : 'EC2';
}

/** The answer for attribute lists that cannot change (the Store's deep-frozen copies), by list. */
const externalByAttributes = new WeakMap<readonly InstanceAttribute[], boolean>();

/** Whether the list holds EXTERNAL_ATTRIBUTE; remembered for frozen lists, which every placement rereads. */
function hasExternalAttribute(attributes: readonly InstanceAttribute[]): boolean {
  let external = externalByAttributes.get(attributes);
  if (external === undefined) {
    external = attributes.some((a) => a.name === EXTERNAL_ATTRIBUTE);
    if (Object.isFrozen(attributes)) externalByAttributes.set(attributes, external);
  }
  return external;
}

export function indexSnapshot(snapshot: ClusterSnapshot): SnapshotIndex {
  const instances = snapshot.instances;
  const n = instances.length;
  const cpu = new Float64Array(n);
  const memory = new Float64Array(n);
  const block = new Uint8Array(n);
  const external = new Uint8Array(n);
  let activeCount = 0;
  for (let i = 0; i < n; i++) {
    const inst = instances[i] as ContainerInstanceView;
    if (instanceLaunchType(inst) === 'EXTERNAL') external[i] = 1;
    cpu[i] = inst.remaining.cpu;
    memory[i] = inst.remaining.memory;
    if (inst.status !== 'ACTIVE') block[i] = Block.Inactive;
    else {
      activeCount++;
      if (!inst.agentConnected) block[i] = Block.Agent;
    }
  }
  return {
    kind: 'snapshotIndex', instances, cpu, memory, block, activeCount, external,
    groups: new Map(), attributeBuckets: new Map(), memberOf: new Map(), hasAttributes: new Map(),
  };
}

/** The instance index of each task of the group: one scan of the tasks, then remembered. */
export function groupInstances(index: SnapshotIndex, group: string): Int32Array {
  const cached = index.groups.get(group);
  if (cached) return cached;
  const found: number[] = [];
  const instances = index.instances;
  for (let i = 0; i < instances.length; i++) {
    const tasks = (instances[i] as ContainerInstanceView).tasks;
    for (let t = 0; t < tasks.length; t++) if ((tasks[t] as { group: string }).group === group) found.push(i);
  }
  const made = Int32Array.from(found);
  index.groups.set(group, made);
  return made;
}

export function attributeBuckets(index: SnapshotIndex, name: string): AttributeBuckets {
  const cached = index.attributeBuckets.get(name);
  if (cached) return cached;
  const bucketOf = new Int32Array(index.instances.length);
  const ids = new Map<string, number>();
  for (let i = 0; i < index.instances.length; i++) {
    const value = attributeValue(index.instances[i] as ContainerInstanceView, name);
    if (value === undefined) continue;
    let id = ids.get(value);
    if (id === undefined) ids.set(value, (id = ids.size + 1));
    bucketOf[i] = id;
  }
  const made = { bucketOf, buckets: ids.size + 1 };
  index.attributeBuckets.set(name, made);
  return made;
}

/** 1 where the instance (as in the snapshot) satisfies the expression, else 0. */
export function memberOfMask(index: SnapshotIndex, expression: string, query: QueryNode): Uint8Array {
  const cached = index.memberOf.get(expression);
  if (cached) return cached;
  const mask = new Uint8Array(index.instances.length);
  for (let i = 0; i < index.instances.length; i++) {
    if (index.block[i] !== Block.Inactive && matchesQuery(query, index.instances[i] as ContainerInstanceView)) mask[i] = 1;
  }
  index.memberOf.set(expression, mask);
  return mask;
}

/** 1 where the instance has every required attribute (same name; same value when one is given). */
export function attributesMask(index: SnapshotIndex, required: readonly InstanceAttribute[]): Uint8Array {
  const key = JSON.stringify(required.map((a) => [a.name, a.value ?? null]));
  const cached = index.hasAttributes.get(key);
  if (cached) return cached;
  const mask = new Uint8Array(index.instances.length);
  for (let i = 0; i < index.instances.length; i++) {
    const own = (index.instances[i] as ContainerInstanceView).attributes;
    if (required.every((r) => own.some((a) => a.name === r.name && (r.value === undefined || a.value === r.value)))) mask[i] = 1;
  }
  index.hasAttributes.set(key, mask);
  return mask;
}
