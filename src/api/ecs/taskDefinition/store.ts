// Task definitions in the Store. Revisions are keyed `family!0000000003`, so a prefix scan lists
// them as ECS does (family name, then revision numerically; '!' sorts before every character a
// family may hold). A second kind keeps per-family counts so families list once each.
import type { Account } from '../../../protocol/context.js';
import type { Reader, Tx } from '../../../state/store.js';
import { parseArn } from '../arns.js';
import type { TaskDefinition, TaskDefinitionStatus } from '../../../protocol/ecs/taskDefinition.js';

export const TASK_DEFINITIONS = 'ecs/task-definitions';
export const FAMILIES = 'ecs/task-definition-families';

export interface FamilyCounts {
  family: string;
  active: number;
  inactive: number;
}

export function familyPrefix(family: string): string {
  return `${family}!`;
}

export function revisionKey(family: string, revision: number): string {
  return `${familyPrefix(family)}${String(revision).padStart(10, '0')}`;
}

/** The next revision of `family`, 1, 2, 3...; part of the caller's transaction. */
export function nextRevision(tx: Tx, family: string): Promise<number> {
  return tx.nextSequence(`${TASK_DEFINITIONS}/${family}`);
}

async function adjustFamily(tx: Tx, family: string, change: { active?: number; inactive?: number }): Promise<void> {
  const counts = (await tx.get<FamilyCounts>(FAMILIES, family)) ?? { family, active: 0, inactive: 0 };
  await tx.put<FamilyCounts>(FAMILIES, family, {
    family,
    active: counts.active + (change.active ?? 0),
    inactive: counts.inactive + (change.inactive ?? 0),
  });
}

export async function insertTaskDefinition(tx: Tx, td: TaskDefinition): Promise<void> {
  await tx.put(TASK_DEFINITIONS, revisionKey(td.family, td.revision), td);
  await adjustFamily(tx, td.family, { active: 1 });
}

const COUNTED: Record<TaskDefinitionStatus, 'active' | 'inactive' | undefined> = {
  ACTIVE: 'active',
  INACTIVE: 'inactive',
  DELETE_IN_PROGRESS: undefined,
};

/** Writes `next` (the same revision as `previous`, with a new status) and keeps family counts. */
export async function replaceStatus(tx: Tx, previous: TaskDefinition, next: TaskDefinition): Promise<void> {
  await tx.put(TASK_DEFINITIONS, revisionKey(next.family, next.revision), next);
  const change: { active?: number; inactive?: number } = {};
  const from = COUNTED[previous.status];
  const to = COUNTED[next.status];
  if (from === to) return;
  if (from) change[from] = -1;
  if (to) change[to] = 1;
  await adjustFamily(tx, next.family, change);
}

export interface TaskDefinitionRef {
  family: string;
  /** Absent: the latest ACTIVE revision. */
  revision?: number;
}

/** Reads `family`, `family:revision` or a task definition ARN; undefined when it is none of them. */
export function parseTaskDefinitionRef(id: string, account: Account): TaskDefinitionRef | undefined {
  let text = id;
  if (id.startsWith('arn:')) {
    const arn = parseArn(id);
    if (!arn || arn.service !== 'ecs' || !arn.resource.startsWith('task-definition/')) return undefined;
    if (arn.accountId !== account.accountId || arn.region !== account.region) return undefined;
    text = arn.resource.slice('task-definition/'.length);
  }
  const m = /^([a-zA-Z0-9_-]{1,255})(?::(\d{1,10}))?$/.exec(text);
  if (!m?.[1]) return undefined;
  return m[2] === undefined ? { family: m[1] } : { family: m[1], revision: Number(m[2]) };
}

export async function findTaskDefinition(reader: Reader, ref: TaskDefinitionRef): Promise<TaskDefinition | undefined> {
  if (ref.revision !== undefined) return reader.get<TaskDefinition>(TASK_DEFINITIONS, revisionKey(ref.family, ref.revision));
  let after: string | undefined;
  for (;;) {
    const rows = await reader.list<TaskDefinition>(TASK_DEFINITIONS, { prefix: familyPrefix(ref.family), reverse: true, after, limit: 100 });
    const active = rows.find((r) => r.value.status === 'ACTIVE');
    if (active) return active.value;
    const last = rows[rows.length - 1];
    if (rows.length < 100 || !last) return undefined;
    after = last.key;
  }
}
