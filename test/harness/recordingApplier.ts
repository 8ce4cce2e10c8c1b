// A recording applier for the service controller (ServiceControllerOptions.apply): it applies
// each plan with the real applyPlan (or the applier given) and keeps what the controller read,
// decided and got back, so a test asserts on the controller's decisions and on what it wrote.
import pino from 'pino';
import type { Applied } from '../../src/control/service/apply.js';
import { applyPlan } from '../../src/control/service/apply.js';
import { startServiceController, type Applier, type ServiceController } from '../../src/control/service/index.js';
import type { Run } from './service.js';
import type { World } from './world.js';

export interface RecordingApplier {
  apply: Applier;
  /** Every plan applied, in order (a throw is recorded with `error` and rethrown). */
  runs: (Run | (Omit<Run, 'applied'> & { error: unknown }))[];
  /** Resolves once `n` plans have been applied. */
  applied(n: number): Promise<void>;
}

export function recordingApplier(inner: Applier = applyPlan): RecordingApplier {
  const runs: RecordingApplier['runs'] = [];
  let waiters: { n: number; resolve: () => void }[] = [];
  const settle = () => {
    waiters = waiters.filter((w) => (runs.length >= w.n ? (w.resolve(), false) : true));
  };
  const apply: Applier = async (tx, deps, snapshot, plan): Promise<Applied> => {
    try {
      const applied = await inner(tx, deps, snapshot, plan);
      runs.push({ snapshot, plan, applied });
      return applied;
    } catch (error) {
      runs.push({ snapshot, plan, error });
      throw error;
    } finally {
      settle();
    }
  };
  const applied = (n: number) => new Promise<void>((resolve) => {
    waiters.push({ n, resolve });
    settle();
  });
  return { apply, runs, applied };
}

/**
 * The service controller over the world, applying through `apply`; its resync waits an hour on
 * the world's hand-driven timers, so what runs a service is its start and the signals it gets.
 */
export function startController(world: World, options: { apply?: Applier } = {}): ServiceController {
  return startServiceController({
    services: world.services,
    log: pino({ level: 'silent' }),
    timers: world.timers,
    resyncMs: 3_600_000,
    ...(options.apply ? { apply: options.apply } : {}),
  });
}
