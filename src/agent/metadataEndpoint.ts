// The task metadata endpoint v4 for this agent: served on the gateway of Docker's bridge network,
// on the port the previous agent used when there was one (running containers carry the URI in
// their environment), else on the given or any free port; the port is kept in the state file.
import type { Logger } from 'pino';
import { startMetadataServer, type MetadataServer, type MetadataServerOptions } from './metadata/index.js';
import type { ContainerRuntime } from './runtime/types.js';
import type { StateFile } from './stateFile.js';

export interface MetadataEndpointOptions {
  /** Where it listens (the bridge gateway) and what answers its stats. */
  runtime: Pick<ContainerRuntime, 'bridgeGateway' | 'stats'>;
  state: StateFile;
  /** A fixed port; 0 or absent: the port saved in the state file, else any free port. */
  port?: number;
  lookup: MetadataServerOptions['lookup'];
  log: Logger;
}

export async function startMetadataEndpoint(opts: MetadataEndpointOptions): Promise<MetadataServer> {
  const host = await opts.runtime.bridgeGateway();
  const saved = opts.state.data.metadataPort;
  const wanted = opts.port || saved || 0;
  const serve = (port: number) => startMetadataServer({
    host,
    port,
    lookup: opts.lookup,
    containers: opts.runtime,
  });
  let server: MetadataServer;
  try {
    server = await serve(wanted);
  } catch (err) {
    if (opts.port || wanted === 0) throw err;
    opts.log.warn({ err, host, port: wanted }, 'cannot serve the task metadata endpoint on its previous port: running containers cannot reach it until they are replaced');
    server = await serve(0);
  }
  const port = Number(new URL(server.baseUrl).port);
  if (port !== saved) {
    opts.state.data.metadataPort = port;
    await opts.state.save();
  }
  opts.log.info({ baseUrl: server.baseUrl }, 'task metadata endpoint');
  return server;
}
