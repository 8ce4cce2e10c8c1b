import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LB_CONFIG_TOPIC } from '../../src/api/elbv2/model.js';
import { createLoadBalancer, elb, elbError, queryError, type Json, type LoadBalancerOut } from './helpers.js';
import { serverPublishing } from './fixture.js';

describe('ELBv2 load balancers through the AWS CLI', () => {
  const fx = serverPublishing(LB_CONFIG_TOPIC);

  it('creates an application load balancer and describes it by ARN, name and page', async () => {
    const out = await elb<LoadBalancerOut>(fx.server, ['create-load-balancer', '--name', 'web', '--subnets', 'subnet-a', 'subnet-b', '--tags', 'Key=env,Value=test']);
    const lb = out.LoadBalancers[0] as Json;
    assert.match(String(lb.LoadBalancerArn), /^arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer\/app\/web\/[0-9a-f]{16}$/);
    assert.match(String(lb.DNSName), /^web-\d+\.us-east-1\.elb\.localhost$/);
    assert.equal(lb.Type, 'application');
    assert.equal(lb.Scheme, 'internet-facing');
    assert.equal(lb.VpcId, 'vpc-wharf');
    assert.deepEqual(lb.State, { Code: 'active' });
    assert.deepEqual((lb.AvailabilityZones as Json[]).map((z) => [z.ZoneName, z.SubnetId]), [['us-east-1a', 'subnet-a'], ['us-east-1b', 'subnet-b']]);
    assert.ok(fx.published.includes(String(lb.LoadBalancerArn)));

    const net = (await elb<LoadBalancerOut>(fx.server, ['create-load-balancer', '--name', 'net', '--type', 'network', '--scheme', 'internal'])).LoadBalancers[0]?.LoadBalancerArn ?? '';
    assert.match(net, /:loadbalancer\/net\/net\//);
    const byArn = await elb<LoadBalancerOut>(fx.server, ['describe-load-balancers', '--load-balancer-arns', net]);
    assert.equal(byArn.LoadBalancers[0]?.Type, 'network');
    assert.match(String(byArn.LoadBalancers[0]?.DNSName), /^internal-net-/);
    const byName = await elb<LoadBalancerOut>(fx.server, ['describe-load-balancers', '--names', 'web']);
    assert.equal(byName.LoadBalancers[0]?.LoadBalancerArn, lb.LoadBalancerArn);
    const page = await elb<LoadBalancerOut & { NextMarker?: string }>(fx.server, ['describe-load-balancers', '--page-size', '1', '--no-paginate']);
    assert.equal(page.LoadBalancers.length, 1);
    assert.ok(page.NextMarker);
    const next = await elb<LoadBalancerOut & { NextMarker?: string }>(fx.server, ['describe-load-balancers', '--page-size', '1', '--marker', page.NextMarker, '--no-paginate']);
    assert.equal(next.LoadBalancers.length, 1);
    assert.equal(next.NextMarker, undefined);
    const all = await elb<LoadBalancerOut>(fx.server, ['describe-load-balancers']);
    assert.deepEqual(all.LoadBalancers.map((l) => l.LoadBalancerName).sort(), ['net', 'web']);
  });

  it('answers the same settings idempotently and other settings with DuplicateLoadBalancerName', async () => {
    const first = await createLoadBalancer(fx.server, 'twice');
    assert.equal(await createLoadBalancer(fx.server, 'twice'), first);
    await elbError(fx.server, ['create-load-balancer', '--name', 'twice', '--type', 'network'], 'DuplicateLoadBalancerName');
  });

  it('rejects bad names and unknown load balancers as ELB does', async () => {
    const [bad, long, missing, notArn] = await Promise.all([
      elbError(fx.server, ['create-load-balancer', '--name', 'web-'], 'ValidationError'),
      queryError(fx.server, 'CreateLoadBalancer', { Name: 'x'.repeat(33) }, 'ValidationError'),
      elbError(fx.server, ['describe-load-balancers', '--names', 'nope'], 'LoadBalancerNotFound'),
      queryError(fx.server, 'DescribeLoadBalancers', { 'LoadBalancerArns.member.1': 'not-an-arn' }, 'ValidationError'),
    ]);
    assert.match(bad, /cannot begin or end with '-'/);
    assert.match(long, /cannot be longer than '32' characters/);
    assert.match(missing, /Load balancers '\[nope\]' not found/);
    assert.match(notArn, /'not-an-arn' is not a valid load balancer ARN/);
    const gateway = await queryError(fx.server, 'CreateLoadBalancer', { Name: 'gw', Type: 'gateway' }, 'ValidationError');
    assert.match(gateway, /1 validation error detected: Value 'gateway' at 'type' failed to satisfy constraint: Member must satisfy enum value set: \[application, network\]/);
  });

  it('describes and modifies attributes, and deletion protection blocks a delete', async () => {
    const arn = await createLoadBalancer(fx.server, 'attrs');
    const attrs = await elb<{ Attributes: { Key: string; Value: string }[] }>(fx.server, ['describe-load-balancer-attributes', '--load-balancer-arn', arn]);
    const map = new Map(attrs.Attributes.map((a) => [a.Key, a.Value]));
    assert.equal(map.get('idle_timeout.timeout_seconds'), '60');
    assert.equal(map.get('deletion_protection.enabled'), 'false');
    const changed = await elb<{ Attributes: { Key: string; Value: string }[] }>(fx.server, [
      'modify-load-balancer-attributes', '--load-balancer-arn', arn, '--attributes', 'Key=idle_timeout.timeout_seconds,Value=120', 'Key=deletion_protection.enabled,Value=true',
    ]);
    assert.ok(changed.Attributes.some((a) => a.Key === 'idle_timeout.timeout_seconds' && a.Value === '120'));
    const [unknownKey, badValue, protectedDelete] = await Promise.all([
      queryError(fx.server, 'ModifyLoadBalancerAttributes', { LoadBalancerArn: arn, 'Attributes.member.1.Key': 'no.such.key', 'Attributes.member.1.Value': '1' }, 'ValidationError'),
      elbError(fx.server, ['modify-load-balancer-attributes', '--load-balancer-arn', arn, '--attributes', 'Key=idle_timeout.timeout_seconds,Value=5000'], 'ValidationError'),
      elbError(fx.server, ['delete-load-balancer', '--load-balancer-arn', arn], 'OperationNotPermitted'),
    ]);
    assert.match(unknownKey, /not recognized/);
    assert.match(badValue, /between 1 and 4000/);
    assert.match(protectedDelete, /deletion protection is enabled/);
    await elb(fx.server, ['modify-load-balancer-attributes', '--load-balancer-arn', arn, '--attributes', 'Key=deletion_protection.enabled,Value=false']);
    await elb(fx.server, ['delete-load-balancer', '--load-balancer-arn', arn]);
    // Deleting again succeeds, as ELB's DeleteLoadBalancer does.
    await elb(fx.server, ['delete-load-balancer', '--load-balancer-arn', arn]);
    await elbError(fx.server, ['describe-load-balancer-attributes', '--load-balancer-arn', arn], 'LoadBalancerNotFound');
  });
});
