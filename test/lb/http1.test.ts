// The HTTP/1.x engine of the HTTP listener: head parsing and body framing as pure functions, then
// the wire cases through a real listener: bodies both ways (length and chunked), HEAD, keep-alive
// reuse, pipelining, a target that closes its connections, HTTP/1.0 clients, WebSocket upgrades.
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { BodyFramer } from '../../src/lb/http1/framer.js';
import { parseRequestHead } from '../../src/lb/http1/requestHead.js';
import { Framing, parseResponseHead } from '../../src/lb/http1/responseHead.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createListener, createLoadBalancer, createTargetGroup, forwardTo, freePort, registerTargets, waitFor } from './helpers.js';

describe('HTTP/1 heads and framing (pure)', () => {
  it('rewrites a request head for the target', () => {
    const r = parseRequestHead('POST /a?b=1 HTTP/1.1\r\nHost: x:81\r\nConnection: keep-alive\r\nX-Forwarded-For: 1.2.3.4\r\nContent-Length: 5\r\nX-Other: y', '10.0.0.9', '81');
    assert.ok(r);
    assert.deepEqual([r.method, r.url, r.host, r.contentLength, r.chunked, r.close], ['POST', '/a?b=1', 'x:81', 5, false, false]);
    assert.equal(r.upstream, 'POST /a?b=1 HTTP/1.1\r\nHost: x:81\r\nContent-Length: 5\r\nX-Other: y\r\n'
      + 'X-Forwarded-For: 1.2.3.4, 10.0.0.9\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Port: 81\r\n\r\n');
    assert.equal(parseRequestHead('nonsense', '', '80'), undefined);
    assert.equal(parseRequestHead('GET / HTTP/1.1\r\nContent-Length: x', '', '80'), undefined);
    assert.equal(parseRequestHead('GET / HTTP/1.1\r\nConnection: close', '', '80')?.close, true);
  });

  it('refuses heads a target could frame differently (request smuggling)', () => {
    const refused = [
      'POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked',
      'POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6',
      'POST / HTTP/1.1\r\nTransfer-Encoding: gzip',
      'POST / HTTP/1.1\r\nContent-Length : 5',
      'POST / HTTP/1.1\r\nX: a\r\n folded',
    ];
    for (const head of refused) assert.equal(parseRequestHead(head, '', '80'), undefined, head);
    assert.equal(parseRequestHead('POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5', '', '80')?.contentLength, 5);
    assert.equal(parseRequestHead('POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked', '', '80')?.chunked, true);
  });

  it('reads a response head: framing, and hop-by-hop headers dropped', () => {
    const r = parseResponseHead('HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nTransfer-Encoding: chunked', false, false);
    assert.deepEqual([r?.status, r?.framing, r?.targetCloses, r?.client], [200, Framing.Chunked, false, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n']);
    assert.equal(parseResponseHead('HTTP/1.1 200 OK\r\nContent-Length: 3', true, false)?.framing, Framing.None);
    const closeDelimited = parseResponseHead('HTTP/1.0 200 OK', false, false);
    assert.deepEqual([closeDelimited?.framing, closeDelimited?.client], [Framing.UntilClose, 'HTTP/1.0 200 OK\r\nConnection: close\r\n\r\n']);
  });

  it('finds where a chunked body ends, across any split', () => {
    const body = Buffer.from('4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nTrailer: x\r\n\r\nNEXT');
    for (let split = 0; split <= body.length; split++) {
      const f = new BodyFramer();
      f.reset(Framing.Chunked, 0);
      const first = body.subarray(0, split);
      const a = f.consume(first, 0);
      const end = f.done ? a : split + f.consume(body.subarray(split), 0);
      assert.equal(end, body.length - 4, `split at ${split}`);
      assert.ok(f.done && !f.failed);
    }
    const f = new BodyFramer();
    f.reset(Framing.Length, 3);
    assert.equal(f.consume(Buffer.from('abcdef'), 1), 4);
    assert.ok(f.done);
  });
});

describe('load balancer: HTTP/1 on the wire', () => {
  let server: TestServer;
  let backend: Server;
  let port: number;
  before(async () => {
    server = await startTestServer();
    backend = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (d: Buffer) => parts.push(d));
      req.on('end', () => {
        if (req.url === '/chunked') {
          res.write('one,');
          setTimeout(() => res.end('two'), 5);
        } else if (req.url === '/health') {
          res.end();
        } else {
          if (req.url === '/close') res.setHeader('connection', 'close');
          res.setHeader('x-method', req.method ?? '');
          res.end(`${req.method} ${req.url} ${Buffer.concat(parts).toString()}`);
        }
      });
    });
    backend.on('upgrade', (req, socket) => {
      socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n');
      socket.on('data', (d: Buffer) => socket.write(`echo:${d.toString()}`));
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    const lb = await createLoadBalancer(server);
    const tg = await createTargetGroup(server);
    port = await freePort();
    await createListener(server, lb, port, forwardTo(tg));
    const backendPort = (backend.address() as AddressInfo).port;
    await registerTargets(server, tg, [backendPort]);
    await waitFor('healthy', () => server.loadBalancers.health(tg.arn, { id: '127.0.0.1', port: backendPort })?.state === 'healthy');
  });
  after(async () => {
    await server.stop();
    backend.closeAllConnections();
    backend.close();
  });

  /** Raw bytes in, everything the load balancer sends until it closes (or `until` matches). */
  const raw = (text: string, until?: RegExp): Promise<string> => new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port }, () => s.write(text));
    let got = '';
    s.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      if (until?.test(got)) {
        s.destroy();
        resolve(got);
      }
    });
    s.on('end', () => resolve(got));
    s.on('error', reject);
  });

  it('forwards request bodies (length and chunked) and chunked answers', async () => {
    const a = await raw('POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello');
    assert.match(a, /^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nPOST \/p hello$/);
    const b = await raw('PUT /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n');
    assert.match(b, /PUT \/p abcde$/);
    const c = await raw('GET /chunked HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n');
    assert.match(c, /Transfer-Encoding: chunked\r\n[\s\S]*\r\n\r\n4\r\none,\r\n3\r\ntwo\r\n0\r\n\r\n$/);
    assert.doesNotMatch(c, /keep-alive/i);
  });

  it('answers pipelined requests in order on one connection, HEAD without a body', async () => {
    const out = await raw('GET /1 HTTP/1.1\r\nHost: h\r\n\r\nHEAD /2 HTTP/1.1\r\nHost: h\r\n\r\nGET /3 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n');
    const bodies = out.split(/HTTP\/1\.1 200 OK/).slice(1).map((r) => r.slice(r.indexOf('\r\n\r\n') + 4));
    assert.deepEqual(bodies, ['GET /1 ', '', 'GET /3 ']);
    assert.match(out, /x-method: HEAD/);
  });

  it('keeps serving when the target closes connections, and speaks HTTP/1.0 with clients that do', async () => {
    for (let i = 0; i < 3; i++) assert.match(await raw('GET /close HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n'), /GET \/close $/);
    const old = await raw('GET /old HTTP/1.0\r\n\r\n');
    assert.match(old, /^HTTP\/1\.[01] 200 OK[\s\S]*Connection: close[\s\S]*GET \/old $/);
  });

  it('reuses kept-alive connections with node clients', async () => {
    const bodies: string[] = [];
    for (let i = 0; i < 5; i++) {
      bodies.push(await new Promise<string>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: `/k${i}`, method: 'POST', headers: { 'content-type': 'text/plain' } }, (res) => {
          let b = '';
          res.on('data', (d: Buffer) => (b += d.toString()));
          res.on('end', () => resolve(b));
        }).on('error', reject).end(`n${i}`);
      }));
    }
    assert.deepEqual(bodies, [0, 1, 2, 3, 4].map((i) => `POST /k${i} n${i}`));
  });

  it('switches protocols (WebSocket-style upgrade) and then pipes both ways', async () => {
    const out = await raw('GET /ws HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\nping', /echo:ping/);
    assert.match(out, /^HTTP\/1\.1 101 Switching Protocols\r\n[\s\S]*\r\n\r\necho:ping$/);
  });
});
