import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createListener, createLoadBalancer, createTargetGroup, elb, elbError, freePort, type RuleOut } from './helpers.js';

type Tags = { TagDescriptions: { ResourceArn: string; Tags: { Key: string; Value: string }[] }[] };

describe('ELBv2 tags and limits through the AWS CLI', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.stop());

  it('adds, describes and removes tags on every kind of resource', async () => {
    const [lb, tg] = await Promise.all([createLoadBalancer(server, 'tagged', { 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'web' }), createTargetGroup(server, 'tagged')]);
    const listener = await createListener(server, lb, { port: await freePort(), targetGroup: tg });
    const rules = await elb<RuleOut>(server, ['describe-rules', '--listener-arn', listener]);
    const rule = rules.Rules[0]?.RuleArn ?? '';
    await elb(server, ['add-tags', '--resource-arns', lb, tg, listener, rule, '--tags', 'Key=env,Value=prod', 'Key=owner,Value=ops']);
    await elb(server, ['remove-tags', '--resource-arns', tg, '--tag-keys', 'owner']);
    const out = await elb<Tags>(server, ['describe-tags', '--resource-arns', lb, tg, listener, rule]);
    assert.deepEqual(out.TagDescriptions.map((d) => [d.ResourceArn, d.Tags.map((t) => `${t.Key}=${t.Value}`)]), [
      [lb, ['team=web', 'env=prod', 'owner=ops']],
      [tg, ['env=prod']],
      [listener, ['env=prod', 'owner=ops']],
      [rule, ['env=prod', 'owner=ops']],
    ]);
    const many = Array.from({ length: 49 }, (_, i) => `Key=k${i},Value=v`);
    const [tooMany, duplicate, missing] = await Promise.all([
      elbError(server, ['add-tags', '--resource-arns', lb, '--tags', ...many], 'TooManyTags'),
      elbError(server, ['add-tags', '--resource-arns', tg, '--tags', 'Key=a,Value=1', 'Key=a,Value=2'], 'DuplicateTagKeys'),
      elbError(server, ['describe-tags', '--resource-arns', lb.replace(/[0-9a-f]{16}$/, '0000000000000000')], 'LoadBalancerNotFound'),
    ]);
    assert.match(tooMany, /quota for the number of tags/);
    assert.match(duplicate, /Tag key 'a' was specified more than once/);
    assert.match(missing, /load balancers not found/);
  });

  it('describes the account limits', async () => {
    const out = await elb<{ Limits: { Name: string; Max: string }[] }>(server, ['describe-account-limits']);
    const limits = new Map(out.Limits.map((l) => [l.Name, l.Max]));
    assert.equal(limits.get('application-load-balancers'), '50');
    assert.equal(limits.get('target-groups'), '3000');
  });
});
