// ECS's checks on RunTask/StartTask parameters before anything is placed. Pure.
import type { PlacementConstraint, PlacementStrategy } from '../../../placement/index.js';
import { InvalidParameterException } from '../../../protocol/errors.js';
import type { Tag } from '../tagStore.js';
import type { TaskDefinition } from '../../../protocol/ecs/taskDefinition.js';

export const LAUNCH_TYPES = ['EC2', 'EXTERNAL', 'FARGATE'];
const PROPAGATE = ['TASK_DEFINITION', 'SERVICE', 'NONE'];
export const TASK_DEFINITION_NOT_FOUND = 'TaskDefinition not found.';

/** The task definition must exist and be ACTIVE to start new tasks. */
export function checkRunnable(td: TaskDefinition | undefined): TaskDefinition {
  if (!td) throw new InvalidParameterException(TASK_DEFINITION_NOT_FOUND);
  if (td.status !== 'ACTIVE') throw new InvalidParameterException('TaskDefinition is inactive');
  return td;
}

export interface LaunchTypeRequest {
  launchType?: string | undefined;
  capacityProviderStrategy?: readonly unknown[] | undefined;
}

/** The launch type the tasks run with (EC2 unless told), checked against the task definition. */
export function checkLaunchType(req: LaunchTypeRequest, td: TaskDefinition): string {
  if (req.launchType !== undefined && (req.capacityProviderStrategy ?? []).length > 0) {
    throw new InvalidParameterException('Specifying both a launch type and capacity provider strategy is not supported.');
  }
  if ((req.capacityProviderStrategy ?? []).length > 0) {
    throw new InvalidParameterException('Capacity provider strategies are not available in Wharf yet; use launchType EC2 or EXTERNAL.');
  }
  const launchType = req.launchType ?? 'EC2';
  if (!LAUNCH_TYPES.includes(launchType)) {
    throw new InvalidParameterException(`Invalid launch type '${launchType}'. Valid values are ${LAUNCH_TYPES.join(', ')}.`);
  }
  if (launchType === 'FARGATE') {
    throw new InvalidParameterException('The FARGATE launch type is not available in Wharf yet; use launchType EC2 or EXTERNAL.');
  }
  if (!td.compatibilities.includes(launchType)) {
    throw new InvalidParameterException(`Task definition does not support launch_type ${launchType}.`);
  }
  return launchType;
}

export function checkGroupAndStartedBy(group: string | undefined, startedBy: string | undefined): void {
  if (group !== undefined && (group.length < 1 || group.length > 255)) {
    throw new InvalidParameterException('group must be between 1 and 255 characters.');
  }
  if (startedBy !== undefined && (startedBy.length > 128 || !/^[A-Za-z0-9_./:-]*$/.test(startedBy))) {
    throw new InvalidParameterException('startedBy can be up to 128 letters, numbers, hyphens, underscores, periods, slashes and colons.');
  }
}

/** The request's tags, plus the task definition's when propagateTags is TASK_DEFINITION (request tags win). */
export function taskTags(propagate: string | undefined, given: readonly Tag[], definitionTags: readonly Tag[]): Tag[] {
  if (propagate !== undefined && !PROPAGATE.includes(propagate)) {
    throw new InvalidParameterException(`Invalid propagateTags '${propagate}'. Valid values are ${PROPAGATE.join(', ')}.`);
  }
  if (propagate === 'SERVICE') throw new InvalidParameterException('propagateTags SERVICE is only valid for a service\'s tasks.');
  if (propagate !== 'TASK_DEFINITION') return [...given];
  const byKey = new Map(definitionTags.map((t) => [t.key, t]));
  for (const t of given) byKey.set(t.key, t);
  return [...byKey.values()];
}

export interface PlacementInput {
  placementStrategy?: readonly { type?: string | undefined; field?: string | undefined }[] | undefined;
  placementConstraints?: readonly { type?: string | undefined; expression?: string | undefined }[] | undefined;
}

/** The request's strategies and constraints, typed for placement (which checks them with ECS's messages). */
export function placementOf(input: PlacementInput, td: TaskDefinition): { strategy: PlacementStrategy[]; constraints: PlacementConstraint[] } {
  const strategy = (input.placementStrategy ?? []).map((s) => ({ type: s.type ?? '', field: s.field ?? '' }) as PlacementStrategy);
  const constraints = [
    ...(input.placementConstraints ?? []).map((c) => ({ type: c.type ?? '', expression: c.expression }) as PlacementConstraint),
    ...(td.placementConstraints ?? []).map((c) => ({ type: c.type ?? 'memberOf', expression: c.expression ?? '' }) as PlacementConstraint),
  ];
  return { strategy, constraints };
}

export function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > 10) {
    throw new InvalidParameterException('count must be between 1 and 10.');
  }
}
