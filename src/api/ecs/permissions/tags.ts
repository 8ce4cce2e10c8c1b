// ECS's tag conditions: a create that carries tags also needs ecs:TagResource, with ecs:CreateAction
// naming the create (the reference's "tag on create"), so a policy can allow tags only at creation.
import { requestTagConditions, type Requirement } from '../../../protocol/authorization.js';

export interface EcsTag {
  key: string;
  value?: string | undefined;
}

export function tagOnCreate(createAction: string, resources: string[], tags: readonly EcsTag[] | undefined): Requirement[] {
  if (!tags || tags.length === 0) return [];
  return [{ action: 'ecs:TagResource', resources, conditions: { 'ecs:CreateAction': createAction, ...requestTagConditions(tags) } }];
}
