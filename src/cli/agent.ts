// `wharf agent`: runs the container agent for this host until SIGTERM/SIGINT; containers keep running.
import type { Command } from 'commander';
import pino from 'pino';
import { AgentConfigError } from '../agent/config.js';
import { startAgent } from '../agent/agent.js';

interface AgentFlags {
  endpoint?: string;
  cluster?: string;
  hostIp?: string;
  config?: string;
  dataDir?: string;
  region?: string;
}

/** ECS's agent exits with 5 on an error no restart can cure (its exitcodes.ExitTerminal). */
export const AGENT_EXIT_TERMINAL = 5;

export function addAgentCommand(program: Command): void {
  program.command('agent').description('run the container agent for this host: register it in a cluster and run its tasks on the local Docker')
    .option('--endpoint <url>', 'the Wharf server endpoint, e.g. http://127.0.0.1:5050 (or ECS_BACKEND_HOST)')
    .option('--cluster <name>', 'cluster to join (or ECS_CLUSTER; default "default")')
    .option('--host-ip <ip>', 'this host\'s address for port bindings (default 127.0.0.1)')
    .option('--config <file>', 'an ecs.config file (KEY=VALUE lines, ECS\'s keys)')
    .option('--data-dir <dir>', 'where the agent keeps its state (or ECS_DATADIR; default ~/.wharf-agent/<host ip>)')
    .option('--region <region>', 'region for signing (default AWS_REGION, else us-east-1)')
    .action(async (flags: AgentFlags) => {
      const logger = pino({ level: process.env.WHARF_LOG_LEVEL ?? 'info' }, pino.destination(2));
      let agent;
      try {
        agent = await startAgent({
          endpoint: flags.endpoint ?? process.env.ECS_BACKEND_HOST ?? '',
          ...(flags.cluster ? { cluster: flags.cluster } : {}),
          ...(flags.hostIp ? { hostIp: flags.hostIp } : {}),
          ...(flags.config ? { configFile: flags.config } : {}),
          ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
          ...(flags.region ? { region: flags.region } : {}),
          logger,
        });
      } catch (err) {
        if (err instanceof AgentConfigError) program.error(`wharf agent: ${err.message}`);
        throw err;
      }
      const running = agent;
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'stopping the agent; containers keep running');
        running.close().then(() => process.exit(0), (err: unknown) => {
          logger.error({ err }, 'error while stopping');
          process.exit(1);
        });
      };
      // The server refused the session for good (the instance was deregistered): exit as ECS's
      // agent does, with its "terminal" status 5; the containers keep running.
      void running.ended.then((reason) => {
        if (stopping) return;
        process.stderr.write(`wharf agent: ${reason}\n`);
        process.exit(AGENT_EXIT_TERMINAL);
      });
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
      process.stdout.write(`wharf agent: ${running.containerInstanceArn} in ${running.clusterArn} (host ${running.config.hostIp})\n`);
    });
}
