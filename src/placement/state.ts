// The per-call working set, made from a snapshot index in a few linear passes over flat arrays:
// remaining CPU/memory, tasks of the request's group per instance and per spread bucket, and why
// an instance is excluded. Tasks placed during the call update these copies; the index and the
// snapshot are never touched.
import { matchesQuery } from './evaluate.js';
import type { CompiledRequest } from './request.js';
import { attributeBuckets, attributesMask, Block, groupInstances, memberOfMask, type SnapshotIndex } from './snapshotIndex.js';
import type { ContainerInstanceView, InstanceTask } from './types.js';

/** What a strategy ranks by, per instance: `values[i]`, or `values[via[i]]` when bucketed. */
export interface ScoreSource {
  readonly values: Float64Array;
  readonly via: Int32Array | undefined;
}

export interface CallState {
  readonly index: SnapshotIndex;
  readonly cpu: Float64Array;
  readonly memory: Float64Array;
  readonly block: Uint8Array;
  /** ACTIVE instances of the request's launch type (0: the cluster has none for this request). */
  readonly candidates: number;
  /** Tasks of the request's group on each instance, counting this call's placements. */
  readonly groupTasks: Float64Array;
  /** Tasks this call placed on each instance. */
  readonly placedHere: Int32Array;
  /** One per strategy, in order. */
  readonly scores: readonly ScoreSource[];
}

export function buildState(index: SnapshotIndex, req: CompiledRequest): CallState {
  const n = index.instances.length;
  const block = index.block.slice();
  if (req.launchType !== undefined) {
    const external = req.launchType === 'EXTERNAL' ? 1 : 0;
    for (let i = 0; i < n; i++) if (index.external[i] !== external) block[i] = Block.Inactive;
  }
  let candidates = 0;
  for (let i = 0; i < n; i++) if (block[i] !== Block.Inactive) candidates++;
  if (req.requiresAttributes.length > 0) {
    const mask = attributesMask(index, req.requiresAttributes);
    for (let i = 0; i < n; i++) if (block[i] === Block.None && mask[i] === 0) block[i] = Block.Attribute;
  }
  const groupTasks = new Float64Array(n);
  const ofGroup = groupInstances(index, req.group);
  for (let t = 0; t < ofGroup.length; t++) bump(groupTasks, ofGroup[t] as number);
  for (const { expression, query } of req.memberOf) {
    const mask = memberOfMask(index, expression, query);
    for (let i = 0; i < n; i++) if (block[i] === Block.None && mask[i] === 0) block[i] = Block.MemberOf;
  }
  if (req.distinctInstance) {
    for (let i = 0; i < n; i++) if (block[i] === Block.None && (groupTasks[i] as number) > 0) block[i] = Block.Distinct;
  }
  if (req.tcp.length > 0 || req.udp.length > 0) {
    for (let i = 0; i < n; i++) {
      if (block[i] !== Block.None) continue;
      const inst = index.instances[i] as ContainerInstanceView;
      if (conflicts(req.tcp, inst.reservedPorts.tcp, inst.usedPorts.tcp)) block[i] = Block.Ports;
      else if (conflicts(req.udp, inst.reservedPorts.udp, inst.usedPorts.udp)) block[i] = Block.PortsUdp;
    }
  }
  const state = {
    index,
    cpu: index.cpu.slice(),
    memory: index.memory.slice(),
    block,
    candidates,
    groupTasks,
    placedHere: new Int32Array(n),
    scores: [] as ScoreSource[],
  };
  for (const s of req.scorers) {
    if (s.kind === 'spreadInstance') state.scores.push({ values: groupTasks, via: undefined });
    else if (s.kind === 'binpackCpu') state.scores.push({ values: state.cpu, via: undefined });
    else if (s.kind === 'binpackMemory') state.scores.push({ values: state.memory, via: undefined });
    else {
      const { bucketOf, buckets } = attributeBuckets(index, s.name);
      const values = new Float64Array(buckets);
      for (let t = 0; t < ofGroup.length; t++) bump(values, bucketOf[ofGroup[t] as number] as number);
      state.scores.push({ values, via: bucketOf });
    }
  }
  return state;
}

/** Takes one task's resources on instance i and re-derives what that changes. */
export function commit(state: CallState, req: CompiledRequest, i: number): void {
  state.cpu[i] = (state.cpu[i] as number) - req.cpu;
  state.memory[i] = (state.memory[i] as number) - req.memory;
  bump(state.groupTasks, i);
  bump(state.placedHere, i);
  for (const { values, via } of state.scores) if (via) bump(values, via[i] as number);
  let code: Block = Block.None;
  if (req.tcp.length > 0) code = Block.Ports;
  else if (req.udp.length > 0) code = Block.PortsUdp;
  if (req.distinctInstance) code = Block.Distinct;
  if (req.memberOfDependsOnTasks) {
    const view = withPlaced(state, req, i);
    if (!req.memberOf.every((m) => matchesQuery(m.query, view))) code = Block.MemberOf;
  }
  if (code !== Block.None) state.block[i] = code;
}

/** The instance as the query language sees it once this call's tasks run on it. */
function withPlaced(state: CallState, req: CompiledRequest, i: number): ContainerInstanceView {
  const inst = state.index.instances[i] as ContainerInstanceView;
  const placed = state.placedHere[i] as number;
  const added: InstanceTask[] = Array.from({ length: placed }, () => ({ group: req.group, family: req.family }));
  return { ...inst, runningTasksCount: inst.runningTasksCount + placed, tasks: [...inst.tasks, ...added] };
}

function conflicts(wanted: readonly number[], reserved: readonly number[], used: readonly number[]): boolean {
  for (const p of wanted) if (reserved.includes(p) || used.includes(p)) return true;
  return false;
}

function bump(counts: Float64Array | Int32Array, at: number): void {
  counts[at] = (counts[at] as number) + 1;
}
