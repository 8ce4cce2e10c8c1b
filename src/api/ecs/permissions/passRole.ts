// iam:PassRole for the roles a request hands to ECS. AWS checks that the caller may pass a role
// before ECS keeps it: a task's roles are passed to ecs-tasks.amazonaws.com (the tasks assume
// them), a service's role to ecs.amazonaws.com (ECS itself calls the load balancers with it).
// Without this row anyone allowed ecs:RegisterTaskDefinition could give a task any role.
import type { Account } from '../../../protocol/context.js';
import type { Requirement } from '../../../protocol/authorization.js';
import { roleArnOf } from '../arns.js';

export const TASKS_PRINCIPAL = 'ecs-tasks.amazonaws.com';
export const ECS_PRINCIPAL = 'ecs.amazonaws.com';

/** One iam:PassRole requirement per distinct role given, with iam:PassedToService. */
export function passRole(account: Account, service: string, roles: ReadonlyArray<string | undefined>): Requirement[] {
  const arns = [...new Set(roles.flatMap((r) => (r ? [roleArnOf(account, r)] : [])))];
  return arns.map((arn) => ({ action: 'iam:PassRole', resources: [arn], conditions: { 'iam:PassedToService': service } }));
}

/** The blue/green role each load balancer may carry (advancedConfiguration.roleArn): ECS calls
 *  the load balancers with it, so it is passed to ecs.amazonaws.com like a service's `role`. */
export function loadBalancerRoles(loadBalancers: ReadonlyArray<{ advancedConfiguration?: { roleArn?: string | undefined } | undefined }> | undefined): Array<string | undefined> {
  return (loadBalancers ?? []).map((lb) => lb.advancedConfiguration?.roleArn);
}
