import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LB_CONFIG_TOPIC } from '../../src/api/elbv2/model.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createListener, createLoadBalancer, createTargetGroup, elb, elbError, freePort, queryError, type Json, type RuleOut } from './helpers.js';

describe('ELBv2 listener rules through the AWS CLI', () => {
  let server: TestServer;
  let lb: string;
  let listener: string;
  let web: string;
  let api: string;
  const published: string[] = [];
  before(async () => {
    server = await startTestServer();
    server.services.changes?.subscribe(LB_CONFIG_TOPIC, (key) => published.push(key));
    [lb, web, api] = await Promise.all([createLoadBalancer(server, 'rules'), createTargetGroup(server, 'web'), createTargetGroup(server, 'api')]);
    listener = await createListener(server, lb, { port: await freePort(), targetGroup: web });
  });
  after(async () => server.stop());

  it('creates rules with path and host conditions in both forms and lists the default rule last', async () => {
    published.length = 0;
    const byValues = await elb<RuleOut>(server, ['create-rule', '--listener-arn', listener, '--priority', '10',
      '--conditions', 'Field=path-pattern,Values=/api/*', '--actions', `Type=forward,TargetGroupArn=${api}`]);
    assert.equal(byValues.Rules[0]?.Priority, '10');
    assert.deepEqual((byValues.Rules[0]?.Conditions as Json[])[0], { Field: 'path-pattern', Values: ['/api/*'], PathPatternConfig: { Values: ['/api/*'] } });
    assert.deepEqual(published, [lb]);
    const conditions = JSON.stringify([
      { Field: 'host-header', HostHeaderConfig: { Values: ['api.example.com'] } },
      { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Env', Values: ['blue'] } },
      { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['GET', 'HEAD'] } },
      { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'v', Value: '2' }] } },
      { Field: 'source-ip', SourceIpConfig: { Values: ['10.0.0.0/8'] } },
    ]);
    const byConfig = await elb<RuleOut>(server, ['create-rule', '--listener-arn', listener, '--priority', '5', '--conditions', conditions,
      '--actions', 'Type=fixed-response,FixedResponseConfig={StatusCode=418,ContentType=text/plain,MessageBody=teapot}']);
    const stored = byConfig.Rules[0]?.Conditions as Json[];
    assert.deepEqual(stored.map((c) => c.Field), ['host-header', 'http-header', 'http-request-method', 'query-string', 'source-ip']);
    assert.deepEqual(stored[1]?.HttpHeaderConfig, { HttpHeaderName: 'X-Env', Values: ['blue'] });
    assert.deepEqual(stored[3]?.QueryStringConfig, { Values: [{ Key: 'v', Value: '2' }] });

    const all = await elb<RuleOut>(server, ['describe-rules', '--listener-arn', listener]);
    assert.deepEqual(all.Rules.map((r) => [r.Priority, r.IsDefault]), [['5', false], ['10', false], ['default', true]]);
    const def = all.Rules[2] as Json;
    assert.deepEqual(def.Conditions, []);
    assert.equal(((def.Actions as Json[])[0] as Json).TargetGroupArn, web);
    const one = await elb<RuleOut>(server, ['describe-rules', '--rule-arns', String(def.RuleArn)]);
    assert.equal(one.Rules[0]?.IsDefault, true);
  });

  it('answers PriorityInUse, bad conditions and default-rule limits as ELB does', async () => {
    const all = await elb<RuleOut>(server, ['describe-rules', '--listener-arn', listener]);
    const def = all.Rules.find((r) => r.IsDefault)?.RuleArn ?? '';
    const rule = (priority: string) => ({ ListenerArn: listener, Priority: priority, 'Actions.member.1.Type': 'forward', 'Actions.member.1.TargetGroupArn': api });
    const [inUse, field, priority, deleteDefault, missing] = await Promise.all([
      elbError(server, ['create-rule', '--listener-arn', listener, '--priority', '10', '--conditions', 'Field=path-pattern,Values=/x',
        '--actions', `Type=forward,TargetGroupArn=${api}`], 'PriorityInUse'),
      queryError(server, 'CreateRule', { ...rule('11'), 'Conditions.member.1.Field': 'cookie', 'Conditions.member.1.Values.member.1': 'x' }, 'ValidationError'),
      queryError(server, 'CreateRule', { ...rule('50001'), 'Conditions.member.1.Field': 'path-pattern', 'Conditions.member.1.Values.member.1': '/x' }, 'ValidationError'),
      elbError(server, ['delete-rule', '--rule-arn', def], 'OperationNotPermitted'),
      elbError(server, ['describe-rules', '--rule-arns', def.replace(/[0-9a-f]{16}$/, '0000000000000000')], 'RuleNotFound'),
    ]);
    assert.match(inUse, /Priority '10' is currently in use/);
    assert.match(field, /Condition field 'cookie' must be one of/);
    assert.match(priority, /Member must have value less than or equal to 50000/);
    assert.match(deleteDefault, /default rule cannot be deleted/);
    assert.match(missing, /One or more rules not found/);
  });

  it('modifies rules and the default rule, swaps priorities and deletes', async () => {
    const all = await elb<RuleOut>(server, ['describe-rules', '--listener-arn', listener]);
    const [five, ten, def] = all.Rules.map((r) => r.RuleArn);
    const modified = await elb<RuleOut>(server, ['modify-rule', '--rule-arn', String(ten), '--conditions', 'Field=path-pattern,Values=/v2/*']);
    assert.deepEqual(((modified.Rules[0]?.Conditions as Json[])[0] as Json).Values, ['/v2/*']);
    const weighted = JSON.stringify([{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: web, Weight: 3 }, { TargetGroupArn: api, Weight: 1 }] } }]);
    const defaultChanged = await elb<RuleOut>(server, ['modify-rule', '--rule-arn', String(def), '--actions', weighted]);
    assert.equal(defaultChanged.Rules[0]?.IsDefault, true);
    const listeners = await elb<{ Listeners: Json[] }>(server, ['describe-listeners', '--listener-arns', listener]);
    const fc = (((listeners.Listeners[0] as Json).DefaultActions as Json[])[0] as Json).ForwardConfig as Json;
    assert.deepEqual(fc.TargetGroups, [{ TargetGroupArn: web, Weight: 3 }, { TargetGroupArn: api, Weight: 1 }]);

    const swapped = await elb<RuleOut>(server, ['set-rule-priorities', '--rule-priorities', `RuleArn=${five},Priority=10`, `RuleArn=${ten},Priority=5`]);
    assert.deepEqual(swapped.Rules.map((r) => r.Priority), ['10', '5']);
    const [clash, repeated] = await Promise.all([
      (async () => {
        await elb(server, ['create-rule', '--listener-arn', listener, '--priority', '20', '--conditions', 'Field=path-pattern,Values=/z', '--actions', `Type=forward,TargetGroupArn=${api}`]);
        return elbError(server, ['set-rule-priorities', '--rule-priorities', `RuleArn=${five},Priority=20`], 'PriorityInUse');
      })(),
      queryError(server, 'SetRulePriorities', {
        'RulePriorities.member.1.RuleArn': String(five), 'RulePriorities.member.1.Priority': '30',
        'RulePriorities.member.2.RuleArn': String(ten), 'RulePriorities.member.2.Priority': '30',
      }, 'ValidationError'),
    ]);
    assert.match(clash, /Priority '20' is currently in use/);
    assert.match(repeated, /Priority '30' was provided multiple times/);

    await elb(server, ['delete-rule', '--rule-arn', String(five)]);
    await elbError(server, ['delete-rule', '--rule-arn', String(five)], 'RuleNotFound');
    const left = await elb<RuleOut>(server, ['describe-rules', '--listener-arn', listener]);
    assert.deepEqual(left.Rules.map((r) => r.Priority), ['5', '20', 'default']);
  });
});
