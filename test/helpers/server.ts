// Starts a real Wharf server on 127.0.0.1 (ephemeral port, fresh data dir) for a test file,
// and hands out clients configured for it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startServer, type RunningServer, type ServerConfig } from '../../src/server/start.js';

export interface TestServer extends RunningServer {
  dataDir: string;
  /** Options for any @aws-sdk client: endpoint, region and the root credentials. */
  clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    maxAttempts: number;
  };
  /** Environment for the AWS CLI pointed at this server. */
  cliEnv: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'wharf-test-'));
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    accountId: '000000000000',
    region: 'us-east-1',
    logger: pino({ level: process.env.WHARF_TEST_LOG ?? 'silent' }),
    ...overrides,
  });
  const credentials = { accessKeyId: server.rootKey.accessKeyId, secretAccessKey: server.rootKey.secretAccessKey };
  return {
    ...server,
    dataDir,
    clientConfig: { endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 },
    cliEnv: {
      PATH: process.env.PATH,
      HOME: dataDir,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_PAGER: '',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    stop: async () => {
      await server.close();
      if (!overrides.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
