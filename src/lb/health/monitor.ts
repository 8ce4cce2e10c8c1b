// Runs the active health checks: one loop per (target group, target) while the group is used by a
// listener and the target is registered (not draining). A target is checked at once when its
// loop starts, then every intervalSeconds; each verdict goes through the pure state machine, and
// a change of state is handed to `onChange` (which refreshes routing and publishes the topic).
import type { Timers } from '../../util/timers.js';
import { refreshEligible, type GroupRuntime, type TargetRuntime } from '../targets.js';
import { probe, type ProbeSpec } from './probe.js';
import { REGISTERING, healthChanged, nextHealth, parseMatcher } from './state.js';

export interface MonitorOptions {
  timers: Timers;
  onChange(group: GroupRuntime, target: TargetRuntime): void;
  /** The check itself (a real probe by default; tests may script it). */
  probe?: typeof probe;
}

interface Loop {
  signature: string;
  stopped: boolean;
  running: boolean;
  cancel(): void;
}

export class HealthMonitor {
  private readonly loops = new Map<TargetRuntime, Loop>();

  constructor(private readonly opts: MonitorOptions) {}

  /** Starts the loops that should run, restarts those whose settings changed, stops the rest. */
  sync(groups: Iterable<GroupRuntime>): void {
    const wanted = new Set<TargetRuntime>();
    for (const group of groups) {
      const hc = group.record.healthCheck;
      for (const target of group.targets.values()) {
        if (!group.inUse) {
          // Not checked while unused; starts afresh when a listener uses the group again.
          target.health = REGISTERING;
          continue;
        }
        if (!hc.enabled || target.draining) continue;
        wanted.add(target);
        const signature = `${JSON.stringify(hc)}|${target.host}:${target.port}`;
        const loop = this.loops.get(target);
        if (loop?.signature === signature) continue;
        loop?.cancel();
        this.loops.set(target, this.start(group, target, signature));
      }
    }
    for (const [target, loop] of this.loops) {
      if (wanted.has(target)) continue;
      loop.cancel();
      this.loops.delete(target);
    }
  }

  close(): void {
    for (const loop of this.loops.values()) loop.cancel();
    this.loops.clear();
  }

  private start(group: GroupRuntime, target: TargetRuntime, signature: string): Loop {
    const hc = group.record.healthCheck;
    const spec: ProbeSpec = {
      protocol: hc.protocol,
      host: target.host,
      port: hc.port === 'traffic-port' || !hc.port ? target.port : Number(hc.port),
      path: hc.path ?? '/',
      timeoutMs: Math.max(1, hc.timeoutSeconds * 1000),
      matches: parseMatcher(hc.matcher?.httpCode),
    };
    const check = this.opts.probe ?? probe;
    const run = (): void => {
      if (loop.stopped || loop.running) return;
      loop.running = true;
      void check(spec).then((result) => {
        loop.running = false;
        if (loop.stopped) return;
        const next = nextHealth(target.health, result, hc);
        const changed = healthChanged(target.health, next);
        target.health = next;
        if (!changed) return;
        refreshEligible(group);
        this.opts.onChange(group, target);
      });
    };
    const loop: Loop = { signature, stopped: false, running: false, cancel: () => undefined };
    const timer = this.opts.timers.every(Math.max(1, hc.intervalSeconds * 1000), run);
    loop.cancel = () => {
      loop.stopped = true;
      timer.cancel();
    };
    run();
    return loop;
  }
}
