// Pure: which session refusals mean the instance is gone for good (the agent stops) and which are
// retried; and what the agent forgets when it registers under a new ARN.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forgetPreviousInstance } from '../../src/agent/agent.js';
import { refusedAsDeregistered } from '../../src/agent/session.js';
import type { AgentStateData } from '../../src/agent/stateFile.js';
import type { TaskRecord } from '../../src/agent/engine/model.js';

const NOT_REGISTERED = 'The referenced container instance was not found or is not registered.';
const body = (type: string, message: string) => JSON.stringify({ __type: type, message });

describe('session refusals', () => {
  it('a 400 naming the container instance is final', () => {
    assert.equal(refusedAsDeregistered(400, body('InvalidParameterException', NOT_REGISTERED)), NOT_REGISTERED);
  });

  it('anything else is retried', () => {
    assert.equal(refusedAsDeregistered(400, body('ClusterNotFoundException', 'Cluster not found.')), undefined);
    assert.equal(refusedAsDeregistered(403, body('InvalidSignatureException', 'The request signature we calculated does not match')), undefined);
    assert.equal(refusedAsDeregistered(403, body('InvalidParameterException', NOT_REGISTERED)), undefined);
    assert.equal(refusedAsDeregistered(500, body('ServerException', 'container instance store down')), undefined);
    assert.equal(refusedAsDeregistered(400, '<html>container instance</html>'), undefined);
    assert.equal(refusedAsDeregistered(undefined, ''), undefined);
  });
});

describe('registering under a new ARN', () => {
  const state = (arn?: string): AgentStateData => ({
    version: 1, ...(arn ? { containerInstanceArn: arn } : {}), tasks: { 'arn:task/1': {} as TaskRecord }, forgotten: {},
  });

  it('forgets the previous instance\'s tasks', () => {
    const data = state('arn:old');
    assert.deepEqual(forgetPreviousInstance(data, 'arn:new'), ['arn:task/1']);
    assert.deepEqual(data.tasks, {});
  });

  it('keeps them under the same ARN, or on a first registration', () => {
    for (const data of [state('arn:same'), state()]) {
      assert.deepEqual(forgetPreviousInstance(data, 'arn:same'), []);
      assert.deepEqual(Object.keys(data.tasks), ['arn:task/1']);
    }
  });
});
