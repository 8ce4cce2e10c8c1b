// Starts the control plane: opens the store, makes sure the administrator's key exists, and
// listens with the front door. Returns what `wharf up` prints and a way to stop cleanly.
import type { Logger } from 'pino';
import { ecrService } from '../api/ecr/index.js';
import { CONTAINER_INSTANCES } from '../api/ecs/containerInstance/repo.js';
import { ecs } from '../api/ecs/index.js';
import { elbv2Service } from '../api/elbv2/index.js';
import { iam } from '../api/iam/index.js';
import { ensureRootKey, type AccessKey } from '../identity/accessKeys.js';
import { IAM_GROUPS, IAM_POLICIES, IAM_ROLES, IAM_USERS } from '../identity/iam/model.js';
import { logs } from '../api/logs/index.js';
import { organizations } from '../api/organizations/index.js';
import { sts } from '../api/sts/index.js';
import type { Services } from '../protocol/context.js';
import { buildFrontDoor, type FrontDoor } from '../protocol/server.js';
import { openRegistry, type Registry } from '../registry/index.js';
import { createRegistryJobs, type RegistryJobs, type RegistryJobsOptions } from '../registry/jobs/index.js';
import { createAgentSessions, type AgentSessions, type AgentSessionsOptions } from '../control/session/index.js';
import { startLiveness, type Liveness } from '../control/liveness.js';
import { startServiceController, type ServiceController } from '../control/service/index.js';
import { startSweeper, type Sweeper, type SweeperOptions } from '../control/sweeper.js';
import { startLoadBalancers, type LoadBalancers } from '../lb/index.js';
import { SqliteStore } from '../state/sqlite.js';
import type { Store } from '../state/store.js';
import { createChangeFeed } from '../util/changes.js';
import { randomIds, systemClock, type Clock, type Ids } from '../util/clock.js';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  accountId: string;
  region: string;
  rootKey?: { accessKeyId?: string | undefined; secretAccessKey?: string | undefined };
  logger: Logger;
  clock?: Clock;
  ids?: Ids;
  /** Encrypt registry blobs at rest (default true). */
  registryEncryption?: boolean;
  /** Lifecycle runner and scan worker timing (and timers, for tests). */
  registryJobs?: RegistryJobsOptions;
  /** Agent sessions: heartbeat period (and timers, for tests). */
  agentSessions?: Pick<AgentSessionsOptions, 'heartbeatIntervalMs' | 'timers'>;
  /** How long STOPPED tasks stay describable, and how often the sweep runs. */
  taskSweep?: Pick<SweeperOptions, 'retentionMs' | 'intervalMs' | 'timers'>;
  /** How long an agent may stay disconnected before its host's tasks are stopped (default 10 s). */
  lostAgentGraceMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  rootKey: AccessKey;
  services: Services;
  app: FrontDoor;
  registry: Registry;
  jobs: RegistryJobs;
  sessions: AgentSessions;
  sweeper: Sweeper;
  /** The load balancer data plane (listeners, proxies, health checks, draining). */
  loadBalancers: LoadBalancers;
  liveness: Liveness;
  serviceController: ServiceController;
  close(): Promise<void>;
}

export function configFromEnv(env: NodeJS.ProcessEnv): Omit<ServerConfig, 'logger' | 'port' | 'host' | 'dataDir'> & { port: number; dataDir: string } {
  return {
    port: env.WHARF_PORT ? Number(env.WHARF_PORT) : 5050,
    dataDir: env.WHARF_DATA_DIR ?? './.wharf',
    accountId: env.WHARF_ACCOUNT_ID ?? '000000000000',
    region: env.WHARF_REGION ?? 'us-east-1',
    rootKey: { accessKeyId: env.WHARF_ROOT_ACCESS_KEY_ID, secretAccessKey: env.WHARF_ROOT_SECRET_ACCESS_KEY },
    // Only `off` turns blob encryption at rest off (new blobs; existing files say for themselves).
    ...(env.WHARF_REGISTRY_ENCRYPTION === 'off' ? { registryEncryption: false } : {}),
    ...(graceSeconds(env.WHARF_LOST_AGENT_GRACE_SECONDS) ?? {}),
  };
}

/** WHARF_LOST_AGENT_GRACE_SECONDS, when it is a number of seconds (0 or more). */
function graceSeconds(value: string | undefined): { lostAgentGraceMs: number } | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? { lostAgentGraceMs: seconds * 1000 } : undefined;
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const clock = config.clock ?? systemClock;
  const ids = config.ids ?? randomIds;
  // Container instances are read by every placement, and IAM's users, groups, roles and managed
  // policies by every authorized request: held in memory, in step with the Store.
  const store: Store = SqliteStore.open(config.dataDir, { cachedKinds: [CONTAINER_INSTANCES, IAM_USERS, IAM_GROUPS, IAM_ROLES, IAM_POLICIES] });
  try {
    const rootKey = await ensureRootKey({ store, ids, accountId: config.accountId, now: clock(), fromEnv: config.rootKey });
    const services: Services = {
      store, clock, ids, account: { accountId: config.accountId, region: config.region }, changes: createChangeFeed(),
    };
    const registry = await openRegistry({
      store, clock, ids, accountId: config.accountId, region: config.region, dataDir: config.dataDir, encryption: config.registryEncryption, log: config.logger,
    });
    let url = `http://${config.host}:${config.port}`;
    const jobs = createRegistryJobs(registry.deps, config.dataDir, config.registryJobs);
    const ecr = ecrService({
      registryHost: () => new URL(url).host, uploads: registry.uploads, registry: registry.deps, scans: jobs.scans,
    });
    const sessions = createAgentSessions({ services, log: config.logger, ...config.agentSessions });
    await sessions.start();
    const loadBalancers = startLoadBalancers({ services, host: config.host, log: config.logger.child({ component: 'lb' }) });
    const elbv2 = elbv2Service({ dataPlane: () => loadBalancers.dataPlane });
    const app = await buildFrontDoor({
      services, json: [ecs, ecr, logs, organizations], query: [sts, elbv2, iam], logger: config.logger, plugins: [registry.plugin], upgrade: sessions.handleUpgrade,
    });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    url = `http://${config.host}:${port}`;
    jobs.start();
    const sweeper = startSweeper({ services, log: config.logger, ...config.taskSweep });
    const liveness = startLiveness({ services, log: config.logger, graceMs: config.lostAgentGraceMs });
    const serviceController = startServiceController({ services, log: config.logger, dataPlane: () => loadBalancers.dataPlane });
    return {
      url,
      port,
      rootKey,
      services,
      app,
      registry,
      jobs,
      sessions,
      sweeper,
      loadBalancers,
      liveness,
      serviceController,
      close: async () => {
        await serviceController.close();
        await liveness.close();
        await sweeper.close();
        await loadBalancers.close();
        await sessions.close();
        await jobs.close();
        await registry.close();
        await app.close();
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
