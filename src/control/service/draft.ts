// A working copy of a service record that the planner changes step by step, adds events to
// (through events.ts), and answers the original when nothing changed. Pure.
import type { DeploymentRecord, RegisteredTarget, ServiceRecord } from '../../api/ecs/service/model.js';
import { addServiceEvent } from './events.js';

/** What one plan did, told in ECS's counted events ("registered 3 targets in ..."). */
interface Tallies {
  registered: Map<string, number>;
  deregistered: Map<string, number>;
  draining: number;
  stopped: string[];
}

export class Draft {
  readonly s: ServiceRecord;
  private tallies: Tallies = { registered: new Map(), deregistered: new Map(), draining: 0, stopped: [] };

  constructor(
    private readonly original: ServiceRecord,
    readonly now: number,
    private readonly newId: () => string,
  ) {
    this.s = {
      ...original,
      deployments: original.deployments.map((d) => ({ ...d })),
      events: [...original.events],
      registered: { ...original.registered },
      retiring: { ...original.retiring },
      tracked: { ...(original.tracked ?? {}) },
      failures: { ...original.failures },
    };
  }

  get primary(): DeploymentRecord {
    return this.s.deployments[0] as DeploymentRecord;
  }

  get tracked(): Record<string, string> {
    return this.s.tracked as Record<string, string>;
  }

  event(message: string): void {
    addServiceEvent(this.s.events, message, { now: this.now, newId: this.newId });
  }

  registered(targetGroupArn: string): void {
    this.tallies.registered.set(targetGroupArn, (this.tallies.registered.get(targetGroupArn) ?? 0) + 1);
  }

  /** A task's targets deregistered so that it drains. */
  draining(targetGroupArns: Iterable<string>): void {
    this.tallies.draining++;
    for (const g of targetGroupArns) this.tallies.deregistered.set(g, (this.tallies.deregistered.get(g) ?? 0) + 1);
  }

  stopped(taskId: string): void {
    this.tallies.stopped.push(taskId);
  }

  /** Writes the counted events of this plan (oldest first, as ECS does: draining, stops, registrations). */
  flushEvents(): void {
    const t = this.tallies;
    const name = this.s.name;
    if (t.draining > 0) this.event(`(service ${name}) has begun draining connections on ${t.draining} tasks.`);
    for (const [g, n] of t.deregistered) this.event(`(service ${name}) deregistered ${n} targets in (target-group ${g})`);
    if (t.stopped.length > 0) this.event(`(service ${name}) has stopped ${t.stopped.length} running tasks: ${t.stopped.map((id) => `(task ${id})`).join(' ')}.`);
    for (const [g, n] of t.registered) this.event(`(service ${name}) registered ${n} targets in (target-group ${g})`);
    this.tallies = { registered: new Map(), deregistered: new Map(), draining: 0, stopped: [] };
  }

  deployment(id: string | undefined): DeploymentRecord | undefined {
    return id === undefined ? undefined : this.s.deployments.find((d) => d.id === id);
  }

  setRegistered(taskId: string, targets: RegisteredTarget[] | undefined): void {
    if (targets && targets.length > 0) this.s.registered[taskId] = targets;
    else delete this.s.registered[taskId];
  }

  /** A task of deployment `id` failed (to start, or its health checks). */
  failure(deploymentId: string | undefined): void {
    const d = this.deployment(deploymentId);
    if (d) {
      d.failedTasks += 1;
      d.updatedAt = this.now;
    }
    this.s.failures = { consecutive: this.s.failures.consecutive + 1, lastAt: this.now };
  }

  result(): ServiceRecord {
    // Unchanged when it reads the same as the original (which may not have `tracked` yet).
    if (JSON.stringify(this.s) === JSON.stringify({ ...this.original, tracked: this.original.tracked ?? {} })) return this.original;
    return { ...this.s, version: this.original.version + 1 };
  }
}
