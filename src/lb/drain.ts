// Connection draining: which draining targets are done (no request or connection left, the
// deregistration delay over, or no listener uses their group), and their removal from the Store.
import { TARGETS, targetKey, type TargetRecord } from '../api/elbv2/model.js';
import type { Store } from '../state/store.js';
import { deregistrationDelayMs, type GroupRuntime, type TargetRuntime } from './targets.js';

export interface Drained {
  group: GroupRuntime;
  target: TargetRuntime;
  /** The delay ran out with connections still open (they are to be cut). */
  expired: boolean;
}

/** Pure: the draining targets to remove now. */
export function dueForRemoval(groups: Iterable<GroupRuntime>, now: number): Drained[] {
  const due: Drained[] = [];
  for (const group of groups) {
    const delay = deregistrationDelayMs(group.record);
    for (const target of group.targets.values()) {
      if (!target.draining) continue;
      const expired = now - (target.drainingSince ?? 0) >= delay;
      if (!group.inUse || target.inFlight === 0 || expired) due.push({ group, target, expired: expired && target.inFlight > 0 });
    }
  }
  return due;
}

/** Deletes the records (still draining) in one transaction; resolves with the ARNs of the groups changed. */
export function removeDrained(store: Store, due: readonly Drained[]): Promise<Set<string>> {
  return store.transaction(async (tx) => {
    const changed = new Set<string>();
    for (const { group, target } of due) {
      const key = targetKey(group.record.id, target.id, target.port);
      const record = await tx.get<TargetRecord>(TARGETS, key);
      if (record?.state !== 'draining') continue;
      await tx.delete(TARGETS, key);
      changed.add(group.arn);
    }
    return changed;
  });
}
