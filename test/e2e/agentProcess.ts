// A real `wharf agent` process for a test server's cluster (the built binary, its own data dir),
// as the restart and lost-host tests run it.
import { cleanEnv, runWharf, type Wharf } from '../cli/process.js';
import type { TestServer } from '../helpers/server.js';

export function spawnAgent(server: TestServer, cluster: string, dataDir: string): Wharf {
  return runWharf(['agent', '--endpoint', server.url, '--cluster', cluster, '--data-dir', dataDir], cleanEnv({
    AWS_ACCESS_KEY_ID: server.clientConfig.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.clientConfig.credentials.secretAccessKey,
    AWS_REGION: 'us-east-1',
    ECS_IMAGE_PULL_BEHAVIOR: 'prefer-cached',
    ECS_CONTAINER_STOP_TIMEOUT: '2s',
    WHARF_LOG_LEVEL: process.env.WHARF_TEST_LOG ?? 'warn',
  }));
}

/** The container instance ARN the agent prints once registered. */
export async function registeredArn(agent: Wharf): Promise<string> {
  const m = await agent.waitFor(/wharf agent: (\S+) in/, 60_000);
  return m[1] ?? '';
}
