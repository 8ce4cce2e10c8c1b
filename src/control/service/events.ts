// The one writer of a service's event list (the planner's Draft and the applier both add through
// it): newest first, a message that repeats the newest is not added again (it says nothing new;
// ECS also throttles repeats), and the list keeps the newest MAX_SERVICE_EVENTS. Pure.
import { MAX_SERVICE_EVENTS, type ServiceEvent } from '../../api/ecs/service/model.js';

export interface EventStamp {
  /** When the event happened (epoch ms). */
  now: number;
  newId: () => string;
}

/** Adds `message` as the newest of `events` (in place), unless it repeats the newest. */
export function addServiceEvent(events: ServiceEvent[], message: string, stamp: EventStamp): void {
  if (events[0]?.message === message) return;
  events.unshift({ id: stamp.newId(), createdAt: stamp.now, message });
  if (events.length > MAX_SERVICE_EVENTS) events.length = MAX_SERVICE_EVENTS;
}
