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
import type { ClusterSnapshot, ContainerInstanceView } from './types.js';

/** Why an instance cannot take a task apart from CPU and memory; lower codes are reported first. */
export const Block = {
  None: 0,
  Agent: 1,
  MemberOf: 2,
  Distinct: 3,
  Ports: 4,
  PortsUdp: 5,
  /** Not ACTIVE (DRAINING, INACTIVE, ...): never a candidate and never reported. */
  Inactive: 6,
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
  /** Per task group asked about: the instance index of each of its tasks (repeats per task). */
  readonly groups: Map<string, Int32Array>;
  readonly attributeBuckets: Map<string, AttributeBuckets>;
  readonly memberOf: Map<string, Uint8Array>;
}

export function indexSnapshot(snapshot: ClusterSnapshot): SnapshotIndex {
  const instances = snapshot.instances;
  const n = instances.length;
  const cpu = new Float64Array(n);
  const memory = new Float64Array(n);
  const block = new Uint8Array(n);
  let activeCount = 0;
  for (let i = 0; i < n; i++) {
    const inst = instances[i] as ContainerInstanceView;
    cpu[i] = inst.remaining.cpu;
    memory[i] = inst.remaining.memory;
    if (inst.status !== 'ACTIVE') block[i] = Block.Inactive;
    else {
      activeCount++;
      if (!inst.agentConnected) block[i] = Block.Agent;
    }
  }
  return { kind: 'snapshotIndex', instances, cpu, memory, block, activeCount, groups: new Map(), attributeBuckets: new Map(), memberOf: new Map() };
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
