// instanceLaunchType: EXTERNAL for mi- instances and those with the external attribute. The
// answer is remembered for frozen attribute lists (the Store's copies), never for mutable ones.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EXTERNAL_ATTRIBUTE, instanceLaunchType } from '../../src/placement/index.js';

describe('instanceLaunchType', () => {
  it('reads the id prefix and the attribute, for frozen and mutable lists alike', () => {
    const frozen = Object.freeze([Object.freeze({ name: 'ecs.os-type', value: 'linux' }), Object.freeze({ name: EXTERNAL_ATTRIBUTE })]);
    assert.equal(instanceLaunchType({ ec2InstanceId: 'i-1', attributes: frozen }), 'EXTERNAL');
    assert.equal(instanceLaunchType({ ec2InstanceId: 'i-1', attributes: frozen }), 'EXTERNAL');
    assert.equal(instanceLaunchType({ ec2InstanceId: 'mi-1', attributes: [] }), 'EXTERNAL');
    assert.equal(instanceLaunchType({ ec2InstanceId: 'i-2' }), 'EC2');
    const mutable = [{ name: 'ecs.os-type' }];
    assert.equal(instanceLaunchType({ ec2InstanceId: 'i-3', attributes: mutable }), 'EC2');
    mutable.push({ name: EXTERNAL_ATTRIBUTE });
    assert.equal(instanceLaunchType({ ec2InstanceId: 'i-3', attributes: mutable }), 'EXTERNAL', 'a mutable list is read again');
  });
});
