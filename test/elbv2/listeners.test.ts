import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createListener, createLoadBalancer, createTargetGroup, elb, elbError, freePort, queryError, type Json, type ListenerOut } from './helpers.js';

describe('ELBv2 listeners through the AWS CLI', () => {
  let server: TestServer;
  let alb: string;
  let nlb: string;
  let web: string;
  let api: string;
  let tcp: string;
  before(async () => {
    server = await startTestServer();
    [alb, nlb, web, api, tcp] = await Promise.all([
      createLoadBalancer(server, 'alb'),
      createLoadBalancer(server, 'nlb', { Type: 'network' }),
      createTargetGroup(server, 'web'),
      createTargetGroup(server, 'api'),
      createTargetGroup(server, 'tcp', { Protocol: 'TCP', Port: '5432' }),
    ]);
  });
  after(async () => server.stop());

  it('creates listeners from the shorthand and JSON forms, echoing ELB\'s ForwardConfig', async () => {
    const port = await freePort();
    const cli = ['create-listener', '--load-balancer-arn', alb, '--protocol', 'HTTP', '--port', String(port), '--default-actions', `Type=forward,TargetGroupArn=${web}`];
    const arn = (await elb<ListenerOut>(server, cli)).Listeners[0]?.ListenerArn ?? '';
    assert.match(arn, /:listener\/app\/alb\/[0-9a-f]{16}\/[0-9a-f]{16}$/);
    const described = await elb<ListenerOut>(server, ['describe-listeners', '--listener-arns', arn]);
    const action = (described.Listeners[0]?.DefaultActions as Json[])[0];
    assert.deepEqual(action, {
      Type: 'forward', TargetGroupArn: web,
      ForwardConfig: { TargetGroups: [{ TargetGroupArn: web, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } },
    });
    // Weighted forward in JSON: both groups, their weights kept.
    const weighted = JSON.stringify([{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: web, Weight: 90 }, { TargetGroupArn: api, Weight: 10 }] } }]);
    const port2 = await freePort();
    const out = await elb<ListenerOut>(server, ['create-listener', '--load-balancer-arn', alb, '--protocol', 'HTTP', '--port', String(port2), '--default-actions', weighted]);
    const fc = ((out.Listeners[0]?.DefaultActions as Json[])[0] as Json).ForwardConfig as Json;
    assert.deepEqual(fc.TargetGroups, [{ TargetGroupArn: web, Weight: 90 }, { TargetGroupArn: api, Weight: 10 }]);
    const all = await elb<ListenerOut>(server, ['describe-listeners', '--load-balancer-arn', alb]);
    assert.deepEqual(all.Listeners.map((l) => l.Port), [port, port2].sort((a, b) => a - b));
    // The same listener again is answered as it is; another action on that port is a DuplicateListener.
    assert.equal((await elb<ListenerOut>(server, cli)).Listeners[0]?.ListenerArn, arn);
    const dup = await elbError(server, ['create-listener', '--load-balancer-arn', alb, '--protocol', 'HTTP', '--port', String(port),
      '--default-actions', 'Type=fixed-response,FixedResponseConfig={StatusCode=200}'], 'DuplicateListener');
    assert.match(dup, /already exists on this port/);
  });

  it('refuses protocols, actions and ports the load balancer cannot take', async () => {
    const port = await freePort();
    const on = (lb: string, protocol: string) => ({ LoadBalancerArn: lb, Protocol: protocol, Port: String(port) });
    const [incompatible, tgProtocol, nlbAction, missingTg, badStatus, elsewhere] = await Promise.all([
      elbError(server, ['create-listener', '--load-balancer-arn', alb, '--protocol', 'TCP', '--port', String(port), '--default-actions', `Type=forward,TargetGroupArn=${web}`], 'IncompatibleProtocols'),
      queryError(server, 'CreateListener', { ...on(alb, 'HTTP'), 'DefaultActions.member.1.Type': 'forward', 'DefaultActions.member.1.TargetGroupArn': tcp }, 'IncompatibleProtocols'),
      elbError(server, ['create-listener', '--load-balancer-arn', nlb, '--protocol', 'TCP', '--port', String(port), '--default-actions', 'Type=fixed-response,FixedResponseConfig={StatusCode=200}'], 'InvalidLoadBalancerAction'),
      elbError(server, ['create-listener', '--load-balancer-arn', alb, '--protocol', 'HTTP', '--port', String(port), '--default-actions', `Type=forward,TargetGroupArn=${web.replace(/[0-9a-f]{16}$/, '0000000000000000')}`], 'TargetGroupNotFound'),
      queryError(server, 'CreateListener', { ...on(alb, 'HTTP'), 'DefaultActions.member.1.Type': 'fixed-response', 'DefaultActions.member.1.FixedResponseConfig.StatusCode': '302' }, 'ValidationError'),
      (async () => {
        const taken = await freePort();
        await createListener(server, nlb, { port: taken, protocol: 'TCP', targetGroup: tcp });
        return elbError(server, ['create-listener', '--load-balancer-arn', alb, '--protocol', 'HTTP', '--port', String(taken), '--default-actions', `Type=forward,TargetGroupArn=${api}`], 'InvalidConfigurationRequest');
      })(),
    ]);
    assert.match(incompatible, /must be one of 'HTTP, HTTPS'/);
    assert.match(tgProtocol, /not supported with a target group with the protocol 'TCP'/);
    assert.match(nlbAction, /not supported by Network Load Balancers/);
    assert.match(missingTg, /not found/);
    assert.match(badStatus, /fixedResponseConfig.statusCode/);
    assert.match(elsewhere, /already used by a listener of load balancer/);
    // A target group forwarded to by one load balancer cannot join another.
    const other = await createLoadBalancer(server, 'other');
    const assoc = await elbError(server, ['create-listener', '--load-balancer-arn', other, '--protocol', 'HTTP', '--port', String(port),
      '--default-actions', `Type=forward,TargetGroupArn=${web}`], 'TargetGroupAssociationLimit');
    assert.match(assoc, /cannot be associated with more than one load balancer/);
  });

  it('refuses a port the host cannot listen on, with the data plane\'s reason', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      await elbError(server, ['create-listener', '--load-balancer-arn', alb, '--protocol', 'HTTP', '--port', String(port),
        '--default-actions', `Type=forward,TargetGroupArn=${api}`], 'InvalidConfigurationRequest');
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('modifies and deletes a listener', async () => {
    const arn = await createListener(server, alb, { port: await freePort(), targetGroup: api });
    const newPort = await freePort();
    const out = await elb<ListenerOut>(server, ['modify-listener', '--listener-arn', arn, '--port', String(newPort),
      '--default-actions', 'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}']);
    const l = out.Listeners[0] as Json;
    assert.equal(l.Port, newPort);
    assert.deepEqual((l.DefaultActions as Json[])[0], {
      Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', Host: '#{host}', Path: '/#{path}', Query: '#{query}', StatusCode: 'HTTP_301' },
    });
    await elb(server, ['delete-listener', '--listener-arn', arn]);
    const [gone, again, neither] = await Promise.all([
      elbError(server, ['describe-listeners', '--listener-arns', arn], 'ListenerNotFound'),
      elbError(server, ['delete-listener', '--listener-arn', arn], 'ListenerNotFound'),
      queryError(server, 'DescribeListeners', {}, 'ValidationError'),
    ]);
    assert.match(gone, /One or more listeners not found/);
    assert.match(again, /listeners not found/);
    assert.match(neither, /either listener ARNs or a load balancer ARN/);
  });
});
