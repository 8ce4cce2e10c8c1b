// The wharf binary: `server`, `up` and `agent`, each with --help.
import { Command, InvalidArgumentError } from 'commander';
import pino from 'pino';
import { configFromEnv, startServer } from '../server/start.js';
import { addAgentCommand } from './agent.js';
import { banner } from './banner.js';
import { addRegistryCommands } from './registry.js';
import { agentBannerLines, startLocalAgent } from './up.js';

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535).');
  return n;
}

/** Stops what runs, first to last (the agent before the server it talks to), then exits. */
function stopOnSignal(closers: ReadonlyArray<() => Promise<void>>, log: pino.Logger): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    closers.reduce((done, close) => done.then(close), Promise.resolve()).then(() => process.exit(0), (err: unknown) => {
      log.error({ err }, 'error while stopping');
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function runServer(opts: { port: number; host: string; dataDir: string }, withAgent: boolean): Promise<void> {
  const logger = pino({ level: process.env.WHARF_LOG_LEVEL ?? 'info' }, pino.destination(2));
  const env = configFromEnv(process.env);
  const server = await startServer({ ...env, ...opts, logger });
  if (!withAgent) {
    stopOnSignal([() => server.close()], logger);
    process.stdout.write(`wharf server listening on ${server.url}\n`);
    return;
  }
  const local = await startLocalAgent(server, { dataDir: opts.dataDir, region: env.region, logger });
  const agent = local.agent;
  stopOnSignal([...(agent ? [() => agent.close()] : []), () => server.close()], logger);
  process.stdout.write(banner(server, env, agentBannerLines(local)));
}

export async function main(argv: string[]): Promise<void> {
  const env = configFromEnv(process.env);
  const program = new Command('wharf')
    .description('Self-hosted ECS and ECR: containers and images on machines you own, through AWS APIs.')
    .showHelpAfterError();

  const serverOptions = (cmd: Command) => cmd
    .option('--port <port>', 'port for the API and registry', portNumber, env.port)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'where state and blobs live', env.dataDir);

  serverOptions(program.command('server').description('run the control plane (API, registry, controllers)'))
    .option('--postgres <url>', 'use PostgreSQL instead of the embedded SQLite (not yet available)')
    .action(async (opts: { port: number; host: string; dataDir: string; postgres?: string }) => {
      if (opts.postgres) throw new Error('--postgres is not yet available; the embedded SQLite store is used without it.');
      await runServer(opts, false);
    });

  serverOptions(program.command('up').description('run everything on this machine and print how to use it'))
    .action(async (opts: { port: number; host: string; dataDir: string }) => runServer(opts, true));

  addAgentCommand(program);

  addRegistryCommands(program, env.dataDir);

  await program.parseAsync(argv);
}
