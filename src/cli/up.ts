// `wharf up`: the server plus one agent for the local Docker Engine, in one process. The agent
// joins the `default` cluster (created if missing, as the ECS agent does) with the administrator's
// key, and keeps its state under <data dir>/agent. Without a reachable Docker Engine the server
// still runs and the banner says why no agent joined.
import { CreateClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { startAgent, type RunningAgent } from '../agent/agent.js';
import type { RunningServer } from '../server/start.js';

export const UP_CLUSTER = 'default';

export interface LocalAgent {
  agent?: RunningAgent;
  /** Why no agent runs, when none does. */
  problem?: string;
}

export async function startLocalAgent(server: RunningServer, opts: { dataDir: string; region: string; logger: Logger }): Promise<LocalAgent> {
  const credentials = { accessKeyId: server.rootKey.accessKeyId, secretAccessKey: server.rootKey.secretAccessKey };
  const ecs = new ECSClient({ endpoint: server.url, region: opts.region, credentials });
  try {
    await ecs.send(new CreateClusterCommand({ clusterName: UP_CLUSTER }));
    const agent = await startAgent({
      endpoint: server.url,
      cluster: UP_CLUSTER,
      hostIp: '127.0.0.1',
      dataDir: join(opts.dataDir, 'agent'),
      region: opts.region,
      credentials,
      logger: opts.logger,
    });
    return { agent };
  } catch (err) {
    opts.logger.warn({ err }, 'the local agent did not start');
    return { problem: err instanceof Error ? err.message : String(err) };
  } finally {
    ecs.destroy();
  }
}

export function agentBannerLines(local: LocalAgent): string[] {
  if (local.agent) {
    return [`  agent:             ${local.agent.containerInstanceArn} (host ${local.agent.config.hostIp}, cluster ${UP_CLUSTER})`];
  }
  return [`  agent:             not running: ${local.problem ?? 'unknown reason'}`];
}
