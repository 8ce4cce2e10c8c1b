// The HTTP listener as a client sees it: round robin, X-Forwarded-*, and the answers the load
// balancer gives by itself (503 without a healthy target, 502 for a failing one, 504 for a slow one).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONTAINER_INSTANCES } from '../../src/api/ecs/containerInstance/repo.js';
import {
  createListener, createLoadBalancer, createTargetGroup, forwardTo, freePort, get, registerTargets, startBackend, tally, waitFor,
  type Backend,
} from './helpers.js';
import { serverWithBackends } from './fixture.js';

describe('load balancer: HTTP listener', () => {
  const fx = serverWithBackends();

  const backend = async (name: string, handle?: Parameters<typeof startBackend>[1]): Promise<Backend> => {
    const b = await startBackend(name, handle);
    fx.backends.push(b);
    return b;
  };

  it('spreads requests round robin over three healthy targets and adds X-Forwarded-*', async () => {
    const [a, b, c] = [await backend('a'), await backend('b'), await backend('c')];
    const lb = await createLoadBalancer(fx.server);
    const tg = await createTargetGroup(fx.server);
    const port = await freePort();
    await createListener(fx.server, lb, port, forwardTo(tg));
    await registerTargets(fx.server, tg, [a.port, b.port, c.port]);
    await waitFor('three healthy targets', () => [a, b, c].every((x) => fx.server.loadBalancers.health(tg.arn, { id: '127.0.0.1', port: x.port })?.state === 'healthy'));

    const counts = await tally(port, 30);
    assert.deepEqual([...counts.entries()].sort(), [['a', 10], ['b', 10], ['c', 10]]);

    const r = await get(port, '/x?y=1', { 'x-forwarded-for': '203.0.113.9', connection: 'close' });
    assert.equal(r.status, 200);
    const seen = [a, b, c].find((x) => x.name === r.body)?.lastHeaders;
    assert.equal(seen?.['x-forwarded-for'], '203.0.113.9, 127.0.0.1');
    assert.equal(seen?.['x-forwarded-proto'], 'http');
    assert.equal(seen?.['x-forwarded-port'], String(port));
    assert.equal(seen?.host, `127.0.0.1:${port}`);
  });

  it('answers 503 when the group has no target that may take a request', async () => {
    const lb = await createLoadBalancer(fx.server);
    const empty = await createTargetGroup(fx.server);
    const port = await freePort();
    await createListener(fx.server, lb, port, forwardTo(empty));
    const r = await get(port);
    assert.equal(r.status, 503);
    assert.match(r.body, /503 Service Temporarily Unavailable/);

    // Targets that never passed a check (slow checks, never answered yet) get nothing either.
    const b = await backend('new');
    b.healthStatus = 500;
    const fresh = await createTargetGroup(fx.server, { healthCheck: { intervalSeconds: 300, unhealthyThresholdCount: 10 } });
    const port2 = await freePort();
    await createListener(fx.server, lb, port2, forwardTo(fresh));
    await registerTargets(fx.server, fresh, [b.port]);
    await waitFor('the first check', () => fx.server.loadBalancers.health(fresh.arn, { id: '127.0.0.1', port: b.port })?.reason === 'Elb.InitialHealthChecking');
    assert.equal((await get(port2)).status, 503);
    assert.equal(b.hits, 0);
  });

  it('answers 502 when the target drops the connection, and when no target is alive (fail open)', async () => {
    const rude = await backend('rude', (req) => {
      req.socket.destroy();
      return true;
    });
    const lb = await createLoadBalancer(fx.server);
    const tg = await createTargetGroup(fx.server);
    const port = await freePort();
    await createListener(fx.server, lb, port, forwardTo(tg));
    await registerTargets(fx.server, tg, [rude.port]);
    await waitFor('healthy', () => fx.server.loadBalancers.health(tg.arn, { id: '127.0.0.1', port: rude.port })?.state === 'healthy');
    const r = await get(port);
    assert.equal(r.status, 502);
    assert.match(r.body, /502 Bad Gateway/);

    const dead = await freePort();
    const tg2 = await createTargetGroup(fx.server);
    const port2 = await freePort();
    await createListener(fx.server, lb, port2, forwardTo(tg2));
    await registerTargets(fx.server, tg2, [dead]);
    const health = await waitFor('unhealthy', () => {
      const h = fx.server.loadBalancers.health(tg2.arn, { id: '127.0.0.1', port: dead });
      return h?.state === 'unhealthy' ? h : undefined;
    });
    assert.deepEqual(health, { state: 'unhealthy', reason: 'Target.FailedHealthChecks', description: 'Health checks failed' });
    assert.equal((await get(port2)).status, 502);
  });

  it('answers 504 when the target is slower than the idle timeout', async () => {
    const held: (() => void)[] = [];
    const slow = await backend('slow', (_req, res) => {
      held.push(() => res.end('late'));
      return true;
    });
    const lb = await createLoadBalancer(fx.server, { attributes: { 'idle_timeout.timeout_seconds': '1' } });
    const tg = await createTargetGroup(fx.server);
    const port = await freePort();
    await createListener(fx.server, lb, port, forwardTo(tg));
    await registerTargets(fx.server, tg, [slow.port]);
    await waitFor('healthy', () => fx.server.loadBalancers.health(tg.arn, { id: '127.0.0.1', port: slow.port })?.state === 'healthy');
    const r = await get(port);
    assert.equal(r.status, 504);
    assert.match(r.body, /504 Gateway Time-out/);
    for (const release of held) release();
  });

  it('reaches instance targets at their container instance\'s address', async () => {
    const b = await backend('on-instance');
    await fx.server.services.store.transaction((tx) => tx.put(CONTAINER_INSTANCES, 'default/ci-lb-test', {
      id: 'ci-lb-test', clusterName: 'default', ec2InstanceId: 'i-0123456789abcdef0', privateIp: '127.0.0.1',
    }));
    const lb = await createLoadBalancer(fx.server);
    const tg = await createTargetGroup(fx.server, { targetType: 'instance' });
    const port = await freePort();
    await createListener(fx.server, lb, port, forwardTo(tg));
    await registerTargets(fx.server, tg, [b.port], 'i-0123456789abcdef0');
    await waitFor('healthy', () => fx.server.loadBalancers.health(tg.arn, { id: 'i-0123456789abcdef0', port: b.port })?.state === 'healthy');
    assert.equal((await get(port)).body, 'on-instance');
  });

  it('serves fixed responses and redirects', async () => {
    const lb = await createLoadBalancer(fx.server);
    const port = await freePort();
    await createListener(fx.server, lb, port, [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '418', contentType: 'text/plain', messageBody: 'teapot' } }]);
    const fixed = await get(port);
    assert.deepEqual([fixed.status, fixed.body, fixed.headers['content-type']], [418, 'teapot', 'text/plain']);

    const port2 = await freePort();
    await createListener(fx.server, lb, port2, [{ type: 'redirect', redirectConfig: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }]);
    const moved = await get(port2, '/a/b?c=d', { host: 'example.com' });
    assert.equal(moved.status, 301);
    assert.equal(moved.headers.location, 'https://example.com/a/b?c=d');
  });
});
