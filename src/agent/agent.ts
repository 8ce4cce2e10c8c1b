// `startAgent`: what `wharf agent`, `wharf up` and end-to-end tests call. Resolves the
// configuration, registers the container instance (same ARN after a restart), adopts what Docker
// runs, and keeps the session with the server. close() leaves every container running.
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import type { AwsCredentialIdentity } from '@smithy/types';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { randomIds, systemClock, type Clock, type Ids } from '../util/clock.js';
import { awslogsHooks } from './awslogs.js';
import { resolveConfig, type AgentConfig, type ConfigInput } from './config.js';
import { combineHooks, type EngineHooks } from './engine/context.js';
import { Engine } from './engine/engine.js';
import { LogShipper } from './logs/index.js';
import type { MetadataServer } from './metadata/index.js';
import { startMetadataEndpoint } from './metadataEndpoint.js';
import { AGENT_VERSION, instanceIdPrefix, registerInstance, registrationRequest } from './register.js';
import { DockerRuntime } from './runtime/dockerRuntime.js';
import { decodeAuthorizationToken, type TokenSource } from './runtime/imageAuth.js';
import type { ContainerRuntime } from './runtime/types.js';
import { Session, type SessionOptions } from './session.js';
import { StateFile, type AgentStateData } from './stateFile.js';

export interface AgentOptions {
  endpoint: string;
  cluster?: string;
  hostIp?: string;
  /** An ecs.config file (KEY=VALUE lines). */
  configFile?: string;
  /** ecs.config keys given directly, over the file's (e.g. `{ ECS_RESERVED_MEMORY: '256' }`). */
  settings?: Record<string, string>;
  /** Where the agent keeps its state (default ECS_DATADIR, else ~/.wharf-agent/<host ip>). */
  dataDir?: string;
  region?: string;
  /** Default: found where the AWS SDKs look (environment, shared credentials file). */
  credentials?: AwsCredentialIdentity;
  /** Environment read for ECS_* keys and the region (default process.env). */
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Default: the local Docker Engine. */
  runtime?: ContainerRuntime;
  hooks?: EngineHooks;
  /** The task metadata endpoint's port (default: the previous agent's, else any free port). */
  metadataPort?: number;
  clock?: Clock;
  ids?: Ids;
  session?: Pick<SessionOptions, 'backoff' | 'resendIntervalMs' | 'onConnection'>;
}

export interface RunningAgent {
  config: AgentConfig;
  containerInstanceArn: string;
  clusterArn: string;
  instanceId: string;
  engine: Engine;
  session: Session;
  /** The task metadata endpoint (`http://<bridge gateway>:<port>`), when it could start. */
  metadataBaseUrl?: string;
  /**
   * Resolves, with why, if the agent stops by itself: the server refused its session because the
   * container instance was deregistered. The agent is closed by then; containers keep running.
   */
  ended: Promise<string>;
  /** Stops the agent; containers keep running. */
  close(): Promise<void>;
}

/**
 * After registering under another ARN than the saved one (a forced deregistration, another
 * cluster, ECS_EXTERNAL switched): the saved tasks were the old instance's. Forgets them, as ECS's
 * agent does, leaving their containers running (orphaned, under the old instance label), instead of
 * reporting them to the new instance as vanished. Answers the task ARNs forgotten.
 */
export function forgetPreviousInstance(data: AgentStateData, containerInstanceArn: string): string[] {
  if (!data.containerInstanceArn || data.containerInstanceArn === containerInstanceArn) return [];
  const orphaned = Object.keys(data.tasks);
  data.tasks = {};
  return orphaned;
}

const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
/** How long startAgent waits for its first session before returning anyway. */
const FIRST_SESSION_WAIT_MS = 10_000;
/** A stopping task waits at most this long for its containers' last log lines to be delivered. */
const LOG_DETACH_TIMEOUT_MS = 5000;
export const AWSLOGS_STATE_FILE = 'awslogs-state.json';

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

export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const log = (options.logger ?? pino({ level: 'info' })).child({ component: 'agent' });
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

  const state = await StateFile.load(config.dataDir);
  // ECS_EXTERNAL switches the id's kind (`i-` <-> `mi-`): that is another instance, registered anew.
  const prefix = instanceIdPrefix(config);
  const sameKind = state.data.instanceId?.startsWith(prefix) === true;
  const instanceId = sameKind && state.data.instanceId ? state.data.instanceId : `${prefix}${ids.hex(9).slice(0, 17)}`;
  const runtime = options.runtime ?? new DockerRuntime();
  const [version, resources] = await Promise.all([runtime.version(), runtime.hostResources()]);

  const clientConfig = {
    endpoint: config.endpoint,
    region: config.region,
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
  const ecs = new ECSClient(clientConfig);
  const ecr = new ECRClient(clientConfig);
  const logs = new CloudWatchLogsClient(clientConfig);
  const savedArn = state.data.cluster === config.cluster && sameKind ? state.data.containerInstanceArn : undefined;
  const registration = await registerInstance(ecs, registrationRequest(config, {
    cpus: resources.cpus, memoryBytes: resources.memoryBytes, arch: process.arch,
    dockerVersion: version.version, dockerApiVersion: version.apiVersion,
  }, instanceId, savedArn));
  const previousArn = state.data.containerInstanceArn;
  const orphaned = forgetPreviousInstance(state.data, registration.containerInstanceArn);
  if (orphaned.length > 0) {
    log.warn({ previousArn, containerInstanceArn: registration.containerInstanceArn, tasks: orphaned },
      'registered as a new container instance: the previous instance\'s tasks are forgotten and their containers left running, orphaned');
  }
  Object.assign(state.data, { instanceId, containerInstanceArn: registration.containerInstanceArn, cluster: config.cluster });
  await state.save();
  log.info({ containerInstanceArn: registration.containerInstanceArn, instanceId }, 'registered');

  // Log shipping and the metadata endpoint read Docker directly (a fake runtime gets neither).
  const docker = runtime instanceof DockerRuntime ? runtime.docker : undefined;
  const shipper = docker ? new LogShipper({
    logs, clock, log: log.child({ component: 'awslogs' }), stateFile: join(config.dataDir, AWSLOGS_STATE_FILE), detachTimeoutMs: LOG_DETACH_TIMEOUT_MS,
  }) : undefined;
  let engine: Engine | undefined;
  let metadata: MetadataServer | undefined;
  if (docker) {
    metadata = await startMetadataEndpoint({
      docker, state, lookup: (token) => engine?.metadataFor(token), log: log.child({ component: 'metadata' }),
      ...(options.metadataPort !== undefined ? { port: options.metadataPort } : {}),
    }).catch((err: unknown) => {
      log.warn({ err }, 'the task metadata endpoint did not start; containers get no ECS_CONTAINER_METADATA_URI_V4');
      return undefined;
    });
  }
  const hooks = combineHooks(...(shipper && docker ? [awslogsHooks({ shipper, docker, log })] : []), ...(options.hooks ? [options.hooks] : []));

  try {
    engine = await Engine.start({
      runtime,
      instanceArn: registration.containerInstanceArn,
      hostIp: config.hostIp,
      state,
      stopTimeoutMs: config.containerStopTimeoutMs,
      cleanupWaitMs: config.taskCleanupWaitMs,
      disablePrivileged: config.disablePrivileged,
      imagePullBehavior: config.imagePullBehavior,
      imageAuth: {
        wharfRegistryHost: new URL(config.endpoint).host,
        engineAuth: config.engineAuth,
        ecrToken: ecrTokens(ecr, clock),
      },
      clock,
      ids,
      logger: log,
      hooks,
      ...(metadata ? { metadataBaseUrl: metadata.baseUrl } : {}),
      availabilityZone: config.availabilityZone,
    });
  } catch (err) {
    await shipper?.close();
    await metadata?.close();
    logs.destroy();
    throw err;
  }
  const running = engine;

  let firstWelcome: () => void = () => undefined;
  const welcomed = new Promise<void>((resolve) => { firstWelcome = resolve; });
  let end: (reason: string) => void = () => undefined;
  const ended = new Promise<string>((resolve) => { end = resolve; });
  let closing: Promise<void> | undefined;
  const close = () => closing ??= (async () => {
    await session.close();
    await running.close();
    await shipper?.close();
    await metadata?.close();
    ecs.destroy();
    ecr.destroy();
    logs.destroy();
  })();
  const session: Session = new Session({
    endpoint: config.endpoint,
    clusterArn: registration.clusterArn,
    containerInstanceArn: registration.containerInstanceArn,
    region: config.region,
    credentials: options.credentials ?? ecs.config.credentials,
    agentVersion: AGENT_VERSION,
    handler: { hello: () => running.snapshot(), tasks: (specs, afterHello) => running.apply(specs, { complete: afterHello }) },
    logger: log,
    ids,
    ...options.session,
    onConnection: (up) => {
      if (up) firstWelcome();
      options.session?.onConnection?.(up);
    },
    // As ECS's agent exits once its instance is deregistered: stop (containers keep running).
    onDeregistered: (message) => {
      const reason = `the container instance ${registration.containerInstanceArn} is no longer registered (${message}); stopping`;
      log.error({ containerInstanceArn: registration.containerInstanceArn }, reason);
      void close().catch((err: unknown) => log.error({ err }, 'error while stopping')).then(() => end(reason));
    },
  });
  running.onTaskState((s) => session.report(s));
  session.start();
  // Started means placeable: the server sends welcome once it has marked the instance agentConnected,
  // so RunTask right after startAgent (or `wharf up`'s banner) does not fail with AGENT. Bounded:
  // an unreachable server only delays the start, and the session keeps retrying.
  let waited: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<boolean>((resolve) => { waited = setTimeout(() => resolve(false), FIRST_SESSION_WAIT_MS); });
  if (!await Promise.race([welcomed.then(() => true), ended.then(() => true), gaveUp])) log.warn({ waitedMs: FIRST_SESSION_WAIT_MS }, 'no session with the server yet; still trying');
  clearTimeout(waited);

  return {
    config,
    containerInstanceArn: registration.containerInstanceArn,
    clusterArn: registration.clusterArn,
    instanceId,
    engine: running,
    session,
    ...(metadata ? { metadataBaseUrl: metadata.baseUrl } : {}),
    ended,
    close,
  };
}
