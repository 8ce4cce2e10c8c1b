// The scheduled lifecycle runner: on every tick, for each repository with a lifecycle policy,
// evaluates the policy over the repository's images (the pure evaluator in ../lifecycle) and
// expires what it says, through the registry's own manifest deletion; then records when the
// policy was last evaluated. Decisions are recomputed from current state on every run.
import { evaluateLifecyclePolicy, parseLifecyclePolicy, type Expiry } from '../lifecycle/index.js';
import { getRepository } from '../meta/repositories.js';
import { RegistryError } from '../errors.js';
import { deleteManifest } from '../service/manifests.js';
import type { RegistryDeps } from '../service/deps.js';
import {
  LIFECYCLE_POLICIES, lifecycleImages, lifecycleKey, repositoryOfLifecycleKey, type LifecyclePolicyRecord,
} from './lifecycleStore.js';
import { IMAGE_SCANS, scanKey } from './scanStore.js';
import { realTimers, type Timers } from '../../util/timers.js';

export interface LifecycleRunnerOptions {
  deps: RegistryDeps;
  /** Time between runs; default 60 s. */
  intervalMs?: number;
  timers?: Timers;
}

export interface LifecycleRunReport {
  /** Repositories whose policy was evaluated. */
  evaluated: string[];
  /** What was expired, by repository. */
  expired: { repository: string; imageDigest: string; imageTags: string[]; appliedRulePriority: number }[];
}

export class LifecycleRunner {
  private timer: { cancel(): void } | undefined;
  private running: Promise<LifecycleRunReport> | undefined;

  constructor(private readonly opts: LifecycleRunnerOptions) {}

  start(): void {
    this.timer ??= (this.opts.timers ?? realTimers).every(this.opts.intervalMs ?? 60_000, () => {
      this.runOnce().catch((err: unknown) => this.opts.deps.log.warn({ err }, 'lifecycle run failed'));
    });
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One pass over every policy. A call while a pass runs waits for that pass instead. */
  runOnce(): Promise<LifecycleRunReport> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<LifecycleRunReport> {
    const report: LifecycleRunReport = { evaluated: [], expired: [] };
    const policies = await this.opts.deps.store.list<LifecyclePolicyRecord>(LIFECYCLE_POLICIES);
    for (const { key, value } of policies) {
      const repository = repositoryOfLifecycleKey(key);
      try {
        const expired = await this.applyPolicy(repository, value);
        if (expired === undefined) continue;
        report.evaluated.push(repository);
        report.expired.push(...expired.map((e) => ({
          repository, imageDigest: e.imageDigest, imageTags: e.imageTags, appliedRulePriority: e.appliedRulePriority,
        })));
      } catch (err) {
        this.opts.deps.log.warn({ err, repository }, 'lifecycle policy could not be applied');
      }
    }
    return report;
  }

  /** Expires what the policy says; undefined when the repository is gone. */
  private async applyPolicy(repository: string, record: LifecyclePolicyRecord): Promise<Expiry[] | undefined> {
    const { deps } = this.opts;
    if (!(await getRepository(deps.store, repository))) return undefined;
    const policy = parseLifecyclePolicy(record.text);
    const now = deps.clock();
    const images = await lifecycleImages(deps.store, repository);
    const expiries = evaluateLifecyclePolicy({ policy, images, now });
    const done: Expiry[] = [];
    for (const expiry of expiries) {
      if (await this.expire(repository, expiry)) done.push(expiry);
    }
    await deps.store.transaction(async (tx) => {
      const current = await tx.get<LifecyclePolicyRecord>(LIFECYCLE_POLICIES, lifecycleKey(repository));
      if (current?.text !== record.text) return; // replaced or deleted meanwhile
      await tx.put<LifecyclePolicyRecord>(LIFECYCLE_POLICIES, lifecycleKey(repository), { ...current, lastEvaluatedAt: now.toISOString() });
    });
    if (done.length > 0) deps.log.info({ repository, expired: done.length }, 'lifecycle policy expired images');
    return done;
  }

  /**
   * Deletes the image (manifest and tags) unless it changed since it was evaluated: a tag moved
   * onto it or off it means the decision is stale, and the next run decides again.
   */
  private async expire(repository: string, expiry: Expiry): Promise<boolean> {
    const { deps } = this.opts;
    const now = await lifecycleImages(deps.store, repository);
    const image = now.find((i) => i.imageDigest === expiry.imageDigest);
    if (!image || !sameTags(image.imageTags, expiry.imageTags)) return false;
    try {
      await deleteManifest(deps, repository, expiry.imageDigest);
    } catch (err) {
      if (err instanceof RegistryError && err.code === 'MANIFEST_UNKNOWN') return false;
      throw err;
    }
    await deps.store.transaction((tx) => tx.delete(IMAGE_SCANS, scanKey(repository, expiry.imageDigest)));
    return true;
  }
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\0') === [...b].sort().join('\0');
}
