// Active health checks: the pure state machine by hand, then real checks deciding who gets traffic.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TARGET_HEALTH_TOPIC } from '../../src/api/elbv2/model.js';
import { REGISTERING, nextHealth, parseMatcher, type CheckResult, type HealthStatus } from '../../src/lb/health/state.js';
import {
  createListener, createLoadBalancer, createTargetGroup, forwardTo, freePort, registerTargets, startBackend, tally, waitFor,
  type Backend,
} from './helpers.js';
import { serverWithBackends } from './fixture.js';

const PASS: CheckResult = { ok: true };
const FAIL: CheckResult = { ok: false, reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [500]' };
const run = (results: CheckResult[], from: HealthStatus = REGISTERING): HealthStatus['state'][] => {
  const states: HealthStatus['state'][] = [];
  let s = from;
  for (const r of results) {
    s = nextHealth(s, r, { healthyThresholdCount: 3, unhealthyThresholdCount: 2 });
    states.push(s.state);
  }
  return states;
};

describe('health state machine (pure)', () => {
  it('needs healthyThresholdCount consecutive passes and unhealthyThresholdCount consecutive failures', () => {
    assert.deepEqual(run([PASS, PASS, PASS]), ['initial', 'initial', 'healthy']);
    assert.deepEqual(run([PASS, FAIL, PASS, PASS, PASS]), ['initial', 'initial', 'initial', 'initial', 'healthy']);
    assert.deepEqual(run([FAIL, FAIL]), ['initial', 'unhealthy']);
    assert.deepEqual(run([PASS, PASS, PASS, FAIL, PASS, FAIL, FAIL, PASS, PASS, PASS]),
      ['initial', 'initial', 'healthy', 'healthy', 'healthy', 'healthy', 'unhealthy', 'unhealthy', 'unhealthy', 'healthy']);
  });

  it('gives ELB reasons: registration, then initial checking, then the failure', () => {
    assert.equal(REGISTERING.reason, 'Elb.RegistrationInProgress');
    const first = nextHealth(REGISTERING, PASS, { healthyThresholdCount: 5, unhealthyThresholdCount: 2 });
    assert.deepEqual([first.state, first.reason, first.everPassed], ['initial', 'Elb.InitialHealthChecking', true]);
    const bad = nextHealth(nextHealth(first, FAIL, { healthyThresholdCount: 5, unhealthyThresholdCount: 2 }), FAIL, { healthyThresholdCount: 5, unhealthyThresholdCount: 2 });
    assert.deepEqual([bad.state, bad.reason, bad.description], ['unhealthy', FAIL.reason, FAIL.description]);
  });

  it('parses matchers', () => {
    const m = parseMatcher('200,204,300-302');
    assert.deepEqual([200, 201, 204, 299, 300, 302, 303].map(m), [true, false, true, false, true, true, false]);
    assert.ok(parseMatcher(undefined)(200));
  });
});

describe('load balancer: health checks', () => {
  const fx = serverWithBackends();

  it('stops sending traffic to a target that turns unhealthy, and says why', async () => {
    const [good, bad] = [await startBackend('good'), await startBackend('bad')];
    fx.backends.push(good, bad);
    const lb = await createLoadBalancer(fx.server);
    const tg = await createTargetGroup(fx.server);
    const port = await freePort();
    await createListener(fx.server, lb, port, forwardTo(tg));
    const published: string[] = [];
    fx.server.services.changes?.subscribe(TARGET_HEALTH_TOPIC, (key) => published.push(key));
    await registerTargets(fx.server, tg, [good.port, bad.port]);
    const health = (b: Backend): ReturnType<typeof fx.server.loadBalancers.health> => fx.server.loadBalancers.health(tg.arn, { id: '127.0.0.1', port: b.port });
    await waitFor('both healthy', () => health(good)?.state === 'healthy' && health(bad)?.state === 'healthy');
    assert.deepEqual([...(await tally(port, 4)).keys()].sort(), ['bad', 'good']);
    assert.ok(published.includes(tg.arn));

    bad.healthStatus = 500;
    await waitFor('bad unhealthy', () => health(bad)?.state === 'unhealthy');
    assert.deepEqual(health(bad), { state: 'unhealthy', reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [500]' });
    assert.deepEqual([...(await tally(port, 10)).entries()], [['good', 10]]);

    bad.healthStatus = 200;
    await waitFor('bad healthy again', () => health(bad)?.state === 'healthy');
    assert.deepEqual([...(await tally(port, 4)).keys()].sort(), ['bad', 'good']);
  });

  it('reports a check that does not answer in time as Target.Timeout', async () => {
    const mute = await startBackend('mute', (req) => req.url === '/hang');
    fx.backends.push(mute);
    const lb = await createLoadBalancer(fx.server);
    const tg = await createTargetGroup(fx.server, { healthCheck: { path: '/hang', timeoutSeconds: 0.2 } });
    await createListener(fx.server, lb, await freePort(), forwardTo(tg));
    await registerTargets(fx.server, tg, [mute.port]);
    const h = await waitFor('timeout verdict', () => {
      const x = fx.server.loadBalancers.health(tg.arn, { id: '127.0.0.1', port: mute.port });
      return x?.state === 'unhealthy' ? x : undefined;
    });
    assert.deepEqual(h, { state: 'unhealthy', reason: 'Target.Timeout', description: 'Request timed out' });
  });

  it('does not check groups no listener uses', async () => {
    const idle = await startBackend('idle');
    fx.backends.push(idle);
    const tg = await createTargetGroup(fx.server);
    await registerTargets(fx.server, tg, [idle.port]);
    assert.equal(fx.server.loadBalancers.health(tg.arn, { id: '127.0.0.1', port: idle.port }), undefined);
  });
});
