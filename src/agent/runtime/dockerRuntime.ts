// The ContainerRuntime port on the local Docker Engine, through dockerode.
import { Readable } from 'node:stream';
import Docker from 'dockerode';
import { bridgeGatewayOf } from './bridgeGateway.js';
import type {
  ContainerRuntime, ContainerSummary, CreateOptions, DockerHealth, LogsOptions, LogStream, PortBinding, PullAuth,
  RuntimeContainer, RuntimeEvent, Subscription, VolumeSpec,
} from './types.js';

function statusOf(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && 'statusCode' in err ? Number((err as { statusCode: unknown }).statusCode) : undefined;
}

/** Docker's message from a dockerode error (`(HTTP code 404) no such image - <message>`). */
export function dockerMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const json = (err as { json?: { message?: unknown } }).json;
    if (json && typeof json.message === 'string') return json.message;
    if (err instanceof Error) return err.message;
  }
  return String(err);
}

function epochMs(text: string | undefined): number | undefined {
  if (!text || text.startsWith('0001-')) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function labelFilter(labels: Record<string, string>): string[] {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`);
}

export interface DockerRuntimeOptions {
  /** dockerode's connection options; default: the local socket (or DOCKER_HOST). */
  docker?: Docker.DockerOptions;
}

export class DockerRuntime implements ContainerRuntime {
  readonly docker: Docker;

  constructor(opts: DockerRuntimeOptions = {}) {
    this.docker = new Docker(opts.docker);
  }

  async version(): Promise<{ version: string; apiVersion: string }> {
    const v = await this.docker.version();
    return { version: v.Version, apiVersion: v.ApiVersion };
  }

  async hostResources(): Promise<{ cpus: number; memoryBytes: number }> {
    const info = (await this.docker.info()) as { NCPU: number; MemTotal: number };
    return { cpus: info.NCPU, memoryBytes: info.MemTotal };
  }

  async imageExists(ref: string): Promise<boolean> {
    try {
      await this.docker.getImage(ref).inspect();
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw err;
    }
  }

  async pullImage(ref: string, auth?: PullAuth): Promise<void> {
    const stream = await this.docker.pull(ref, auth ? { authconfig: auth } : {});
    await new Promise<void>((resolve, reject) => {
      this.docker.modem.followProgress(stream, (err: Error | null, output: { error?: string; errorDetail?: { message?: string } }[]) => {
        if (err) return reject(err);
        const failed = output.find((o) => o.error);
        if (failed) return reject(new Error(failed.errorDetail?.message ?? failed.error));
        resolve();
      });
    });
  }

  async imageDigest(ref: string): Promise<string | undefined> {
    try {
      const info = await this.docker.getImage(ref).inspect();
      const digest = info.RepoDigests?.[0];
      return digest ? digest.slice(digest.indexOf('@') + 1) : undefined;
    } catch {
      return undefined;
    }
  }

  async createContainer(options: CreateOptions): Promise<string> {
    try {
      const container = await this.docker.createContainer(options);
      return container.id;
    } catch (err) {
      // Created before the agent last stopped, but not recorded: use it.
      if (statusOf(err) === 409) {
        const existing = await this.inspectContainer(options.name);
        if (existing) return existing.id;
      }
      throw err;
    }
  }

  async startContainer(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).start();
    } catch (err) {
      if (statusOf(err) !== 304) throw err;
    }
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    try {
      await this.docker.getContainer(id).stop({ t: timeoutSeconds });
    } catch (err) {
      const status = statusOf(err);
      if (status !== 304 && status !== 404) throw err;
    }
  }

  async removeContainer(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: true, v: true });
    } catch (err) {
      const status = statusOf(err);
      if (status !== 404 && status !== 409) throw err;
    }
  }

  async inspectContainer(id: string): Promise<RuntimeContainer | undefined> {
    let info: Docker.ContainerInspectInfo;
    try {
      info = await this.docker.getContainer(id).inspect();
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
    const ports: PortBinding[] = [];
    for (const [key, bindings] of Object.entries(info.NetworkSettings.Ports ?? {})) {
      const [port = '0', proto] = key.split('/');
      for (const b of bindings ?? []) {
        ports.push({ containerPort: Number(port), protocol: proto === 'udp' ? 'udp' : 'tcp', hostIp: b.HostIp, hostPort: Number(b.HostPort) });
      }
    }
    const networks: Record<string, string> = {};
    for (const [name, net] of Object.entries(info.NetworkSettings.Networks ?? {})) networks[name] = net.IPAddress;
    const state = info.State;
    const health = state.Health?.Status;
    return {
      id: info.Id,
      name: info.Name.replace(/^\//, ''),
      labels: info.Config.Labels ?? {},
      status: state.Status,
      running: state.Running,
      ...(state.Status === 'exited' || state.Status === 'dead' ? { exitCode: state.ExitCode } : {}),
      oomKilled: state.OOMKilled,
      ...(state.Error ? { error: state.Error } : {}),
      ...(epochMs(state.StartedAt) !== undefined ? { startedAt: epochMs(state.StartedAt) } : {}),
      ...(epochMs(state.FinishedAt) !== undefined ? { finishedAt: epochMs(state.FinishedAt) } : {}),
      ...(health === 'starting' || health === 'healthy' || health === 'unhealthy' ? { health: health as DockerHealth } : {}),
      ports,
      networks,
      imageId: info.Image,
    };
  }

  async logs(id: string, opts: LogsOptions): Promise<LogStream> {
    const container = this.docker.getContainer(id);
    const info = await container.inspect({ ...(opts.signal ? { abortSignal: opts.signal } : {}) });
    const options = {
      stdout: true, stderr: true, timestamps: opts.timestamps, since: opts.since ?? 0, ...(opts.signal ? { abortSignal: opts.signal } : {}),
    };
    const stream = opts.follow
      ? await container.logs({ ...options, follow: true })
      : Readable.from([await container.logs({ ...options, follow: false })]);
    return { multiplexed: !info.Config.Tty, stream };
  }

  async stats(id: string): Promise<unknown> {
    return this.docker.getContainer(id).stats({ stream: false });
  }

  async bridgeGateway(): Promise<string> {
    return bridgeGatewayOf(await this.docker.getNetwork('bridge').inspect() as Docker.NetworkInspectInfo);
  }

  async listContainers(labels: Record<string, string>): Promise<ContainerSummary[]> {
    const list = await this.docker.listContainers({ all: true, filters: { label: labelFilter(labels) } });
    return list.map((c) => ({ id: c.Id, labels: c.Labels ?? {}, status: c.State }));
  }

  subscribe(labels: Record<string, string>, onEvent: (event: RuntimeEvent) => void, onError: (err: Error) => void): Subscription {
    let closed = false;
    let stream: NodeJS.ReadableStream & { destroy?: () => void } | undefined;
    this.docker.getEvents({ filters: { type: ['container'], label: labelFilter(labels) } }).then((s) => {
      stream = s;
      if (closed) return stream.destroy?.();
      let buf = '';
      s.on('data', (chunk: Buffer) => {
        buf += chunk.toString('utf8');
        for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (line) this.dispatch(line, onEvent);
        }
      });
      s.on('error', (err: Error) => { if (!closed) onError(err); });
      s.on('end', () => { if (!closed) onError(new Error('Docker event stream ended')); });
    }, (err: Error) => { if (!closed) onError(err); });
    return {
      close: () => {
        closed = true;
        stream?.destroy?.();
      },
    };
  }

  private dispatch(line: string, onEvent: (event: RuntimeEvent) => void): void {
    let ev: { Action?: string; Actor?: { ID?: string; Attributes?: Record<string, string> } };
    try {
      ev = JSON.parse(line) as typeof ev;
    } catch {
      return;
    }
    const id = ev.Actor?.ID;
    const action = ev.Action ?? '';
    if (!id) return;
    const labels = ev.Actor?.Attributes ?? {};
    if (action === 'die') onEvent({ kind: 'die', id, labels });
    else if (action === 'destroy') onEvent({ kind: 'destroy', id, labels });
    else if (action.startsWith('health_status')) {
      const health = action.slice(action.indexOf(':') + 1).trim();
      if (health === 'healthy' || health === 'unhealthy' || health === 'starting') onEvent({ kind: 'health', id, labels, health });
    }
  }

  async createNetwork(name: string, labels: Record<string, string>): Promise<void> {
    try {
      await this.docker.getNetwork(name).inspect();
      return;
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
    await this.docker.createNetwork({ Name: name, Driver: 'bridge', CheckDuplicate: true, Labels: labels });
  }

  async removeNetwork(name: string): Promise<void> {
    try {
      await this.docker.getNetwork(name).remove();
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
  }

  async volumeExists(name: string): Promise<boolean> {
    try {
      await this.docker.getVolume(name).inspect();
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw err;
    }
  }

  async createVolume(spec: VolumeSpec): Promise<void> {
    await this.docker.createVolume({
      Name: spec.name,
      Driver: spec.driver ?? 'local',
      DriverOpts: spec.driverOpts ?? {},
      Labels: spec.labels ?? {},
    });
  }

  async removeVolume(name: string): Promise<void> {
    try {
      await this.docker.getVolume(name).remove();
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
  }
}
