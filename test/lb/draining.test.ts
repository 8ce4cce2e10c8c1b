// Deregistration with connection draining, and the least outstanding requests algorithm.
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import {
  createListener, createLoadBalancer, createTargetGroup, deregisterTarget, forwardTo, freePort, get, registerTargets, startBackend,
  tally, targetRecord, waitFor, type Backend,
} from './helpers.js';
import { serverWithBackends } from './fixture.js';

/** A backend that holds requests to /slow until released. */
async function holdingBackend(name: string, holdAll = false): Promise<Backend & { held: ServerResponse[] }> {
  const held: ServerResponse[] = [];
  const b = await startBackend(name, (req, res) => {
    if (!holdAll && req.url !== '/slow') return false;
    held.push(res);
    return true;
  });
  return Object.assign(b, { held });
}

function answeredWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([p.then(() => true), new Promise<boolean>((res) => setTimeout(() => res(false), ms))]);
}

describe('load balancer: draining and algorithms', () => {
  const fx = serverWithBackends();

  it('lets a draining target finish its request, sends new ones elsewhere, then removes it', async () => {
    const a = await holdingBackend('a');
    const b = await startBackend('b');
    fx.backends.push(a, b);
    const lb = await createLoadBalancer(fx.server);
    const tg = await createTargetGroup(fx.server);
    const port = await freePort();
    await createListener(fx.server, lb, port, forwardTo(tg));
    await registerTargets(fx.server, tg, [a.port, b.port]);
    await waitFor('healthy', () => [a, b].every((x) => fx.server.loadBalancers.health(tg.arn, { id: '127.0.0.1', port: x.port })?.state === 'healthy'));

    // Slow requests until one is held by a (round robin: at most two tries).
    let slow: Promise<{ status: number; body: string }> | undefined;
    for (let i = 0; i < 4 && a.held.length === 0; i++) {
      const r = get(port, '/slow');
      await waitFor('the request to land', async () => a.held.length > 0 || (await answeredWithin(r, 20)));
      if (a.held.length > 0) slow = r;
    }
    assert.ok(slow, 'a holds a slow request');

    await deregisterTarget(fx.server, tg, a.port);
    assert.equal(fx.server.loadBalancers.health(tg.arn, { id: '127.0.0.1', port: a.port })?.state, 'draining');
    assert.deepEqual([...(await tally(port, 6)).entries()], [['b', 6]]);
    assert.equal((await targetRecord(fx.server, tg, a.port))?.state, 'draining', 'kept while its request runs');

    a.held[0]?.end('a finished');
    const done = await slow;
    assert.deepEqual([done.status, done.body], [200, 'a finished']);
    await waitFor('the record removed', async () => (await targetRecord(fx.server, tg, a.port)) === undefined);
    assert.equal(fx.server.loadBalancers.health(tg.arn, { id: '127.0.0.1', port: a.port }), undefined);
  });

  it('cuts a request still in flight when the deregistration delay ends, and removes the target', async () => {
    const d = await holdingBackend('d', true);
    fx.backends.push(d);
    const lb = await createLoadBalancer(fx.server);
    const tg = await createTargetGroup(fx.server, { attributes: { 'deregistration_delay.timeout_seconds': '1' } });
    const port = await freePort();
    await createListener(fx.server, lb, port, forwardTo(tg));
    await registerTargets(fx.server, tg, [d.port]);
    await waitFor('healthy', () => fx.server.loadBalancers.health(tg.arn, { id: '127.0.0.1', port: d.port })?.state === 'healthy');
    const held = get(port, '/forever').then((r) => r, (err: unknown) => err);
    await waitFor('the request held', () => d.held.length > 0);
    await deregisterTarget(fx.server, tg, d.port);
    const outcome = await held;
    assert.ok(outcome instanceof Error, `the client's connection is cut, not answered: ${JSON.stringify(outcome)}`);
    await waitFor('the record removed', async () => (await targetRecord(fx.server, tg, d.port)) === undefined);
  });

  it('removes a draining target with nothing in flight at once', async () => {
    const c = await startBackend('c');
    fx.backends.push(c);
    const lb = await createLoadBalancer(fx.server);
    const tg = await createTargetGroup(fx.server);
    await createListener(fx.server, lb, await freePort(), forwardTo(tg));
    await registerTargets(fx.server, tg, [c.port]);
    await deregisterTarget(fx.server, tg, c.port);
    await waitFor('the record removed', async () => (await targetRecord(fx.server, tg, c.port)) === undefined);
  });

  it('least outstanding requests prefers the idle target', async () => {
    const busy = await holdingBackend('busy', true);
    const idle = await startBackend('idle');
    fx.backends.push(busy, idle);
    const lb = await createLoadBalancer(fx.server);
    const tg = await createTargetGroup(fx.server, { attributes: { 'load_balancing.algorithm.type': 'least_outstanding_requests' } });
    const port = await freePort();
    await createListener(fx.server, lb, port, forwardTo(tg));
    await registerTargets(fx.server, tg, [busy.port, idle.port]);
    await waitFor('healthy', () => [busy, idle].every((x) => fx.server.loadBalancers.health(tg.arn, { id: '127.0.0.1', port: x.port })?.state === 'healthy'));

    // Each request either completes at `idle` or stays held at `busy`; once busy holds one, the
    // idle target (nothing outstanding) gets every later request.
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      const before = busy.held.length;
      const r = get(port, '/');
      await waitFor('an answer or a held request', async () => busy.held.length > before || (await answeredWithin(r, 20)));
      if (busy.held.length > before) pending.push(r);
    }
    assert.equal(busy.held.length, 1);
    assert.equal(idle.hits, 19);
    for (const res of busy.held) res.end('busy');
    await Promise.all(pending);
  });
});
