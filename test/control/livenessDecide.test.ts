// The lost-host decision (src/control/liveness/decide.ts), on plain data.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PlacedTask } from '../../src/api/ecs/containerInstance/model.js';
import type { TaskRecord } from '../../src/api/ecs/task/model.js';
import {
  isLost, LOST_HOST_STOP_CODE, lostHostReason, lostInstances, stopLostTasks, type LivenessView,
} from '../../src/control/liveness/decide.js';

const placed: PlacedTask = { group: 'family:app', family: 'app', cpu: 128, memory: 64, tcp: [], udp: [], lastStatus: 'RUNNING', launchType: 'EC2' };
const policy = { now: 100_000, graceMs: 10_000 };
const away = (over: Partial<LivenessView> = {}): LivenessView => ({
  status: 'ACTIVE', agentConnected: false, disconnectedAt: 80_000, placed: { t1: placed }, ...over,
});

describe('lost hosts', () => {
  it('an ACTIVE or DRAINING instance disconnected for longer than the grace is lost', () => {
    assert.equal(isLost(away(), policy), true);
    assert.equal(isLost(away({ status: 'DRAINING' }), policy), true);
  });

  it('is not lost within the grace (the boundary included), while connected, or never disconnected', () => {
    assert.equal(isLost(away({ disconnectedAt: 95_000 }), policy), false);
    assert.equal(isLost(away({ disconnectedAt: 90_000 }), policy), false);
    assert.equal(isLost(away({ disconnectedAt: 89_999 }), policy), true);
    assert.equal(isLost(away({ agentConnected: true }), policy), false);
    assert.equal(isLost(away({ disconnectedAt: undefined }), policy), false);
  });

  it('INACTIVE or other statuses are never lost', () => {
    for (const status of ['INACTIVE', 'REGISTERING', 'DEREGISTERING', 'REGISTRATION_FAILED'] as const) {
      assert.equal(isLost(away({ status }), policy), false, status);
    }
  });

  it('once handled (lostAt) it is left alone, unless it holds tasks again', () => {
    assert.equal(isLost(away({ lostAt: 95_000, placed: {} }), policy), false);
    assert.equal(isLost(away({ lostAt: 95_000 }), policy), true);
    assert.equal(isLost(away({ placed: {} }), policy), true, 'not yet marked, even with nothing to stop');
  });

  it('lostInstances picks the lost ones, in order', () => {
    const a = away();
    const b = away({ agentConnected: true });
    const c = away({ status: 'DRAINING' });
    assert.deepEqual(lostInstances([a, b, c], policy), [a, c]);
  });

  it('stops the non-stopped tasks at once, containers included, with the lost-host code and reason', () => {
    const task = (id: string, lastStatus: TaskRecord['lastStatus'], over: Partial<TaskRecord> = {}) => ({
      taskId: id, lastStatus, desiredStatus: 'RUNNING', version: 3,
      containers: [{ name: 'web', lastStatus: 'RUNNING', known: 'RUNNING' }], ...over,
    }) as unknown as TaskRecord;
    const out = stopLostTasks([task('a', 'RUNNING'), task('b', 'STOPPED'), task('c', 'PENDING')], policy);
    assert.deepEqual(out.map((t) => t.taskId), ['a', 'c']);
    for (const t of out) {
      assert.equal(t.lastStatus, 'STOPPED');
      assert.equal(t.desiredStatus, 'STOPPED');
      assert.equal(t.stopCode, LOST_HOST_STOP_CODE);
      assert.equal(t.stoppedReason, lostHostReason(10_000));
      assert.equal(t.stoppedAt, policy.now);
      assert.deepEqual(t.containers.map((c) => [c.lastStatus, c.known]), [['STOPPED', 'STOPPED']]);
      assert.ok(t.version > 3);
    }
    assert.equal(LOST_HOST_STOP_CODE, 'InfrastructureHealth');
    assert.equal(lostHostReason(10_000), "Task stopped because the container instance's agent was disconnected for more than 10 seconds (host lost)");
    assert.match(lostHostReason(500), /more than 0\.5 seconds/);
  });

  it('a task a user already asked to stop keeps the user\'s code and reason', () => {
    const asked = { taskId: 'u', lastStatus: 'RUNNING', desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'enough', version: 1, containers: [] } as unknown as TaskRecord;
    const [t] = stopLostTasks([asked], policy);
    assert.equal(t?.stopCode, 'UserInitiated');
    assert.equal(t?.stoppedReason, 'enough');
    assert.equal(t?.lastStatus, 'STOPPED');
  });
});
