// The agent's own state in its data dir (ECS_DATADIR): instance id, container instance ARN and
// every task it knows. Written atomically (temp file, fsync, rename), one write at a time, the
// latest state winning; a crash leaves the previous complete file.
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { TaskRecord } from './engine/model.js';

export interface AgentStateData {
  version: 1;
  instanceId?: string;
  containerInstanceArn?: string;
  /** The cluster the ARN belongs to: a different cluster registers anew. */
  cluster?: string;
  tasks: Record<string, TaskRecord>;
  /** Tasks cleaned up, by ARN -> epoch ms, so that a late `tasks` message never restarts them. */
  forgotten: Record<string, number>;
  /** The task metadata endpoint's port: running containers have it in their environment. */
  metadataPort?: number;
}

export const STATE_FILE = 'agent-state.json';

export class StateFile {
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  private constructor(readonly path: string, readonly data: AgentStateData) {}

  static async load(dataDir: string): Promise<StateFile> {
    await mkdir(dataDir, { recursive: true });
    const path = join(dataDir, STATE_FILE);
    let data: AgentStateData = { version: 1, tasks: {}, forgotten: {} };
    try {
      const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<AgentStateData>;
      data = { ...data, ...parsed, tasks: parsed.tasks ?? {}, forgotten: parsed.forgotten ?? {} };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read the agent state file ${path}: ${(err as Error).message}`);
    }
    return new StateFile(path, data);
  }

  /** Schedules a write of the current data; resolves once it (or a later one) is on disk. */
  save(): Promise<void> {
    this.dirty = true;
    this.writing = this.writing.then(() => this.flush());
    return this.writing;
  }

  private async flush(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    const tmp = `${this.path}.${process.pid}.tmp`;
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(JSON.stringify(this.data));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, this.path);
  }
}
