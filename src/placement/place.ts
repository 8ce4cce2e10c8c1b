// Placement: (snapshot, request, random) -> which instance runs each task, and why the rest
// could not run. Pure: reads the snapshot, never writes it; the caller applies the answer in its
// one serialized place and re-checks that it still fits.
//
// Each task is placed by one linear pass over the instances: an instance is a candidate when it
// is ACTIVE and of the request's launch type, its agent is connected, it has every attribute the
// task definition requires, it satisfies every constraint, and the task's CPU, memory
// and fixed host ports fit. Candidates are ranked by the strategies in order (each breaks the
// ties of the one before: spread = fewest tasks of the group on the instance or in its attribute
// bucket, binpack = least remaining cpu/memory); what is still tied is chosen at random. Each
// placement takes its resources and counts for spread and distinctInstance before the next task.
import { compileRequest, type CompiledRequest } from './request.js';
import { Block, indexSnapshot, type SnapshotIndex } from './snapshotIndex.js';
import { buildState, commit, type CallState, type ScoreSource } from './state.js';
import {
  NO_CONTAINER_INSTANCES,
  type ClusterSnapshot,
  type FailureReason,
  type PlaceOptions,
  type PlaceResult,
  type Placement,
  type PlacementFailure,
  type PlacementRequest,
} from './types.js';

/**
 * Places `request.count` tasks. Throws PlacementInputError for a request ECS would refuse
 * (bad expression, strategy or count); answers `noContainerInstances` when the cluster has no
 * ACTIVE instance (of the request's launch type, when it names one); otherwise the placements made and, if some task did not fit, one failure per
 * ACTIVE instance saying why (ECS's `failures`).
 */
export function place(snapshot: ClusterSnapshot | SnapshotIndex, request: PlacementRequest, opts: PlaceOptions): PlaceResult {
  const req = compileRequest(request);
  const index = 'kind' in snapshot && snapshot.kind === 'snapshotIndex' ? snapshot : indexSnapshot(snapshot);
  if (index.activeCount === 0) return { kind: 'noContainerInstances', message: NO_CONTAINER_INSTANCES };
  const state = buildState(index, req);
  if (state.candidates === 0) return { kind: 'noContainerInstances', message: NO_CONTAINER_INSTANCES };
  const chooser = new Chooser(state, req, opts.random);
  const ports = req.tcp.length + req.udp.length > 0 ? { tcp: req.tcp, udp: req.udp } : undefined;
  const placements: Placement[] = [];
  for (let taskIndex = 0; taskIndex < req.count; taskIndex++) {
    const i = chooser.choose();
    if (i < 0) return { kind: 'placed', placements, failures: explain(state, req) };
    commit(state, req, i);
    const instanceArn = (index.instances[i] as { arn: string }).arn;
    placements.push(ports ? { taskIndex, instanceArn, ports } : { taskIndex, instanceArn });
  }
  return { kind: 'placed', placements, failures: [] };
}

/** The linear pass, with its scratch arrays allocated once per call. */
class Chooser {
  private readonly ties: Int32Array;
  private readonly best: Float64Array;

  constructor(
    private readonly state: CallState,
    private readonly req: CompiledRequest,
    private readonly random: () => number,
  ) {
    this.ties = new Int32Array(state.block.length);
    this.best = new Float64Array(state.scores.length);
  }

  /** The chosen instance's index, or -1 when no instance can take the task. */
  choose(): number {
    const scores = this.state.scores;
    const tied = scores.length === 0 ? this.sample() : scores.length === 1 ? this.rankOne(scores[0] as ScoreSource) : this.rankChain();
    if (tied <= 1) return tied === 1 ? (this.ties[0] as number) : -1;
    return this.ties[Math.min(tied - 1, Math.floor(this.random() * tied))] as number;
  }

  private fits(i: number): boolean {
    const s = this.state;
    return s.block[i] === Block.None && (s.cpu[i] as number) >= this.req.cpu && (s.memory[i] as number) >= this.req.memory;
  }

  /**
   * No strategy (or random first): a few uniform draws usually hit a candidate at once; if they
   * miss, every candidate is collected. Either way each candidate is equally likely.
   */
  private sample(): number {
    const n = this.state.block.length;
    for (let attempt = 0; attempt < 16; attempt++) {
      const i = Math.min(n - 1, Math.floor(this.random() * n));
      if (this.fits(i)) {
        this.ties[0] = i;
        return 1;
      }
    }
    let tied = 0;
    for (let i = 0; i < n; i++) if (this.fits(i)) this.ties[tied++] = i;
    return tied;
  }

  /** One strategy: the candidates with the lowest score. */
  private rankOne({ values, via }: ScoreSource): number {
    const { block, cpu, memory } = this.state;
    const { ties } = this;
    const needCpu = this.req.cpu;
    const needMemory = this.req.memory;
    let best = Infinity;
    let tied = 0;
    for (let i = 0; i < block.length; i++) {
      if (block[i] !== Block.None || (cpu[i] as number) < needCpu || (memory[i] as number) < needMemory) continue;
      const v = (via ? values[via[i] as number] : values[i]) as number;
      if (v < best) {
        best = v;
        ties[0] = i;
        tied = 1;
      } else if (v === best) ties[tied++] = i;
    }
    return tied;
  }

  /** Several strategies: lowest score of the first, ties broken by the next, and so on. */
  private rankChain(): number {
    const { block, cpu, memory, scores } = this.state;
    const { ties, best } = this;
    const { values: first, via: firstVia } = scores[0] as ScoreSource;
    const k = scores.length;
    let tied = 0;
    for (let i = 0; i < block.length; i++) {
      if (block[i] !== Block.None || (cpu[i] as number) < this.req.cpu || (memory[i] as number) < this.req.memory) continue;
      const v0 = (firstVia ? first[firstVia[i] as number] : first[i]) as number;
      if (tied > 0 && v0 > (best[0] as number)) continue;
      let order = tied === 0 || v0 < (best[0] as number) ? -1 : 0;
      for (let s = 1; order === 0 && s < k; s++) {
        const v = score(scores[s] as ScoreSource, i);
        const b = best[s] as number;
        if (v !== b) order = v < b ? -1 : 1;
      }
      if (order < 0) {
        for (let s = 0; s < k; s++) best[s] = score(scores[s] as ScoreSource, i);
        ties[0] = i;
        tied = 1;
      } else if (order === 0) ties[tied++] = i;
    }
    return tied;
  }
}

function score({ values, via }: ScoreSource, i: number): number {
  return (via ? values[via[i] as number] : values[i]) as number;
}

/** Why each ACTIVE instance could not take the next task, in ECS's order of checks. */
function explain(state: CallState, req: CompiledRequest): PlacementFailure[] {
  const failures: PlacementFailure[] = [];
  for (let i = 0; i < state.block.length; i++) {
    const block = state.block[i] as Block;
    if (block === Block.Inactive) continue;
    let reason: FailureReason | undefined;
    if (block === Block.Agent) reason = 'AGENT';
    else if (block === Block.Attribute) reason = 'ATTRIBUTE';
    else if (block === Block.MemberOf) reason = 'MemberOf';
    else if (block === Block.Distinct) reason = 'DistinctInstance';
    else if ((state.cpu[i] as number) < req.cpu) reason = 'RESOURCE:CPU';
    else if ((state.memory[i] as number) < req.memory) reason = 'RESOURCE:MEMORY';
    else if (block === Block.Ports) reason = 'RESOURCE:PORTS';
    else if (block === Block.PortsUdp) reason = 'RESOURCE:PORTS_UDP';
    if (reason) failures.push({ arn: (state.index.instances[i] as { arn: string }).arn, reason });
  }
  return failures;
}
