// The suite fixture of the single-agent end-to-end tests (logs, metadata): a real server, a
// cluster, and one real agent on this machine's Docker with its own data dir (kept across an
// agent restart, so that the restarted agent adopts its containers).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { CreateClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import type { RunningAgent } from '../../src/agent/agent.js';
import { ensureBusyboxImage } from '../helpers/images.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { waitConnected } from './ecsPoll.js';
import { e2eAgents, type E2eAgents } from './helpers.js';

export interface AgentCluster {
  readonly server: TestServer;
  readonly ecs: ECSClient;
  readonly image: string;
  /** The agent last started. */
  readonly agent: RunningAgent;
  /** Starts the agent (again, after `agent.close()`) on the same data dir; it adopts its containers. */
  startAgent(): Promise<RunningAgent>;
}

export function agentCluster(cluster: string, dirPrefix: string): AgentCluster {
  let server: TestServer | undefined;
  let ecs: ECSClient | undefined;
  let agents: E2eAgents | undefined;
  let agent: RunningAgent | undefined;
  let image = '';
  const dataDir = mkdtempSync(join(tmpdir(), dirPrefix));
  const startAgent = async () => {
    if (!agents) throw new Error('the suite has not started');
    agent = await agents.start({ cluster, hostIp: '127.0.0.1', dataDir, settings: { ECS_IMAGE_PULL_BEHAVIOR: 'prefer-cached' } });
    return agent;
  };
  before(async () => {
    image = ensureBusyboxImage();
    server = await startTestServer();
    ecs = new ECSClient(server.clientConfig);
    await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
    agents = e2eAgents(server);
    const started = await startAgent();
    await waitConnected(ecs, cluster, started.containerInstanceArn);
  });
  after(async () => {
    await agents?.cleanup();
    ecs?.destroy();
    await server?.stop();
  });
  const must = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the suite has not started');
    return v;
  };
  return {
    get server() { return must(server); },
    get ecs() { return must(ecs); },
    get image() { return image; },
    get agent() { return must(agent); },
    startAgent,
  };
}
