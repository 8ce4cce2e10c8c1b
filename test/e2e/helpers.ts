// End-to-end helpers: real agents (startAgent, in this process) against a real test server, on the
// machine's Docker, each with its own data dir; bounded polling; cleanup of everything they made.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startAgent, type AgentOptions, type RunningAgent } from '../../src/agent/agent.js';
import { removeLabelled } from '../agent/helpers.js';
import type { TestServer } from '../helpers/server.js';

export interface E2eAgents {
  started: RunningAgent[];
  /** Starts an agent for `cluster` on `hostIp` (default 127.0.0.1) with its own data dir. */
  start(opts: { cluster: string; hostIp?: string; settings?: Record<string, string>; dataDir?: string }): Promise<RunningAgent>;
  /** Closes every agent, removes their containers, networks, volumes and data dirs. */
  cleanup(): Promise<void>;
}

export function e2eAgents(server: TestServer): E2eAgents {
  const started: RunningAgent[] = [];
  const arns = new Set<string>();
  const dirs = new Set<string>();
  return {
    started,
    async start({ cluster, hostIp, settings, dataDir }) {
      const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'wharf-e2e-agent-'));
      dirs.add(dir);
      const options: AgentOptions = {
        endpoint: server.url,
        cluster,
        dataDir: dir,
        region: 'us-east-1',
        credentials: server.clientConfig.credentials,
        env: {},
        settings: { ECS_CONTAINER_STOP_TIMEOUT: '2s', ...settings },
        logger: pino({ level: process.env.WHARF_TEST_LOG ?? 'silent' }),
        session: { backoff: { initialMs: 50, maxMs: 500 }, resendIntervalMs: 500 },
        ...(hostIp ? { hostIp } : {}),
      };
      const agent = await startAgent(options);
      started.push(agent);
      arns.add(agent.containerInstanceArn);
      return agent;
    },
    async cleanup() {
      for (const a of started.splice(0)) await a.close().catch(() => undefined);
      for (const arn of arns) removeLabelled(arn);
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

export { eventually } from '../helpers/eventually.js';

/** GETs a URL on 127.0.0.0/8 and answers its status and body. */
export async function fetchText(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: await res.text() };
}
