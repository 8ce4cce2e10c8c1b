import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchesQuery, parseQuery, type ContainerInstanceView } from '../../src/placement/index.js';
import { instance } from './fixtures.js';

const web = instance('web', {
  az: 'us-east-1b',
  attributes: [
    { name: 'ecs.availability-zone', value: 'us-east-1b' },
    { name: 'ecs.instance-type', value: 'g2.2xlarge' },
    { name: 'stack', value: 'prod' },
    { name: 'slots', value: '12' },
    { name: 'ecs.capability.task-eni' },
  ],
  agentVersion: '1.9.0',
  registeredAt: Date.UTC(2018, 1, 12, 23, 59, 59),
  groups: ['service:production', 'family:batch'],
});
const empty = instance('empty', { ec2InstanceId: undefined, agentConnected: false, attributes: [] });

function on(target: ContainerInstanceView, expression: string): boolean {
  return matchesQuery(parseQuery(expression), target);
}

describe('cluster query language: evaluation', () => {
  it('compares attributes as strings for equality and lists', () => {
    assert.ok(on(web, 'attribute:ecs.instance-type == g2.2xlarge'));
    assert.ok(!on(web, 'attribute:ecs.instance-type == t2.small'));
    assert.ok(on(web, 'attribute:ecs.instance-type != t2.small'));
    assert.ok(on(web, 'attribute:ecs.availability-zone in [us-east-1a, us-east-1b]'));
    assert.ok(!on(web, 'attribute:ecs.availability-zone !in [us-east-1a, us-east-1b]'));
    assert.ok(on(web, 'attribute:slots != 12.0'), 'equality is string equality');
  });

  it('orders numbers numerically and other values lexicographically', () => {
    assert.ok(on(web, 'attribute:slots > 9'), '12 > 9 as numbers');
    assert.ok(on(web, 'attribute:slots <= 12'));
    assert.ok(!on(web, 'attribute:slots < 12'));
    assert.ok(on(web, 'attribute:stack > alpha'), '"prod" > "alpha" as strings');
    assert.ok(on(web, 'attribute:stack >= prod'));
    assert.ok(!on(web, 'attribute:stack < prod'));
  });

  it('treats a missing attribute as matching nothing but !exists', () => {
    assert.ok(on(web, 'attribute:stack exists'));
    assert.ok(on(web, 'attribute:ecs.capability.task-eni exists'), 'an attribute without value exists');
    assert.ok(!on(web, 'attribute:ecs.capability.task-eni == x'));
    assert.ok(on(empty, 'attribute:stack !exists'));
    assert.ok(!on(empty, 'attribute:stack exists'));
    assert.ok(!on(empty, 'attribute:stack != prod'), 'only instances that have a stack other than prod');
    assert.ok(!on(empty, 'attribute:stack !in [prod]'));
    assert.ok(!on(empty, 'attribute:stack !~ p.*'));
  });

  it('matches whole values against patterns', () => {
    assert.ok(on(web, 'attribute:ecs.instance-type =~ g2.*'));
    assert.ok(!on(web, 'attribute:ecs.instance-type =~ 2xlarge'));
    assert.ok(on(web, 'attribute:ecs.instance-type !~ t2.*'));
    assert.ok(on(web, 'attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d'));
  });

  it('evaluates the fixed subjects', () => {
    assert.ok(on(web, 'agentConnected == true'));
    assert.ok(on(empty, 'agentConnected == false'));
    assert.ok(on(empty, 'agentConnected in [FALSE]'));
    assert.ok(on(web, 'agentVersion < 1.14.5'), '1.9.0 < 1.14.5 as versions');
    assert.ok(on(web, 'agentVersion == 1.9.0'));
    assert.ok(!on(web, 'agentVersion >= 1.10'));
    assert.ok(on(web, 'ec2InstanceId == i-web'));
    assert.ok(on(web, "ec2InstanceId in ['i-abcd1234', 'i-web']"));
    assert.ok(on(web, 'ec2InstanceId =~ i-w.*'));
    assert.ok(!on(empty, 'ec2InstanceId != i-web'), 'no instance id: only !exists-like answers are false');
    assert.ok(on(web, 'runningTasksCount == 2'));
    assert.ok(on(web, 'runningTasksCount > 1 and runningTasksCount < 3'));
    assert.ok(on(empty, 'runningTasksCount == 0'));
  });

  it('compares registeredAt as instants, or whole UTC days against a bare date', () => {
    assert.ok(on(web, 'registeredAt < 2018-02-13'));
    assert.ok(on(web, 'registeredAt == 2018-02-12'));
    assert.ok(on(web, 'registeredAt <= 2018-02-12'));
    assert.ok(!on(web, 'registeredAt > 2018-02-12'));
    assert.ok(on(web, 'registeredAt > 2018-02-12T23:59:58Z'));
    assert.ok(on(web, 'registeredAt == 2018-02-13T00:59:59+01:00'));
    assert.ok(on(web, 'registeredAt < 2018-02-12T23:59:59-00:30'));
  });

  it('reads task:group over all tasks on the instance (affinity and anti-affinity)', () => {
    assert.ok(on(web, 'task:group == service:production'));
    assert.ok(on(web, 'task:group in [database, family:batch]'));
    assert.ok(on(web, 'task:group =~ service:.*'));
    assert.ok(!on(web, 'not(task:group == service:production)'));
    assert.ok(!on(web, 'task:group != service:production'), 'some task is in the group');
    assert.ok(on(web, 'task:group != database'));
    assert.ok(on(empty, 'task:group != database'), 'an empty instance hosts no database task');
    assert.ok(!on(empty, 'task:group == database'));
    assert.ok(on(empty, 'task:group !~ data.*'));
  });

  it('combines with and, or, not and parentheses', () => {
    assert.ok(on(web, 'attribute:stack == dev or attribute:stack == prod'));
    assert.ok(!on(web, 'attribute:stack == dev || attribute:stack == prod && runningTasksCount == 0'));
    assert.ok(!on(web, '(attribute:stack == dev or attribute:stack == prod) and runningTasksCount == 0'));
    assert.ok(on(web, '(attribute:stack == dev or attribute:stack == prod) and !(runningTasksCount == 0)'));
    assert.ok(on(web, 'not not attribute:stack == prod'));
  });
});
