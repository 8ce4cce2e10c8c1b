// The registries under test, each started fresh on 127.0.0.1 with its own temp data dir:
// Wharf (`node bin/wharf.js server`, encryption on or off) and Debian's CNCF distribution
// (`docker-registry serve` with a filesystem-storage config, no auth, delete enabled).
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateRepositoryCommand, ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { freePort, launch, stopChild, tail, tempDir } from './processes.js';
import { serverUrl } from '../common.js';

export const DISTRIBUTION_BIN = '/usr/bin/docker-registry';
const KEYS = { accessKeyId: 'AKIABENCHMARK0000001', secretAccessKey: 'bench-secret-0123456789abcdefghijklmnopq' };

export interface Target {
  /** Short name (as in BENCH_TARGETS). */
  name: string;
  /** What the tables call it. */
  label: string;
  url: string;
  /** The server process, for RSS samples. */
  pid: number;
  /** The Authorization header for /v2/, if the registry wants one. */
  authorization?: string;
  /** Makes sure `repository` exists (Wharf wants CreateRepository; distribution makes them on push). */
  createRepository(repository: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startWharf(root: string, encryption: boolean): Promise<Target> {
  const dir = tempDir('wharf-bench-registry-');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WHARF_ROOT_ACCESS_KEY_ID: KEYS.accessKeyId,
    WHARF_ROOT_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
    WHARF_LOG_LEVEL: 'warn',
    WHARF_REGISTRY_ENCRYPTION: encryption ? 'on' : 'off',
  };
  const nodeArgs = (process.env.BENCH_WHARF_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = launch(process.execPath, [...nodeArgs, 'bin/wharf.js', 'server', '--port', '0', '--data-dir', dir.path], {
    cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.pipe(process.stderr);
  const url = await serverUrl(child);
  const ecr = new ECRClient({ endpoint: url, region: 'us-east-1', credentials: KEYS, maxAttempts: 1 });
  const token = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0]?.authorizationToken;
  if (!token) throw new Error('GetAuthorizationToken returned no token');
  return {
    name: encryption ? 'wharf-on' : 'wharf-off',
    label: `wharf, encryption ${encryption ? 'on' : 'off'}`,
    url,
    pid: child.pid ?? NaN,
    authorization: `Basic ${token}`,
    createRepository: async (repositoryName) => {
      await ecr.send(new CreateRepositoryCommand({ repositoryName }));
    },
    stop: async () => {
      ecr.destroy();
      await stopChild(child);
      dir.remove();
    },
  };
}

/** Debian's docker-registry, or undefined (with a message) when it is not installed. */
export async function startDistribution(root: string): Promise<Target | undefined> {
  if (!existsSync(DISTRIBUTION_BIN)) {
    console.error(`skipping distribution: ${DISTRIBUTION_BIN} is missing (install it with \`apt-get install -y docker-registry\`)`);
    return undefined;
  }
  const version = /\s(v?\d+\.\d+\.\d+\S*)/.exec(execFileSync(DISTRIBUTION_BIN, ['--version'], { encoding: 'utf8' }))?.[1] ?? '(unknown version)';
  const dir = tempDir('distribution-bench-');
  const port = await freePort();
  const config = join(dir.path, 'config.yml');
  writeFileSync(config, [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir.path, 'data')}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '  secret: wharf-bench-secret',
    '',
  ].join('\n'));
  const child = launch(DISTRIBUTION_BIN, ['serve', config], { cwd: root, env: { ...process.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr = tail(child.stderr);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${stderr()}`);
    try {
      if ((await fetch(`${url}/v2/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 300) throw new Error(`docker-registry did not answer within 30 s: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name: 'distribution',
    label: `distribution ${version}`,
    url,
    pid: child.pid ?? NaN,
    createRepository: async () => {},
    stop: async () => {
      await stopChild(child);
      dir.remove();
    },
  };
}
