// The suite fixture the ELBv2 tests share: a real test server, and the keys published on one
// change topic while the suite runs.
import { after, before } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

export interface ServerPublishing {
  readonly server: TestServer;
  readonly published: string[];
}

export function serverPublishing(topic: string): ServerPublishing {
  let server: TestServer | undefined;
  const published: string[] = [];
  before(async () => {
    server = await startTestServer();
    server.services.changes?.subscribe(topic, (key) => published.push(key));
  });
  after(async () => server?.stop());
  return {
    get server(): TestServer {
      if (!server) throw new Error('the suite has not started its server');
      return server;
    },
    published,
  };
}
