// The steps of `startAgent` (agent.ts), one function each, in the order it calls them: resolve the
// configuration, register the host (register.ts), start the log shipper and the metadata endpoint, start the
// engine, open the session, wait for the first session.
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import type { AwsCredentialIdentity } from '@smithy/types';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Clock, Ids } from '../util/clock.js';
import type { Timer, Timers } from '../util/timers.js';
import type { AgentOptions } from './agent.js';
import { awslogsHooks } from './awslogs.js';
import { resolveConfig, type AgentConfig, type ConfigInput } from './config.js';
import type { EngineHooks } from './engine/context.js';
import { Engine } from './engine/engine.js';
import { LogShipper } from './logs/index.js';
import type { MetadataServer, MetadataServerOptions } from './metadata/index.js';
import { startMetadataEndpoint } from './metadataEndpoint.js';
import { AGENT_VERSION, type RegisteredHost } from './register.js';
import { decodeAuthorizationToken, type TokenSource } from './runtime/imageAuth.js';
import type { ContainerRuntime } from './runtime/types.js';
import { Session } from './session.js';
import type { StateFile } from './stateFile.js';

const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
/** A stopping task waits at most this long for its containers' last log lines to be delivered. */
const LOG_DETACH_TIMEOUT_MS = 5000;
export const AWSLOGS_STATE_FILE = 'awslogs-state.json';

/** Flags, the ecs.config file, the `settings` given directly and the environment -> AgentConfig. */
export async function loadConfig(options: AgentOptions, env: NodeJS.ProcessEnv, log: Logger): Promise<AgentConfig> {
  const fileText = options.configFile ? await readFile(options.configFile, 'utf8') : undefined;
  const settings = options.settings ? Object.entries(options.settings).map(([k, v]) => `${k}=${v}`).join('\n') : '';
  const input: ConfigInput = {
    flags: {
      endpoint: options.endpoint,
      ...(options.cluster ? { cluster: options.cluster } : {}),
      ...(options.hostIp ? { hostIp: options.hostIp } : {}),
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.region ? { region: options.region } : {}),
    },
    ...(fileText !== undefined || settings ? { file: `${fileText ?? ''}\n${settings}` } : {}),
    env,
    homeDir: homedir(),
  };
  const config = resolveConfig(input);
  if (config.ignoredKeys.length) log.info({ keys: config.ignoredKeys }, 'config keys Wharf does not use');
  return config;
}

export interface AwsClients {
  ecs: ECSClient;
  ecr: ECRClient;
  logs: CloudWatchLogsClient;
  destroy(): void;
}

export function awsClients(config: AgentConfig, credentials: AwsCredentialIdentity | undefined): AwsClients {
  const clientConfig = { endpoint: config.endpoint, region: config.region, ...(credentials ? { credentials } : {}) };
  const ecs = new ECSClient(clientConfig);
  const ecr = new ECRClient(clientConfig);
  const logs = new CloudWatchLogsClient(clientConfig);
  return { ecs, ecr, logs, destroy: () => { ecs.destroy(); ecr.destroy(); logs.destroy(); } };
}

/** The awslogs driver's shipper, reading logs through the runtime, and the engine hooks that feed it. */
export function startLogShipper(o: { runtime: ContainerRuntime; logs: CloudWatchLogsClient; dataDir: string; clock: Clock; log: Logger }): { shipper: LogShipper; hooks: EngineHooks } {
  const shipper = new LogShipper({
    logs: o.logs, containers: o.runtime, clock: o.clock, log: o.log.child({ component: 'awslogs' }),
    stateFile: join(o.dataDir, AWSLOGS_STATE_FILE), detachTimeoutMs: LOG_DETACH_TIMEOUT_MS,
  });
  return { shipper, hooks: awslogsHooks({ shipper, log: o.log }) };
}

/** The task metadata endpoint; undefined (with a warning) when it cannot start. */
export async function startMetadata(o: { runtime: ContainerRuntime; state: StateFile; port?: number; lookup: MetadataServerOptions['lookup']; log: Logger }): Promise<MetadataServer | undefined> {
  return startMetadataEndpoint({
    runtime: o.runtime, state: o.state, lookup: o.lookup, log: o.log.child({ component: 'metadata' }),
    ...(o.port !== undefined ? { port: o.port } : {}),
  }).catch((err: unknown) => {
    o.log.warn({ err }, 'the task metadata endpoint did not start; containers get no ECS_CONTAINER_METADATA_URI_V4');
    return undefined;
  });
}

function ecrTokens(ecr: ECRClient, clock: Clock): TokenSource {
  let cached: { username: string; password: string; expiresAt: number } | undefined;
  return async () => {
    if (cached && cached.expiresAt - TOKEN_REFRESH_MARGIN_MS > clock().getTime()) return cached;
    const out = await ecr.send(new GetAuthorizationTokenCommand({}));
    const data = out.authorizationData?.[0];
    if (!data?.authorizationToken) throw new Error('GetAuthorizationToken answered without a token');
    cached = { ...decodeAuthorizationToken(data.authorizationToken), expiresAt: data.expiresAt?.getTime() ?? clock().getTime() + 3600_000 };
    return cached;
  };
}

/** The engine with the configuration's settings; it adopts what Docker runs before resolving. */
export function startEngine(o: {
  config: AgentConfig; runtime: ContainerRuntime; state: StateFile; containerInstanceArn: string; ecr: ECRClient;
  clock: Clock; timers: Timers | undefined; ids: Ids; log: Logger; hooks: EngineHooks; metadataBaseUrl?: string | undefined;
}): Promise<Engine> {
  const { config } = o;
  return Engine.start({
    runtime: o.runtime,
    instanceArn: o.containerInstanceArn,
    hostIp: config.hostIp,
    state: o.state,
    stopTimeoutMs: config.containerStopTimeoutMs,
    cleanupWaitMs: config.taskCleanupWaitMs,
    disablePrivileged: config.disablePrivileged,
    imagePullBehavior: config.imagePullBehavior,
    imageAuth: {
      wharfRegistryHost: new URL(config.endpoint).host,
      engineAuth: config.engineAuth,
      ecrToken: ecrTokens(o.ecr, o.clock),
    },
    clock: o.clock,
    ...(o.timers ? { timers: o.timers } : {}),
    ids: o.ids,
    logger: o.log,
    hooks: o.hooks,
    ...(o.metadataBaseUrl ? { metadataBaseUrl: o.metadataBaseUrl } : {}),
    availabilityZone: config.availabilityZone,
  });
}

/** The session with the server, feeding the engine and fed by it; `welcomed` resolves at the first welcome. */
export function openSession(o: {
  config: AgentConfig; registration: RegisteredHost; ecs: ECSClient; credentials: AwsCredentialIdentity | undefined; engine: Engine;
  log: Logger; ids: Ids; timers: Timers | undefined; session: AgentOptions['session']; onDeregistered(reason: string): void;
}): { session: Session; welcomed: Promise<void> } {
  const { config, registration, engine, log } = o;
  let firstWelcome: () => void = () => undefined;
  const welcomed = new Promise<void>((resolve) => { firstWelcome = resolve; });
  const session = new Session({
    endpoint: config.endpoint,
    clusterArn: registration.clusterArn,
    containerInstanceArn: registration.containerInstanceArn,
    region: config.region,
    credentials: o.credentials ?? o.ecs.config.credentials,
    agentVersion: AGENT_VERSION,
    handler: { hello: () => engine.snapshot(), tasks: (specs, afterHello) => engine.apply(specs, { complete: afterHello }) },
    logger: log,
    ids: o.ids,
    ...(o.timers ? { timers: o.timers } : {}),
    ...o.session,
    onConnection: (up) => {
      if (up) firstWelcome();
      o.session?.onConnection?.(up);
    },
    // As ECS's agent exits once its instance is deregistered: stop (containers keep running).
    onDeregistered: (message) => {
      const reason = `the container instance ${registration.containerInstanceArn} is no longer registered (${message}); stopping`;
      log.error({ containerInstanceArn: registration.containerInstanceArn }, reason);
      o.onDeregistered(reason);
    },
  });
  engine.onTaskState((s) => session.report(s));
  session.start();
  return { session, welcomed };
}

/**
 * Started means placeable: the server sends welcome once it has marked the instance agentConnected,
 * so RunTask right after startAgent (or `wharf up`'s banner) does not fail with AGENT. Bounded:
 * an unreachable server only delays the start, and the session keeps retrying.
 */
export async function waitForFirstSession(o: { welcomed: Promise<void>; ended: Promise<string>; waitMs: number; timers: Timers; log: Logger }): Promise<void> {
  let timer: Timer | undefined;
  const gaveUp = new Promise<boolean>((resolve) => { timer = o.timers.after(o.waitMs, () => resolve(false)); });
  if (!await Promise.race([o.welcomed.then(() => true), o.ended.then(() => true), gaveUp])) o.log.warn({ waitedMs: o.waitMs }, 'no session with the server yet; still trying');
  timer?.cancel();
}
