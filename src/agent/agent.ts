// `startAgent`: what `wharf agent`, `wharf up` and end-to-end tests call. Resolves the
// configuration, registers the container instance (same ARN after a restart), adopts what Docker
// runs, and keeps the session with the server. close() leaves every container running.
// Each step is a function of startup.ts (registerHost: register.ts); this file is their order.
import type { AwsCredentialIdentity } from '@smithy/types';
import pino, { type Logger } from 'pino';
import { randomIds, systemClock, type Clock, type Ids } from '../util/clock.js';
import { realTimers, type Timers } from '../util/timers.js';
import type { AgentConfig } from './config.js';
import { combineHooks, type EngineHooks } from './engine/context.js';
import type { Engine } from './engine/engine.js';
import { registerHost } from './register.js';
import { DockerRuntime } from './runtime/dockerRuntime.js';
import type { ContainerRuntime } from './runtime/types.js';
import type { Session, SessionOptions } from './session.js';
import { StateFile } from './stateFile.js';
import {
  awsClients, loadConfig, openSession, startEngine, startLogShipper, startMetadata, waitForFirstSession,
} from './startup.js';

export { forgetPreviousInstance } from './register.js';
export { AWSLOGS_STATE_FILE } from './startup.js';

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
  /** What the engine's waits, the session's heartbeats and reconnects, and the first-session wait run on (default real time). */
  timers?: Timers;
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

/** How long startAgent waits for its first session before returning anyway. */
const FIRST_SESSION_WAIT_MS = 10_000;

export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const log = (options.logger ?? pino({ level: 'info' })).child({ component: 'agent' });
  const config = await loadConfig(options, options.env ?? process.env, log);
  const state = await StateFile.load(config.dataDir);
  const runtime = options.runtime ?? new DockerRuntime();
  const aws = awsClients(config, options.credentials);
  const registration = await registerHost({ config, state, runtime, ecs: aws.ecs, ids, log });

  const logShipping = startLogShipper({ runtime, logs: aws.logs, dataDir: config.dataDir, clock, log });
  // The metadata endpoint answers from the engine, which starts after it (it needs the endpoint's URL).
  const tasks: { engine?: Engine } = {};
  const metadata = await startMetadata({
    runtime, state, lookup: (token) => tasks.engine?.metadataFor(token), log,
    ...(options.metadataPort !== undefined ? { port: options.metadataPort } : {}),
  });
  const closeSidecars = async () => {
    await logShipping.shipper.close();
    await metadata?.close();
  };
  const hooks = combineHooks(logShipping.hooks, ...(options.hooks ? [options.hooks] : []));
  const running = await startEngine({
    config, runtime, state, containerInstanceArn: registration.containerInstanceArn, ecr: aws.ecr,
    clock, timers: options.timers, ids, log, hooks, metadataBaseUrl: metadata?.baseUrl,
  }).catch(async (err: unknown) => {
    await closeSidecars();
    aws.destroy();
    throw err;
  });
  tasks.engine = running;

  let end: (reason: string) => void = () => undefined;
  const ended = new Promise<string>((resolve) => { end = resolve; });
  let closing: Promise<void> | undefined;
  const close = () => closing ??= (async () => {
    await session.close();
    await running.close();
    await closeSidecars();
    aws.destroy();
  })();
  const { session, welcomed } = openSession({
    config, registration, ecs: aws.ecs, credentials: options.credentials, engine: running, log, ids, timers: options.timers, session: options.session,
    onDeregistered: (reason) => { void close().catch((err: unknown) => log.error({ err }, 'error while stopping')).then(() => end(reason)); },
  });
  await waitForFirstSession({ welcomed, ended, waitMs: FIRST_SESSION_WAIT_MS, timers: options.timers ?? realTimers, log });

  return {
    config,
    containerInstanceArn: registration.containerInstanceArn,
    clusterArn: registration.clusterArn,
    instanceId: registration.instanceId,
    engine: running,
    session,
    ...(metadata ? { metadataBaseUrl: metadata.baseUrl } : {}),
    ended,
    close,
  };
}
