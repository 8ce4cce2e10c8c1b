// The TCP listener (network load balancer): connections piped to targets round robin, a draining
// target's connection cut when the deregistration delay ends; and the listening chores.
import assert from 'node:assert/strict';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import {
  createListener, createLoadBalancer, createTargetGroup, deleteListener, deregisterTarget, forwardTo, freePort, get, targetRecord, registerTargets, waitFor,
} from './helpers.js';

async function echoServer(name: string): Promise<{ server: Server; port: number }> {
  const server = createServer((s) => s.on('data', (d) => s.write(`${name}:${d.toString()}`)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port };
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.once('error', reject);
  });
}

function say(s: Socket, text: string): Promise<string> {
  return new Promise((resolve) => {
    s.once('data', (d) => resolve(d.toString()));
    s.write(text);
  });
}

describe('load balancer: TCP listener', () => {
  let server: TestServer;
  const echoes: Server[] = [];
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.stop();
    for (const e of echoes) e.close();
  });

  it('pipes connections to targets round robin, and cuts a draining one when its delay ends', async () => {
    const [x, y] = [await echoServer('x'), await echoServer('y')];
    echoes.push(x.server, y.server);
    const lb = await createLoadBalancer(server, { type: 'network' });
    const tg = await createTargetGroup(server, { protocol: 'TCP', attributes: { 'deregistration_delay.timeout_seconds': '1' } });
    const port = await freePort();
    await createListener(server, lb, port, forwardTo(tg), 'TCP');
    await registerTargets(server, tg, [x.port, y.port]);
    await waitFor('healthy', () => [x, y].every((e) => server.loadBalancers.health(tg.arn, { id: '127.0.0.1', port: e.port })?.state === 'healthy'));

    const sockets = [await open(port), await open(port)];
    const answers = await Promise.all(sockets.map((s) => say(s, 'hello')));
    assert.deepEqual([...answers].sort(), ['x:hello', 'y:hello']);

    const onX = sockets[answers.indexOf('x:hello')] ?? assert.fail('a socket on x');
    const cut = new Promise<void>((r) => onX.once('close', () => r()));
    await deregisterTarget(server, tg, x.port);
    assert.equal(await say(onX, 'still'), 'x:still', 'an open connection keeps working while draining');
    const fresh = await open(port);
    assert.equal(await say(fresh, 'new'), 'y:new', 'new connections go elsewhere');
    await cut;
    await waitFor('the record removed', async () => (await targetRecord(server, tg, x.port)) === undefined);
    for (const s of [...sockets, fresh]) s.destroy();
  });

  it('checkPort says when a port is taken, by another program or by a listener', async () => {
    const other = createServer();
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const taken = (other.address() as AddressInfo).port;
    assert.match((await server.loadBalancers.checkPort(taken, 'HTTP')) ?? '', /in use/);
    other.close();

    const lb = await createLoadBalancer(server);
    const port = await freePort();
    assert.equal(await server.loadBalancers.checkPort(port, 'HTTP'), undefined);
    const listener = await createListener(server, lb, port, [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '200', messageBody: 'ok' } }]);
    assert.match((await server.loadBalancers.checkPort(port, 'HTTP')) ?? '', new RegExp(listener.arn));
    assert.equal((await get(port)).body, 'ok');

    await deleteListener(server, lb, listener);
    assert.equal(await server.loadBalancers.checkPort(port, 'HTTP'), undefined, 'the port is free once the listener is gone');
  });

  it('frees listener ports when the server closes', async () => {
    const s2 = await startTestServer();
    const lb = await createLoadBalancer(s2);
    const port = await freePort();
    await createListener(s2, lb, port, [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '200' } }]);
    assert.equal((await get(port)).status, 200);
    await s2.stop();
    assert.equal(await server.loadBalancers.checkPort(port, 'HTTP'), undefined);
  });
});
