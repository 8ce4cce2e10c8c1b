// The ContainerRuntime port: everything the engine asks of a container engine, small enough to
// fake in a unit test (Nomad's driver plugin interface). dockerRuntime.ts implements it. Besides the
// engine, the log shipper (logs) and the metadata endpoint (stats, bridgeGateway) use it, each
// through a smaller interface of its own that this one satisfies.
import type { ContainerCreateOptions } from 'dockerode';

export type CreateOptions = ContainerCreateOptions & { name: string };

export interface PullAuth {
  username: string;
  password: string;
  serveraddress: string;
  email?: string;
}

export interface PortBinding {
  containerPort: number;
  protocol: 'tcp' | 'udp';
  hostIp: string;
  hostPort: number;
}

export type DockerHealth = 'starting' | 'healthy' | 'unhealthy';

/** What `docker inspect` says about a container, reduced to what the engine uses. */
export interface RuntimeContainer {
  id: string;
  name: string;
  labels: Record<string, string>;
  /** Docker's State.Status: created, running, paused, restarting, removing, exited, dead. */
  status: string;
  running: boolean;
  exitCode?: number;
  oomKilled: boolean;
  error?: string;
  /** epoch ms; undefined when never started. */
  startedAt?: number;
  finishedAt?: number;
  health?: DockerHealth;
  ports: PortBinding[];
  /** network name -> IPv4 address */
  networks: Record<string, string>;
  imageId: string;
}

export interface ContainerSummary {
  id: string;
  labels: Record<string, string>;
  status: string;
}

export type RuntimeEvent =
  | { kind: 'die'; id: string; labels: Record<string, string> }
  | { kind: 'health'; id: string; labels: Record<string, string>; health: DockerHealth }
  | { kind: 'destroy'; id: string; labels: Record<string, string> };

export interface Subscription {
  close(): void;
}

export interface VolumeSpec {
  name: string;
  driver?: string;
  driverOpts?: Record<string, string>;
  labels?: Record<string, string>;
}

export interface LogsOptions {
  /** Only entries at or after this (Docker's "<seconds>.<nanoseconds>"); from the beginning when absent. */
  since?: string | undefined;
  /** Keep the stream open until the container stops, as `docker logs --follow`. */
  follow: boolean;
  /** Docker's RFC 3339 nanosecond time, and a space, before each entry. */
  timestamps: boolean;
  signal?: AbortSignal | undefined;
}

export interface LogStream {
  /** In Docker's 8-byte stream framing (stdout and stderr told apart): the container has no TTY. */
  multiplexed: boolean;
  stream: NodeJS.ReadableStream;
}

export interface ContainerRuntime {
  version(): Promise<{ version: string; apiVersion: string }>;
  /** The CPUs and memory of the machine Docker runs on. */
  hostResources(): Promise<{ cpus: number; memoryBytes: number }>;
  imageExists(ref: string): Promise<boolean>;
  /** Pulls an image; rejects with Docker's message when it cannot. */
  pullImage(ref: string, auth?: PullAuth): Promise<void>;
  /** `sha256:...` of the image as its registry knows it, when Docker has one. */
  imageDigest(ref: string): Promise<string | undefined>;
  /** Creates a container and returns its id; a container of the same name is returned as is. */
  createContainer(options: CreateOptions): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** SIGTERM, then SIGKILL after `timeoutSeconds`; a stopped or missing container is fine. */
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  /** Removes a container (and its anonymous volumes); a missing one is fine. */
  removeContainer(id: string): Promise<void>;
  /** undefined when the container does not exist. */
  inspectContainer(id: string): Promise<RuntimeContainer | undefined>;
  /** A container's stdout and stderr as `docker logs` gives them; rejects when there is no such container. */
  logs(id: string, opts: LogsOptions): Promise<LogStream>;
  /** One sample of Docker's stats JSON for a container (`docker stats --no-stream`). */
  stats(id: string): Promise<unknown>;
  /**
   * The gateway address of Docker's default `bridge` network (docker0, usually 172.17.0.1): an
   * address of the host that containers in every network mode but `none` can reach.
   */
  bridgeGateway(): Promise<string>;
  /** Every container (running or not) carrying all these labels. */
  listContainers(labels: Record<string, string>): Promise<ContainerSummary[]>;
  /** Container events of containers carrying all these labels, until closed. */
  subscribe(labels: Record<string, string>, onEvent: (event: RuntimeEvent) => void, onError: (err: Error) => void): Subscription;
  /** Creates a bridge network if it does not exist. */
  createNetwork(name: string, labels: Record<string, string>): Promise<void>;
  removeNetwork(name: string): Promise<void>;
  volumeExists(name: string): Promise<boolean>;
  createVolume(spec: VolumeSpec): Promise<void>;
  removeVolume(name: string): Promise<void>;
}
