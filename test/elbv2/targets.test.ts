import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import { TARGETS_TOPIC, type TargetGroupRecord } from '../../src/api/elbv2/model.js';
import { setForwardWeights, findRuleOrListener } from '../../src/api/elbv2/rules.js';
import { deregisterTargets, getTargetGroup, listTargets, registerTargets, targetGroupInUse, targetHealth } from '../../src/api/elbv2/targets.js';
import { registerInstance } from '../helpers/scriptedAgent.js';
import { createListener, createLoadBalancer, createTargetGroup, elb, elbError, freePort, queryError, type Json } from './helpers.js';
import { serverPublishing } from './fixture.js';

type Health = { TargetHealthDescriptions: { Target: Json; HealthCheckPort: string; TargetHealth: Json }[] };

describe('ELBv2 targets through the AWS CLI', () => {
  const fx = serverPublishing(TARGETS_TOPIC);

  it('registers container instances by EC2 instance id and refuses unknown ids', async () => {
    const ecs = new ECSClient(fx.server.clientConfig);
    await ecs.send(new CreateClusterCommand({}));
    await registerInstance(ecs, { instanceId: 'i-0123456789abcdef0', availabilityZone: 'us-east-1c' });
    const tg = await createTargetGroup(fx.server, 'instances');
    await elb(fx.server, ['register-targets', '--target-group-arn', tg, '--targets', 'Id=i-0123456789abcdef0', 'Id=i-0123456789abcdef0,Port=8080']);
    assert.ok(fx.published.includes(tg));
    const health = await elb<Health>(fx.server, ['describe-target-health', '--target-group-arn', tg]);
    assert.deepEqual(health.TargetHealthDescriptions.map((d) => [d.Target.Id, d.Target.Port, d.Target.AvailabilityZone, d.HealthCheckPort, d.TargetHealth.State, d.TargetHealth.Reason]), [
      ['i-0123456789abcdef0', 80, 'us-east-1c', '80', 'unused', 'Target.NotInUse'],
      ['i-0123456789abcdef0', 8080, 'us-east-1c', '8080', 'unused', 'Target.NotInUse'],
    ]);
    const unknown = await elbError(fx.server, ['register-targets', '--target-group-arn', tg, '--targets', 'Id=i-ffffffffffffffff0'], 'InvalidTarget');
    assert.match(unknown, /does not exist.*i-ffffffffffffffff0/);
  });

  it('registers IP targets, drains on deregister and registers a draining target again', async () => {
    const tg = await createTargetGroup(fx.server, 'ips', { Protocol: 'HTTP', Port: '80', TargetType: 'ip', HealthCheckPort: '9000' });
    const [badIp] = await Promise.all([
      queryError(fx.server, 'RegisterTargets', { TargetGroupArn: tg, 'Targets.member.1.Id': '10.0.0.300' }, 'InvalidTarget'),
      elb(fx.server, ['register-targets', '--target-group-arn', tg, '--targets', 'Id=10.0.0.1,Port=8080', 'Id=10.0.0.2']),
    ]);
    assert.match(badIp, /not a valid IPv4 address/);
    await elb(fx.server, ['deregister-targets', '--target-group-arn', tg, '--targets', 'Id=10.0.0.1,Port=8080']);
    const notRegistered = await elbError(fx.server, ['deregister-targets', '--target-group-arn', tg, '--targets', 'Id=10.0.0.9'], 'InvalidTarget');
    assert.match(notRegistered, /not registered/);
    const health = await elb<Health>(fx.server, ['describe-target-health', '--target-group-arn', tg, '--targets', 'Id=10.0.0.1,Port=8080', 'Id=10.0.0.2', 'Id=10.0.0.7']);
    const states = health.TargetHealthDescriptions.map((d) => [d.Target.Id, d.HealthCheckPort, d.TargetHealth.State, d.TargetHealth.Reason]);
    // The data plane removes a drained target at once when no listener uses its group.
    assert.ok(['Target.DeregistrationInProgress', 'Target.NotRegistered'].includes(String(states[0]?.[3])), String(states[0]));
    assert.deepEqual(states.slice(1), [['10.0.0.2', '9000', 'unused', 'Target.NotInUse'], ['10.0.0.7', '9000', 'unused', 'Target.NotRegistered']]);
    await elb(fx.server, ['register-targets', '--target-group-arn', tg, '--targets', 'Id=10.0.0.1,Port=8080']);
    const again = await elb<Health>(fx.server, ['describe-target-health', '--target-group-arn', tg, '--targets', 'Id=10.0.0.1,Port=8080']);
    assert.equal(again.TargetHealthDescriptions[0]?.TargetHealth.State, 'unused');

    // Once a listener forwards to the group, the data plane reports the targets' health.
    const lb = await createLoadBalancer(fx.server, 'ips');
    await createListener(fx.server, lb, { port: await freePort(), targetGroup: tg });
    const used = await elb<Health>(fx.server, ['describe-target-health', '--target-group-arn', tg, '--targets', 'Id=10.0.0.2']);
    assert.ok(['initial', 'healthy', 'unhealthy'].includes(String(used.TargetHealthDescriptions[0]?.TargetHealth.State)));
  });

  it('exports the target and weight functions the service controller uses', async () => {
    const arn = await createTargetGroup(fx.server, 'controller', { Protocol: 'HTTP', Port: '80', TargetType: 'ip' });
    const blue = await createTargetGroup(fx.server, 'blue');
    const store = fx.server.services.store;
    const tg = (await getTargetGroup(store, arn)) as TargetGroupRecord;
    assert.equal(tg.name, 'controller');
    const targets = await store.transaction(async (tx) => {
      await registerTargets(tx, tg, [{ id: '10.1.0.1' }, { id: '10.1.0.2', port: 81 }, { id: '10.1.0.3' }], 1000);
      await deregisterTargets(tx, tg, [{ id: '10.1.0.2', port: 81 }, { id: '10.1.0.3', port: 80 }, { id: '10.9.9.9', port: 80 }], 2000);
      // Registering a draining target makes it registered again.
      await registerTargets(tx, tg, [{ id: '10.1.0.3' }], 3000);
      return listTargets(tx, tg);
    });
    assert.deepEqual(targets.map((t) => [t.id, t.port, t.state, t.drainingSince]), [
      ['10.1.0.1', 80, 'registered', undefined], ['10.1.0.2', 81, 'draining', 2000], ['10.1.0.3', 80, 'registered', undefined],
    ]);
    const draining = targets[1];
    assert.ok(draining);
    assert.deepEqual(await targetHealth(store, undefined, tg, draining), { state: 'draining', reason: 'Target.DeregistrationInProgress', description: 'Target deregistration is in progress' });
    assert.equal(await targetGroupInUse(store, tg), false);

    const lb = await createLoadBalancer(fx.server, 'shift');
    const listener = await createListener(fx.server, lb, { port: await freePort(), targetGroup: arn });
    assert.equal(await targetGroupInUse(store, tg), true);
    const first = targets[0];
    assert.ok(first);
    assert.deepEqual(await targetHealth(store, undefined, tg, first), { state: 'initial', reason: 'Elb.RegistrationInProgress', description: 'Target registration is in progress' });

    const weights = [{ targetGroupArn: arn, weight: 80 }, { targetGroupArn: blue, weight: 20 }];
    assert.equal(await store.transaction((tx) => setForwardWeights(tx, listener, weights)), lb);
    const ref = await findRuleOrListener(store, listener);
    assert.equal(ref?.kind, 'default');
    assert.deepEqual(ref?.listener.defaultActions[0]?.forwardConfig?.targetGroups, weights);
    assert.equal(await store.transaction((tx) => setForwardWeights(tx, `${listener.replace(/[0-9a-f]{16}$/, '0000000000000000')}`, weights)), undefined);
    const described = await elb<{ TargetGroups: Json[] }>(fx.server, ['describe-target-groups', '--target-group-arns', blue]);
    assert.deepEqual(described.TargetGroups[0]?.LoadBalancerArns, [lb]);
  });
});
