// The one writer of service events: newest first, a repeat of the newest not added, capped.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { MAX_SERVICE_EVENTS, type ServiceEvent } from '../../../src/api/ecs/service/model.js';
import { addServiceEvent } from '../../../src/control/service/events.js';

let n = 0;
const stamp = { now: 7, newId: () => `e${++n}` };

it('adds newest first and skips a repeat of the newest (without spending an id)', () => {
  const events: ServiceEvent[] = [];
  addServiceEvent(events, 'a', stamp);
  addServiceEvent(events, 'b', stamp);
  const before = n;
  addServiceEvent(events, 'b', stamp);
  assert.equal(n, before);
  addServiceEvent(events, 'a', stamp);
  assert.deepEqual(events.map((e) => e.message), ['a', 'b', 'a']);
  assert.equal(events[0]?.createdAt, 7);
});

it('keeps the newest MAX_SERVICE_EVENTS', () => {
  const events: ServiceEvent[] = [];
  for (let i = 0; i < MAX_SERVICE_EVENTS + 5; i++) addServiceEvent(events, `m${i}`, stamp);
  assert.equal(events.length, MAX_SERVICE_EVENTS);
  assert.equal(events[0]?.message, `m${MAX_SERVICE_EVENTS + 4}`);
  assert.equal(events.at(-1)?.message, 'm5');
});
