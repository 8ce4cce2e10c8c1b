// A stand-in for the Wharf server's agent-facing side, for the agent's tests while the real one is
// built: RegisterContainerInstance over AWS JSON 1.1, and the session WebSocket of
// src/protocol/ecs/messages.ts with the upgrade's SigV4 signature checked by the server's verifier.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { SESSION_PATH, agentMessage, parseFrame, type AgentMessage, type TaskSpec } from '../../src/protocol/ecs/messages.js';
import { verifySigV4 } from '../../src/protocol/sigv4.js';

export const CREDENTIALS = { accessKeyId: 'AKIAAGENTTEST0000000', secretAccessKey: 'agent-test-secret-key-0000000000000000000' };

export interface FakeControlPlane {
  url: string;
  registrations: Record<string, unknown>[];
  /** Every agent message received, in order, with the session it came on. */
  messages: { session: number; msg: AgentMessage }[];
  /** Upgrade requests refused (bad signature). */
  refused: number;
  sessions: number;
  sendTasks(tasks: TaskSpec[]): string;
  /** Drops the current session (the agent must reconnect and resync). */
  drop(): void;
  /**
   * Deregisters an instance as a forced DeregisterContainerInstance does: registering under its
   * ARN fails with ClientException, its session is dropped and refused with 400 from then on.
   */
  deregister(containerInstanceArn: string): void;
  /** Resolves with the first message (past or future) matching `predicate`. */
  waitFor(predicate: (m: { session: number; msg: AgentMessage }) => boolean): Promise<AgentMessage>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (d: Buffer) => { body += d.toString(); });
    req.on('end', () => resolve(body));
  });
}

export async function startFakeControlPlane(opts: { ackTaskStates?: boolean } = {}): Promise<FakeControlPlane> {
  const registrations: Record<string, unknown>[] = [];
  const messages: { session: number; msg: AgentMessage }[] = [];
  const waiters: { predicate: (m: { session: number; msg: AgentMessage }) => boolean; resolve: (m: AgentMessage) => void }[] = [];
  let current: WebSocket | undefined;
  const fake = { refused: 0, sessions: 0 };
  const inactive = new Set<string>();
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const target = String(req.headers['x-amz-target'] ?? '');
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (target.endsWith('.RegisterContainerInstance')) {
        const input = JSON.parse(body) as Record<string, unknown>;
        registrations.push(input);
        if (inactive.has(input.containerInstanceArn as string)) {
          res.statusCode = 400;
          res.end(JSON.stringify({ __type: 'ClientException', message: 'The referenced container instance is INACTIVE and cannot be registered again.' }));
          return;
        }
        const arn = (input.containerInstanceArn as string | undefined)
          ?? `arn:aws:ecs:us-east-1:000000000000:container-instance/${String(input.cluster)}/${randomBytes(16).toString('hex')}`;
        res.end(JSON.stringify({ containerInstance: { containerInstanceArn: arn, status: 'ACTIVE' } }));
        return;
      }
      res.statusCode = 400;
      res.end(JSON.stringify({ __type: 'UnknownOperationException', message: target }));
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    void (async () => {
      const verdict = await verifySigV4({ method: req.method ?? 'GET', url: req.url ?? '', headers: req.headers, body: Buffer.alloc(0) }, new Date(),
        async (id) => (id === CREDENTIALS.accessKeyId ? { ...CREDENTIALS, principal: 'agent' } : undefined));
      const url = new URL(req.url ?? '', 'http://x');
      if (!verdict.ok || verdict.service !== 'ecs' || url.pathname !== SESSION_PATH || !url.searchParams.get('containerInstance')) {
        fake.refused++;
        socket.end('HTTP/1.1 403 Forbidden\r\ncontent-type: application/x-amz-json-1.1\r\n\r\n{"__type":"InvalidSignatureException"}');
        return;
      }
      if (inactive.has(url.searchParams.get('containerInstance') ?? '')) {
        fake.refused++;
        const body = JSON.stringify({ __type: 'InvalidParameterException', message: 'The referenced container instance was not found or is not registered.' });
        socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        const session = ++fake.sessions;
        current = ws;
        ws.on('message', (data) => {
          const msg = parseFrame(agentMessage, data.toString());
          if (!msg) return;
          const entry = { session, msg };
          messages.push(entry);
          for (const w of [...waiters]) if (w.predicate(entry)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(msg); }
          if (msg.type === 'hello' || (msg.type === 'taskState' && opts.ackTaskStates !== false)) ws.send(JSON.stringify({ type: 'ack', id: msg.id }));
        });
        ws.send(JSON.stringify({ type: 'welcome', protocolVersion: 1, sessionId: `s-${session}`, heartbeatIntervalMs: 200 }));
      });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    registrations,
    messages,
    get refused() { return fake.refused; },
    get sessions() { return fake.sessions; },
    sendTasks: (tasks) => {
      const id = randomBytes(8).toString('hex');
      current?.send(JSON.stringify({ type: 'tasks', id, tasks }));
      return id;
    },
    drop: () => current?.terminate(),
    deregister: (arn) => {
      inactive.add(arn);
      current?.close(4002, 'container instance deregistered');
    },
    waitFor: (predicate) => new Promise((resolve) => {
      const found = messages.find(predicate);
      if (found) return resolve(found.msg);
      waiters.push({ predicate, resolve });
    }),
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
