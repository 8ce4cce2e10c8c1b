// A SCRIPTED AGENT for testing the server's side of the agent session protocol
// (src/protocol/ecs/messages.ts). It is not the Wharf agent and runs no containers: it
// registers a container instance through the ECS SDK, opens the SigV4-signed WebSocket, and
// answers as a test scripts it (optionally "running" every task it is given at once).
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { ECSClient, RegisterContainerInstanceCommand, type Attribute } from '@aws-sdk/client-ecs';
import WebSocket from 'ws';
import {
  SESSION_PATH, serverMessage, parseFrame, type AgentMessage, type ServerMessage, type TaskSpec, type TaskState,
} from '../../src/protocol/ecs/messages.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface InstanceSpec {
  cluster?: string;
  cpu?: number;
  memory?: number;
  ports?: string[];
  udpPorts?: string[];
  attributes?: Attribute[];
  instanceId?: string;
  instanceType?: string;
  availabilityZone?: string;
  containerInstanceArn?: string;
  /** Register the capabilities the Wharf agent advertises, before `attributes` (default true). */
  capabilities?: boolean;
}

/** The capability attributes the Wharf agent registers (Docker API 1.17-1.41, its logging drivers, ...). */
export const AGENT_CAPABILITIES: Attribute[] = [
  'ecs.capability.container-health-check', 'ecs.capability.container-ordering', 'ecs.capability.task-eni',
  'ecs.capability.task-cpu-mem-limit', 'ecs.capability.env-files.s3', 'com.amazonaws.ecs.capability.ecr-auth',
  'ecs.capability.execution-role-ecr-pull', 'ecs.capability.execution-role-awslogs', 'com.amazonaws.ecs.capability.privileged-container',
  'com.amazonaws.ecs.capability.task-iam-role',
  ...Array.from({ length: 25 }, (_, i) => `com.amazonaws.ecs.capability.docker-remote-api.1.${17 + i}`),
  ...['json-file', 'none', 'awslogs'].map((d) => `com.amazonaws.ecs.capability.logging-driver.${d}`),
].map((name) => ({ name }));

/** RegisterContainerInstance as an agent calls it; returns the container instance ARN. */
export async function registerInstance(ecs: ECSClient, spec: InstanceSpec = {}): Promise<string> {
  const doc = {
    instanceId: spec.instanceId ?? `i-${Math.random().toString(16).slice(2, 19).padEnd(17, '0')}`,
    instanceType: spec.instanceType ?? 'wharf.local',
    availabilityZone: spec.availabilityZone ?? 'us-east-1a',
    region: 'us-east-1',
  };
  const { containerInstance } = await ecs.send(new RegisterContainerInstanceCommand({
    cluster: spec.cluster,
    instanceIdentityDocument: JSON.stringify(doc),
    totalResources: [
      { name: 'CPU', type: 'INTEGER', integerValue: spec.cpu ?? 2048 },
      { name: 'MEMORY', type: 'INTEGER', integerValue: spec.memory ?? 4096 },
      { name: 'PORTS', type: 'STRINGSET', stringSetValue: spec.ports ?? ['22', '2375', '2376', '51678', '51679'] },
      { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: spec.udpPorts ?? [] },
    ],
    versionInfo: { agentVersion: '1.0.0', agentHash: 'scripted', dockerVersion: 'DockerVersion: 25.0.0' },
    attributes: [...(spec.capabilities === false ? [] : AGENT_CAPABILITIES), ...(spec.attributes ?? [])],
    containerInstanceArn: spec.containerInstanceArn,
  }));
  if (!containerInstance?.containerInstanceArn) throw new Error('registration answered no ARN');
  return containerInstance.containerInstanceArn;
}

export interface ConnectOptions {
  endpoint: string;
  credentials: Credentials;
  cluster: string;
  containerInstanceArn: string;
  /** Send a heartbeat every welcome period (default true). */
  heartbeats?: boolean;
  /** Acknowledge every `tasks` message (default true). */
  ackTasks?: boolean;
  /** Report every task it is given as RUNNING (desired RUNNING) or STOPPED (desired STOPPED) (default false). */
  autoRun?: boolean;
  /** Tasks to report in hello (default none). */
  helloTasks?: TaskState[];
  /** Send hello right after welcome (default true). */
  hello?: boolean;
}

/** The signed headers of the upgrade request, as the agent signs it (service ecs, empty payload). */
export async function signedUpgrade(endpoint: string, credentials: Credentials, query: Record<string, string>): Promise<{ url: string; headers: Record<string, string> }> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'ecs', sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign({
    method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: SESSION_PATH, query, headers: { host: url.host },
  });
  const qs = new URLSearchParams(query).toString();
  return { url: `ws://${url.host}${SESSION_PATH}?${qs}`, headers: signed.headers as Record<string, string> };
}

export interface Refusal {
  status: number;
  body: { __type?: string; message?: string };
}

/** Tries an upgrade that should be refused; resolves with the HTTP answer. */
export function expectRefusal(url: string, headers: Record<string, string>): Promise<Refusal> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      reject(new Error('the upgrade was accepted'));
    });
    ws.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Refusal['body']) : {} }));
    });
    ws.on('error', () => undefined);
  });
}

export class ScriptedAgent {
  readonly received: ServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  heartbeatIntervalMs = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly waiters: { pred: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
  private readonly reported = new Map<string, string>();
  private seq = 0;

  private constructor(private readonly ws: WebSocket, private readonly opts: ConnectOptions) {
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => {
      if (this.heartbeat) clearInterval(this.heartbeat);
      resolve({ code, reason: reason.toString('utf8') });
    }));
    ws.on('message', (data) => this.onFrame(String(data)));
  }

  static async connect(opts: ConnectOptions): Promise<ScriptedAgent> {
    const { url, headers } = await signedUpgrade(opts.endpoint, opts.credentials, { cluster: opts.cluster, containerInstance: opts.containerInstanceArn });
    const ws = new WebSocket(url, { headers });
    const agent = new ScriptedAgent(ws, opts);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await agent.next((m) => m.type === 'welcome');
    return agent;
  }

  private onFrame(text: string): void {
    const msg = parseFrame(serverMessage, text);
    if (!msg) throw new Error(`unreadable server frame: ${text}`);
    this.received.push(msg);
    if (msg.type === 'welcome') this.onWelcome(msg.heartbeatIntervalMs);
    if (msg.type === 'tasks') {
      if (this.opts.ackTasks !== false) this.send({ type: 'ack', id: msg.id });
      if (this.opts.autoRun) for (const t of msg.tasks) this.autoReport(t);
    }
    for (const w of this.waiters.splice(0)) {
      if (w.pred(msg)) w.resolve(msg);
      else this.waiters.push(w);
    }
  }

  private onWelcome(period: number): void {
    this.heartbeatIntervalMs = period;
    if (this.opts.heartbeats !== false) this.startHeartbeats();
    if (this.opts.hello !== false) this.send({ type: 'hello', id: this.nextId(), agentVersion: '1.0.0', tasks: this.opts.helloTasks ?? [] });
  }

  startHeartbeats(): void {
    this.heartbeat ??= setInterval(() => this.send({ type: 'heartbeat' }), this.heartbeatIntervalMs);
  }

  stopHeartbeats(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private autoReport(t: TaskSpec): void {
    const status: 'STOPPED' | 'RUNNING' = t.desiredStatus === 'STOPPED' ? 'STOPPED' : 'RUNNING';
    if (this.reported.get(t.taskArn) === status) return;
    this.reported.set(t.taskArn, status);
    const containers = ((t.taskDefinition.containerDefinitions ?? []) as { name: string }[]).map((c) => ({
      name: c.name, status, runtimeId: `docker-${c.name}`, networkBindings: [], ...(status === 'STOPPED' ? { exitCode: 0 } : {}),
    }));
    this.report({ taskArn: t.taskArn, status, containers }).catch(() => undefined);
  }

  nextId(): string {
    return `agent-${++this.seq}`;
  }

  send(msg: AgentMessage | Record<string, unknown>): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  /** Sends a taskState and resolves when the server acknowledges it. */
  async report(task: TaskState): Promise<void> {
    const id = this.nextId();
    const acked = this.next((m) => m.type === 'ack' && m.id === id);
    this.send({ type: 'taskState', id, task });
    await acked;
  }

  /** The next message (already received ones included, from `from`) matching `pred`. */
  next(pred: (m: ServerMessage) => boolean, timeoutMs = 5000, from = 0): Promise<ServerMessage> {
    const seen = this.received.slice(from).find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a server message')), timeoutMs);
      timer.unref();
      this.waiters.push({ pred, resolve: (m) => {
        clearTimeout(timer);
        resolve(m);
      } });
    });
  }

  /** The next `tasks` message received after this call. */
  nextTasks(timeoutMs = 5000): Promise<Extract<ServerMessage, { type: 'tasks' }>> {
    return this.next((m) => m.type === 'tasks', timeoutMs, this.received.length) as Promise<Extract<ServerMessage, { type: 'tasks' }>>;
  }

  /** The latest `tasks` message, waiting for the first one. */
  async latestTasks(): Promise<Extract<ServerMessage, { type: 'tasks' }>> {
    await this.next((m) => m.type === 'tasks');
    return this.received.filter((m) => m.type === 'tasks').at(-1) as Extract<ServerMessage, { type: 'tasks' }>;
  }

  close(): Promise<{ code: number; reason: string }> {
    this.stopHeartbeats();
    this.ws.close();
    return this.closed;
  }
}

/** Registers an instance and connects a scripted agent for it. */
export async function startScriptedAgent(
  ecs: ECSClient,
  server: { url: string; clientConfig: { credentials: Credentials } },
  spec: InstanceSpec & Omit<ConnectOptions, 'endpoint' | 'credentials' | 'cluster' | 'containerInstanceArn'> = {},
): Promise<{ arn: string; agent: ScriptedAgent }> {
  const arn = await registerInstance(ecs, spec);
  const agent = await ScriptedAgent.connect({
    ...spec, endpoint: server.url, credentials: server.clientConfig.credentials, cluster: spec.cluster ?? 'default', containerInstanceArn: arn,
  });
  return { arn, agent };
}
