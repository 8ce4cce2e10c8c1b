// An in-memory ContainerRuntime for unit tests of the engine (labelled: a fake, not Docker).
import { Readable } from 'node:stream';
import type {
  ContainerRuntime, ContainerSummary, CreateOptions, LogsOptions, LogStream, PullAuth, RuntimeContainer, RuntimeEvent, Subscription, VolumeSpec,
} from '../../src/agent/runtime/types.js';

export class FakeRuntime implements ContainerRuntime {
  readonly containers = new Map<string, RuntimeContainer & { options: CreateOptions }>();
  readonly calls: string[] = [];
  readonly failPull = new Set<string>();
  /** What `logs` answers per container id: raw (TTY) text, `<timestamp> <line>\n` each. */
  readonly logText = new Map<string, string>();
  readonly logCalls: LogsOptions[] = [];
  /** How many stopContainer calls fail (Docker's error) before one succeeds. */
  failStops = 0;
  stopAttempts = 0;
  private listeners: ((e: RuntimeEvent) => void)[] = [];
  private seq = 0;

  async version() { return { version: 'fake', apiVersion: '1.41' }; }
  async hostResources() { return { cpus: 2, memoryBytes: 4 * 1024 ** 3 }; }
  async imageExists(ref: string) { return !this.failPull.has(ref); }
  async pullImage(ref: string, _auth?: PullAuth) {
    this.calls.push(`pull ${ref}`);
    if (this.failPull.has(ref)) throw new Error(`pull access denied for ${ref}`);
  }
  async imageDigest() { return 'sha256:fake'; }
  async createContainer(options: CreateOptions) {
    const id = `c${++this.seq}`;
    this.calls.push(`create ${options.Labels?.['com.amazonaws.ecs.container-name']}`);
    this.containers.set(id, { id, name: options.name, labels: options.Labels ?? {}, status: 'created', running: false, oomKilled: false, ports: [], networks: {}, imageId: 'img', options });
    return id;
  }
  async startContainer(id: string) {
    const c = this.get(id);
    this.calls.push(`start ${c.labels['com.amazonaws.ecs.container-name']}`);
    Object.assign(c, { status: 'running', running: true, startedAt: 1 });
  }
  async stopContainer(id: string) {
    this.stopAttempts += 1;
    if (this.failStops > 0) {
      this.failStops -= 1;
      throw new Error('cannot stop container: the daemon is busy');
    }
    const c = this.containers.get(id);
    if (c?.running) this.exit(id, 143, false);
  }
  async removeContainer(id: string) { this.containers.delete(id); }
  async inspectContainer(id: string) { return this.containers.get(id); }
  /** The container's `logText` (none: an empty log), as a TTY container's raw stream that has ended. */
  async logs(id: string, opts: LogsOptions): Promise<LogStream> {
    this.get(id);
    this.logCalls.push(opts);
    const text = this.logText.get(id);
    return { multiplexed: false, stream: Readable.from(text ? [Buffer.from(text)] : []) };
  }
  async stats(id: string) { return { id: this.get(id).id, fake: true }; }
  async bridgeGateway() { return '127.0.0.1'; }
  async listContainers(labels: Record<string, string>): Promise<ContainerSummary[]> {
    return [...this.containers.values()].filter((c) => Object.entries(labels).every(([k, v]) => c.labels[k] === v)).map((c) => ({ id: c.id, labels: c.labels, status: c.status }));
  }
  subscribe(_labels: Record<string, string>, onEvent: (e: RuntimeEvent) => void): Subscription {
    this.listeners.push(onEvent);
    return { close: () => { this.listeners = this.listeners.filter((l) => l !== onEvent); } };
  }
  async createNetwork() {}
  async removeNetwork() {}
  async volumeExists() { return false; }
  async createVolume(_spec: VolumeSpec) {}
  async removeVolume() {}

  /** The container exits (as if its process ended), with Docker's die event. */
  exit(id: string, exitCode: number, emit = true): void {
    const c = this.get(id);
    Object.assign(c, { status: 'exited', running: false, exitCode, finishedAt: 2 });
    if (emit) for (const l of this.listeners) l({ kind: 'die', id, labels: c.labels });
  }

  private get(id: string) {
    const c = this.containers.get(id);
    if (!c) throw new Error(`no container ${id}`);
    return c;
  }
}
