// The suite fixture the load balancer tests share: a real test server, and the backends the
// tests start, all closed after the suite.
import { after, before } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import type { Backend } from './helpers.js';

export interface ServerWithBackends {
  readonly server: TestServer;
  readonly backends: Backend[];
}

export function serverWithBackends(): ServerWithBackends {
  let server: TestServer | undefined;
  const backends: Backend[] = [];
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server?.stop();
    await Promise.all(backends.map((b) => b.close()));
  });
  return {
    get server(): TestServer {
      if (!server) throw new Error('the suite has not started its server');
      return server;
    },
    backends,
  };
}
