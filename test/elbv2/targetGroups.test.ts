import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TARGETS_TOPIC } from '../../src/api/elbv2/model.js';
import { createListener, createLoadBalancer, createTargetGroup, elb, elbError, freePort, queryError, type Json, type TargetGroupOut } from './helpers.js';
import { serverPublishing } from './fixture.js';

type Attributes = { Attributes: { Key: string; Value: string }[] };

describe('ELBv2 target groups through the AWS CLI', () => {
  const fx = serverPublishing(TARGETS_TOPIC);

  it('fills ELB health check defaults per protocol', async () => {
    const [http, tcp] = await Promise.all([
      elb<TargetGroupOut>(fx.server, ['create-target-group', '--name', 'http-tg', '--protocol', 'HTTP', '--port', '80', '--vpc-id', 'vpc-wharf']),
      elb<TargetGroupOut>(fx.server, ['create-target-group', '--name', 'tcp-tg', '--protocol', 'TCP', '--port', '5432', '--target-type', 'ip']),
    ]);
    const h = http.TargetGroups[0] as Json;
    assert.deepEqual(
      [h.HealthCheckProtocol, h.HealthCheckPort, h.HealthCheckIntervalSeconds, h.HealthCheckTimeoutSeconds, h.HealthyThresholdCount, h.UnhealthyThresholdCount, h.HealthCheckPath, h.Matcher, h.TargetType],
      ['HTTP', 'traffic-port', 30, 5, 5, 2, '/', { HttpCode: '200' }, 'instance'],
    );
    const t = tcp.TargetGroups[0] as Json;
    assert.deepEqual(
      [t.HealthCheckProtocol, t.HealthCheckIntervalSeconds, t.HealthCheckTimeoutSeconds, t.HealthyThresholdCount, t.UnhealthyThresholdCount, t.HealthCheckPath, t.TargetType],
      ['TCP', 30, 10, 5, 2, undefined, 'ip'],
    );
  });

  it('validates names, ranges and health check settings with ELB messages', async () => {
    const [interval, timeout, name, duplicate, port, matcher] = await Promise.all([
      elbError(fx.server, ['create-target-group', '--name', 'bad', '--protocol', 'HTTP', '--port', '80', '--health-check-interval-seconds', '400'], 'ValidationError'),
      queryError(fx.server, 'CreateTargetGroup', { Name: 'bad', Protocol: 'HTTP', Port: '80', HealthCheckIntervalSeconds: '10', HealthCheckTimeoutSeconds: '10' }, 'ValidationError'),
      queryError(fx.server, 'CreateTargetGroup', { Name: 'bad_name', Protocol: 'HTTP', Port: '80' }, 'ValidationError'),
      (async () => {
        await createTargetGroup(fx.server, 'dup');
        return elbError(fx.server, ['create-target-group', '--name', 'dup', '--protocol', 'HTTP', '--port', '8080'], 'DuplicateTargetGroupName');
      })(),
      queryError(fx.server, 'CreateTargetGroup', { Name: 'noport', Protocol: 'HTTP' }, 'ValidationError'),
      queryError(fx.server, 'CreateTargetGroup', { Name: 'bad', Protocol: 'HTTP', Port: '80', 'Matcher.HttpCode': 'abc' }, 'ValidationError'),
    ]);
    assert.match(interval, /Value '400' at 'healthCheckIntervalSeconds' failed to satisfy constraint: Member must have value less than or equal to 300/);
    assert.match(timeout, /Health check timeout '10' must be smaller than the interval '10'/);
    assert.match(name, /can only contain characters that are alphanumeric characters or hyphens/);
    assert.match(duplicate, /same name exists, but with different settings/);
    assert.match(port, /A port must be specified/);
    assert.match(matcher, /matcher HTTP code 'abc'/);
    // The same settings again answer the existing group (CreateTargetGroup is idempotent).
    const again = await elb<TargetGroupOut>(fx.server, ['describe-target-groups', '--names', 'dup']);
    assert.equal(await createTargetGroup(fx.server, 'dup'), again.TargetGroups[0]?.TargetGroupArn);
  });

  it('modifies health checks and attributes, publishing the change', async () => {
    const arn = await createTargetGroup(fx.server, 'mod');
    const out = await elb<TargetGroupOut>(fx.server, ['modify-target-group', '--target-group-arn', arn, '--health-check-path', '/health', '--healthy-threshold-count', '3', '--matcher', 'HttpCode=200-299']);
    const tg = out.TargetGroups[0] as Json;
    assert.deepEqual([tg.HealthCheckPath, tg.HealthyThresholdCount, tg.Matcher, tg.HealthCheckTimeoutSeconds], ['/health', 3, { HttpCode: '200-299' }, 5]);
    assert.ok(fx.published.includes(arn));

    const attrs = await elb<Attributes>(fx.server, ['describe-target-group-attributes', '--target-group-arn', arn]);
    const map = new Map(attrs.Attributes.map((a) => [a.Key, a.Value]));
    assert.equal(map.get('deregistration_delay.timeout_seconds'), '300');
    assert.equal(map.get('load_balancing.algorithm.type'), 'round_robin');
    assert.equal(map.get('stickiness.enabled'), 'false');
    const changed = await elb<Attributes>(fx.server, ['modify-target-group-attributes', '--target-group-arn', arn, '--attributes',
      'Key=deregistration_delay.timeout_seconds,Value=5', 'Key=load_balancing.algorithm.type,Value=least_outstanding_requests', 'Key=stickiness.enabled,Value=true']);
    const after = new Map(changed.Attributes.map((a) => [a.Key, a.Value]));
    assert.deepEqual([after.get('deregistration_delay.timeout_seconds'), after.get('load_balancing.algorithm.type'), after.get('stickiness.enabled')], ['5', 'least_outstanding_requests', 'true']);
    const [delay, algorithm, unknown, missing] = await Promise.all([
      elbError(fx.server, ['modify-target-group-attributes', '--target-group-arn', arn, '--attributes', 'Key=deregistration_delay.timeout_seconds,Value=3601'], 'ValidationError'),
      queryError(fx.server, 'ModifyTargetGroupAttributes', { TargetGroupArn: arn, 'Attributes.member.1.Key': 'load_balancing.algorithm.type', 'Attributes.member.1.Value': 'random' }, 'ValidationError'),
      queryError(fx.server, 'ModifyTargetGroupAttributes', { TargetGroupArn: arn, 'Attributes.member.1.Key': 'no.such', 'Attributes.member.1.Value': '1' }, 'ValidationError'),
      elbError(fx.server, ['modify-target-group', '--target-group-arn', arn.replace(/[0-9a-f]{16}$/, '0000000000000000'), '--health-check-path', '/x'], 'TargetGroupNotFound'),
    ]);
    assert.match(delay, /'deregistration_delay.timeout_seconds' value '3601' must be between '0-3600' inclusive/);
    assert.match(algorithm, /round_robin, least_outstanding_requests/);
    assert.match(unknown, /Target group attribute key 'no.such' is not recognized/);
    assert.match(missing, /One or more target groups not found/);
  });

  it('reports the load balancers using a group and refuses to delete a group in use', async () => {
    const lb = await createLoadBalancer(fx.server, 'user');
    const tg = await createTargetGroup(fx.server, 'used');
    const listener = await createListener(fx.server, lb, { port: await freePort(), targetGroup: tg });
    const byLb = await elb<TargetGroupOut>(fx.server, ['describe-target-groups', '--load-balancer-arn', lb]);
    assert.deepEqual(byLb.TargetGroups.map((t) => t.TargetGroupArn), [tg]);
    assert.deepEqual(byLb.TargetGroups[0]?.LoadBalancerArns, [lb]);
    const inUse = await elbError(fx.server, ['delete-target-group', '--target-group-arn', tg], 'ResourceInUse');
    assert.match(inUse, /currently in use by a listener or a rule/);
    await elb(fx.server, ['delete-listener', '--listener-arn', listener]);
    await elb(fx.server, ['delete-target-group', '--target-group-arn', tg]);
    await elb(fx.server, ['delete-target-group', '--target-group-arn', tg]);
    await elbError(fx.server, ['describe-target-groups', '--target-group-arns', tg], 'TargetGroupNotFound');
    const both = await queryError(fx.server, 'DescribeTargetGroups', { 'Names.member.1': 'x', LoadBalancerArn: lb }, 'ValidationError');
    assert.match(both, /cannot be specified at the same time/);
  });
});
