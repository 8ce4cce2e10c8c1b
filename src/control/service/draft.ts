// A working copy of a service record that the planner changes step by step: copies on first
// write, remembers whether anything changed, and writes events newest first. Pure.
import { MAX_SERVICE_EVENTS, type DeploymentRecord, type RegisteredTarget, type ServiceRecord } from '../../api/ecs/service/model.js';

export class Draft {
  readonly s: ServiceRecord;
  private changed = false;

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

  touch(): void {
    this.changed = true;
  }

  event(message: string): void {
    // The same message twice in a row says nothing new (ECS also throttles repeats).
    if (this.s.events[0]?.message === message) return;
    this.s.events.unshift({ id: this.newId(), createdAt: this.now, message });
    this.s.events.length = Math.min(this.s.events.length, MAX_SERVICE_EVENTS);
    this.touch();
  }

  deployment(id: string | undefined): DeploymentRecord | undefined {
    return id === undefined ? undefined : this.s.deployments.find((d) => d.id === id);
  }

  setRegistered(taskId: string, targets: RegisteredTarget[] | undefined): void {
    if (targets && targets.length > 0) this.s.registered[taskId] = targets;
    else delete this.s.registered[taskId];
    this.touch();
  }

  /** A task of deployment `id` failed (to start, or its health checks). */
  failure(deploymentId: string | undefined): void {
    const d = this.deployment(deploymentId);
    if (d) {
      d.failedTasks += 1;
      d.updatedAt = this.now;
    }
    this.s.failures = { consecutive: this.s.failures.consecutive + 1, lastAt: this.now };
    this.touch();
  }

  result(): ServiceRecord {
    if (!this.changed && JSON.stringify(this.s) === JSON.stringify({ ...this.original, tracked: this.original.tracked ?? {} })) return this.original;
    return { ...this.s, version: this.original.version + 1 };
  }
}
