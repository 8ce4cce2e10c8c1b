// What one instance's `tasks` message lists: every task assigned to it that has not stopped,
// oldest first, each as a TaskSpec. The instance record says which tasks those are and what the
// server wants of each (its `placed` map); a task whose desired status is RUNNING has a spec that
// never changes, so its JSON is built once per session and reused, and only new tasks (and those
// being stopped, whose stop reason may still arrive) are read from the Store.
import type { ContainerInstanceRecord } from '../../api/ecs/containerInstance/model.js';
import { getTask } from '../../api/ecs/task/repo.js';
import { taskSpec } from '../../api/ecs/task/spec.js';
import type { Reader } from '../../state/store.js';
import { getInstance } from '../../api/ecs/containerInstance/repo.js';
import type { InstanceKey } from './records.js';

interface SpecEntry {
  taskId: string;
  taskArn: string;
  createdAt: number;
  desiredStatus: string;
  /** JSON.stringify(taskSpec(task)). */
  json: string;
}

export interface Assignment {
  instance: ContainerInstanceRecord | undefined;
  /** Task ARN -> desired status, for every task listed. */
  wanted: Map<string, string>;
  /** Builds the `tasks` frame with this id. */
  frame(id: string): string;
}

export class AssignmentReader {
  /** Specs of tasks the server wants RUNNING, by task id. */
  private readonly specs = new Map<string, SpecEntry>();

  constructor(private readonly reader: Reader, private readonly key: InstanceKey) {}

  async load(): Promise<Assignment> {
    const instance = await getInstance(this.reader, this.key.clusterName, this.key.instanceId);
    const entries: SpecEntry[] = [];
    const ids = instance ? Object.keys(instance.placed) : [];
    for (const id of ids) {
      const cached = this.specs.get(id);
      if (cached && instance?.placed[id]?.desiredStatus === 'RUNNING') {
        entries.push(cached);
        continue;
      }
      const entry = await this.read(id);
      if (entry) entries.push(entry);
    }
    this.forgetAllBut(new Set(ids));
    entries.sort((a, b) => a.createdAt - b.createdAt || a.taskId.localeCompare(b.taskId));
    return {
      instance,
      wanted: new Map(entries.map((e) => [e.taskArn, e.desiredStatus])),
      frame: (id) => `{"type":"tasks","id":${JSON.stringify(id)},"tasks":[${entries.map((e) => e.json).join(',')}]}`,
    };
  }

  private async read(id: string): Promise<SpecEntry | undefined> {
    const t = await getTask(this.reader, this.key.clusterName, id);
    if (!t) return undefined;
    const entry = { taskId: t.taskId, taskArn: t.taskArn, createdAt: t.createdAt, desiredStatus: t.desiredStatus, json: JSON.stringify(taskSpec(t)) };
    if (t.desiredStatus === 'RUNNING') this.specs.set(id, entry);
    else this.specs.delete(id);
    return entry;
  }

  private forgetAllBut(ids: ReadonlySet<string>): void {
    for (const id of this.specs.keys()) if (!ids.has(id)) this.specs.delete(id);
  }
}
