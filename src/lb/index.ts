// The load balancer data plane inside `wharf server`: reloads its view of the ELBv2 records when
// the API signals a change (level-triggered: a signal only says "look again"), and every few
// seconds as a safety net; sweeps drained targets every second.
import type { Logger } from 'pino';
import { LB_CONFIG_TOPIC, TARGETS_TOPIC, type LoadBalancerDataPlane } from '../api/elbv2/model.js';
import type { Services } from '../protocol/context.js';
import { realTimers, type Timers } from '../util/timers.js';
import type { probe } from './health/probe.js';
import { DataPlane } from './plane.js';
import { loadSnapshot } from './snapshot.js';

export interface LoadBalancerOptions {
  services: Services;
  /** The address listeners bind (the server's host). */
  host: string;
  log: Logger;
  timers?: Timers;
  /** Full resync period (default 5 s). */
  resyncMs?: number;
  /** Drained-target sweep period (default 1 s). */
  sweepMs?: number;
  random?: () => number;
  probe?: typeof probe;
}

export interface LoadBalancers extends LoadBalancerDataPlane {
  dataPlane: LoadBalancerDataPlane;
  /** Resolves once every change signalled so far has been applied. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export function startLoadBalancers(opts: LoadBalancerOptions): LoadBalancers {
  const { services, log } = opts;
  const timers = opts.timers ?? realTimers;
  const plane = new DataPlane({ services, host: opts.host, log, timers, random: opts.random, probe: opts.probe });
  let closed = false;
  let dirty = false;
  let running: Promise<void> | undefined;

  const loop = async (): Promise<void> => {
    try {
      while (dirty && !closed) {
        dirty = false;
        try {
          await plane.apply(await loadSnapshot(services.store));
          await plane.sweep();
        } catch (err) {
          log.error({ err }, 'load balancer reload failed');
        }
      }
    } finally {
      running = undefined;
    }
  };
  const reload = (): void => {
    dirty = true;
    running ??= loop();
  };

  const unsubscribe = [LB_CONFIG_TOPIC, TARGETS_TOPIC].map((topic) => services.changes?.subscribe(topic, reload));
  const resync = timers.every(opts.resyncMs ?? 5_000, reload);
  const sweep = timers.every(opts.sweepMs ?? 1_000, () => void plane.sweep());
  reload();

  const dataPlane: LoadBalancerDataPlane = {
    health: (arn, target) => plane.health(arn, target),
    checkPort: (port, protocol) => plane.checkPort(port, protocol),
  };
  return {
    ...dataPlane,
    dataPlane,
    settled: async () => {
      while (running) await running;
    },
    close: async () => {
      closed = true;
      for (const u of unsubscribe) u?.();
      resync.cancel();
      sweep.cancel();
      await running;
      await plane.close();
    },
  };
}
