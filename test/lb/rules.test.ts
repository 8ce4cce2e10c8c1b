// Routing: the wildcard and rule compiler as pure functions, then path and host rules and a
// weighted forward through a real listener.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { compileRoutes, pickGroup, route, type RequestFacts } from '../../src/lb/routes.js';
import { wildcardRegExp } from '../../src/lb/wildcard.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import {
  createListener, createLoadBalancer, createRule, createTargetGroup, forwardTo, freePort, registerTargets, startBackend, tally, waitFor,
  type Backend,
} from './helpers.js';

const facts = (over: Partial<RequestFacts>): RequestFacts => ({
  method: 'GET', host: 'example.com', path: '/', query: '', sourceIp: '10.0.0.1', header: () => undefined, ...over,
});

describe('routing (pure)', () => {
  it('matches * and ? wildcards over the whole value', () => {
    assert.ok(wildcardRegExp('/api/*').test('/api/v1/x'));
    assert.ok(wildcardRegExp('/img/?.png').test('/img/a.png'));
    assert.ok(!wildcardRegExp('/img/?.png').test('/img/ab.png'));
    assert.ok(!wildcardRegExp('/api/*').test('/v2/api/x'));
    assert.ok(wildcardRegExp('*.example.com', true).test('WWW.Example.COM'));
    assert.ok(!wildcardRegExp('a.b').test('axb'));
  });

  it('takes rules by priority, then the default action', () => {
    const table = compileRoutes(
      { defaultActions: [{ type: 'forward', targetGroupArn: 'default' }] },
      [
        { arn: 'r2', id: 'r2', listenerArn: 'l', priority: 20, conditions: [{ field: 'path-pattern', values: ['/api/*'] }], actions: [{ type: 'forward', targetGroupArn: 'api' }] },
        { arn: 'r1', id: 'r1', listenerArn: 'l', priority: 10, conditions: [{ field: 'path-pattern', values: ['/api/admin*'] }, { field: 'http-request-method', values: ['post'] }], actions: [{ type: 'forward', targetGroupArn: 'admin' }] },
        { arn: 'r3', id: 'r3', listenerArn: 'l', priority: 30, conditions: [{ field: 'query-string', values: ['1'], queryStrings: [{ key: 'v*', value: '1' }] }], actions: [{ type: 'forward', targetGroupArn: 'q' }] },
      ],
      (arn) => arn,
    );
    const groupOf = (f: RequestFacts): string | undefined => {
      const a = route(table, f);
      return a.kind === 'forward' ? a.groups[0] : a.kind;
    };
    assert.equal(groupOf(facts({ path: '/api/admin/x', method: 'POST' })), 'admin');
    assert.equal(groupOf(facts({ path: '/api/admin/x' })), 'api');
    assert.equal(groupOf(facts({ path: '/other', query: 'a=2&version=1' })), 'q');
    assert.equal(groupOf(facts({ path: '/other' })), 'default');
  });

  it('picks weighted groups in proportion to their weights', () => {
    const a = compileRoutes({ defaultActions: [{ type: 'forward', forwardConfig: { targetGroups: [
      { targetGroupArn: 'x', weight: 3 }, { targetGroupArn: 'y', weight: 1 }, { targetGroupArn: 'z', weight: 0 },
    ] } }] }, [], (arn) => arn).defaultAction;
    assert.equal(a.kind, 'forward');
    if (a.kind !== 'forward') return;
    const picks = [0, 0.5, 0.74, 0.75, 0.99].map((r) => pickGroup(a, () => r));
    assert.deepEqual(picks, ['x', 'x', 'x', 'y', 'y']);
  });
});

describe('load balancer: rules', () => {
  let server: TestServer;
  let port: number;
  const backends: Backend[] = [];
  before(async () => {
    server = await startTestServer();
    const [web, api, admin, heavy, light] = await Promise.all(['web', 'api', 'admin', 'heavy', 'light'].map((n) => startBackend(n)));
    if (!web || !api || !admin || !heavy || !light) throw new Error('backends');
    backends.push(web, api, admin, heavy, light);
    const groups = await Promise.all(backends.map(() => createTargetGroup(server)));
    await Promise.all(groups.map((tg, i) => registerTargets(server, tg, [backends[i]?.port ?? 0])));
    const [gWeb, gApi, gAdmin, gHeavy, gLight] = groups;
    if (!gWeb || !gApi || !gAdmin || !gHeavy || !gLight) throw new Error('groups');
    const lb = await createLoadBalancer(server);
    port = await freePort();
    const listener = await createListener(server, lb, port, forwardTo(gWeb));
    await createRule(server, lb, listener, 10, [{ field: 'path-pattern', values: ['/api/*', '/v?/api'] }], forwardTo(gApi));
    await createRule(server, lb, listener, 5, [{ field: 'host-header', values: ['admin.*.example.com'] }], forwardTo(gAdmin));
    await createRule(server, lb, listener, 20, [{ field: 'path-pattern', values: ['/split'] }], [{
      type: 'forward', forwardConfig: { targetGroups: [{ targetGroupArn: gHeavy.arn, weight: 80 }, { targetGroupArn: gLight.arn, weight: 20 }] },
    }]);
    await waitFor('all healthy', () => groups.every((tg, i) =>
      server.loadBalancers.health(tg.arn, { id: '127.0.0.1', port: backends[i]?.port ?? 0 })?.state === 'healthy'));
  });
  after(async () => {
    await server.stop();
    await Promise.all(backends.map((b) => b.close()));
  });

  it('routes by path pattern and by host header (case-insensitive), else the default', async () => {
    assert.deepEqual([...(await tally(port, 2, '/api/users')).keys()], ['api']);
    assert.deepEqual([...(await tally(port, 1, '/v2/api')).keys()], ['api']);
    assert.deepEqual([...(await tally(port, 1, '/api/users', { host: 'ADMIN.eu.Example.com:8080' })).keys()], ['admin']);
    assert.deepEqual([...(await tally(port, 2, '/index.html')).keys()], ['web']);
    assert.deepEqual([...(await tally(port, 1, '/API/users')).keys()], ['web'], 'paths are case-sensitive');
  });

  it('splits a weighted forward 80/20', async () => {
    const counts = await tally(port, 500, '/split');
    const heavy = counts.get('heavy') ?? 0;
    assert.equal(heavy + (counts.get('light') ?? 0), 500);
    assert.ok(heavy >= 360 && heavy <= 440, `heavy got ${heavy} of 500`);
  });
});
