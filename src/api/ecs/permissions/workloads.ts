// ECS rows for tasks, services, service deployments, tagging and account settings, from the
// Service Authorization Reference for Amazon ECS (resource types task, task-definition, service,
// service-deployment, container-instance; condition keys ecs:cluster, ecs:task-definition,
// ecs:container-instances, ecs:CreateAction, aws:RequestTag/*, aws:TagKeys).
import { z } from 'zod';
import { anyResource, requestTagConditions, row, tagKeyConditions, type PermissionTable } from '../../../protocol/authorization.js';
import { clusterName, taskArn } from '../arns.js';
import { ECS_PRINCIPAL, loadBalancerRoles, passRole, TASKS_PRINCIPAL } from './passRole.js';
import { clusterOf, containerInstanceOf, serviceOf, taskDefinitionOf, taskOf } from './refs.js';
import { tagOnCreate } from './tags.js';

const tags = z.array(z.object({ key: z.string(), value: z.string().optional() }).loose()).optional();
const cluster = z.object({ cluster: z.string().optional() }).loose();
// RunTask's and StartTask's overrides may replace the definition's roles: those are passed too.
const overrides = z.object({ taskRoleArn: z.string().optional(), executionRoleArn: z.string().optional() }).loose().optional();
const launch = cluster.extend({ taskDefinition: z.string(), tags, overrides });
const service = cluster.extend({ service: z.string() });
const loadBalancers = z.array(z.object({ advancedConfiguration: z.object({ roleArn: z.string().optional() }).loose().optional() }).loose()).optional();

function overrideRoles(input: z.output<typeof launch>): Array<string | undefined> {
  return [input.overrides?.taskRoleArn, input.overrides?.executionRoleArn];
}

function inCluster(req: { input: { cluster?: string | undefined }; account: { accountId: string; region: string } }) {
  return { 'ecs:cluster': clusterOf(req.account, req.input.cluster) };
}

export const workloadPermissions: PermissionTable = {
  // Launching acts on the task definition, in a cluster named by ecs:cluster.
  RunTask: row(launch, {
    action: 'ecs:RunTask',
    resources: ({ input, account }) => [taskDefinitionOf(account, input.taskDefinition)],
    conditions: (req) => ({ ...inCluster(req), ...requestTagConditions(req.input.tags) }),
    also: ({ input, account }) => [
      ...tagOnCreate('RunTask', [taskArn(account, clusterName(input.cluster), '*')], input.tags),
      ...passRole(account, TASKS_PRINCIPAL, overrideRoles(input)),
    ],
  }),
  StartTask: row(launch.extend({ containerInstances: z.array(z.string()) }), {
    action: 'ecs:StartTask',
    resources: ({ input, account }) => [taskDefinitionOf(account, input.taskDefinition)],
    conditions: (req) => ({
      ...inCluster(req),
      'ecs:container-instances': req.input.containerInstances.map((c) => containerInstanceOf(req.account, req.input.cluster, c)),
      ...requestTagConditions(req.input.tags),
    }),
    also: ({ input, account }) => [
      ...tagOnCreate('StartTask', [taskArn(account, clusterName(input.cluster), '*')], input.tags),
      ...passRole(account, TASKS_PRINCIPAL, overrideRoles(input)),
    ],
  }),
  StopTask: row(cluster.extend({ task: z.string() }), {
    action: 'ecs:StopTask',
    resources: ({ input, account }) => [taskOf(account, input.cluster, input.task)],
    conditions: inCluster,
  }),
  DescribeTasks: row(cluster.extend({ tasks: z.array(z.string()) }), {
    action: 'ecs:DescribeTasks',
    resources: ({ input, account }) => input.tasks.map((t) => taskOf(account, input.cluster, t)),
    conditions: inCluster,
  }),
  // The reference's resource for ListTasks is container-instance; a listing that names no
  // instance acts on every one, so `*`, still scoped by ecs:cluster.
  ListTasks: row(cluster.extend({ containerInstance: z.string().optional() }), {
    action: 'ecs:ListTasks',
    resources: ({ input, account }) => (input.containerInstance ? [containerInstanceOf(account, input.cluster, input.containerInstance)] : ['*']),
    conditions: inCluster,
  }),

  // A service's role (a name or an ARN) and its load balancers' blue/green roles are ECS's own to
  // use: passed to ecs.amazonaws.com.
  CreateService: row(cluster.extend({ serviceName: z.string(), taskDefinition: z.string().optional(), tags, role: z.string().optional(), loadBalancers }), {
    action: 'ecs:CreateService',
    resources: ({ input, account }) => [serviceOf(account, input.cluster, input.serviceName)],
    conditions: (req) => ({
      ...inCluster(req),
      ...(req.input.taskDefinition ? { 'ecs:task-definition': taskDefinitionOf(req.account, req.input.taskDefinition) } : {}),
      ...requestTagConditions(req.input.tags),
    }),
    also: ({ input, account }) => [
      ...tagOnCreate('CreateService', [serviceOf(account, input.cluster, input.serviceName)], input.tags),
      ...passRole(account, ECS_PRINCIPAL, [input.role, ...loadBalancerRoles(input.loadBalancers)]),
    ],
  }),
  // UpdateService takes no `role` (a service's role is fixed at creation); its load balancers may
  // carry blue/green roles.
  UpdateService: row(service.extend({ taskDefinition: z.string().optional(), loadBalancers }), {
    action: 'ecs:UpdateService',
    resources: ({ input, account }) => [serviceOf(account, input.cluster, input.service)],
    conditions: (req) => ({
      ...inCluster(req),
      ...(req.input.taskDefinition ? { 'ecs:task-definition': taskDefinitionOf(req.account, req.input.taskDefinition) } : {}),
    }),
    also: ({ input, account }) => passRole(account, ECS_PRINCIPAL, loadBalancerRoles(input.loadBalancers)),
  }),
  DeleteService: row(service, {
    action: 'ecs:DeleteService',
    resources: ({ input, account }) => [serviceOf(account, input.cluster, input.service)],
    conditions: inCluster,
  }),
  DescribeServices: row(cluster.extend({ services: z.array(z.string()) }), {
    action: 'ecs:DescribeServices',
    resources: ({ input, account }) => input.services.map((s) => serviceOf(account, input.cluster, s)),
    conditions: inCluster,
  }),
  // No resource type for listing services; ecs:cluster scopes it.
  ListServices: row(cluster, { action: 'ecs:ListServices', resources: () => ['*'], conditions: inCluster }),
  ListServiceDeployments: row(service, {
    action: 'ecs:ListServiceDeployments',
    resources: ({ input, account }) => [serviceOf(account, input.cluster, input.service)],
    conditions: inCluster,
  }),
  DescribeServiceDeployments: row(z.object({ serviceDeploymentArns: z.array(z.string()) }).loose(), {
    action: 'ecs:DescribeServiceDeployments',
    resources: ({ input }) => input.serviceDeploymentArns,
  }),
  StopServiceDeployment: row(z.object({ serviceDeploymentArn: z.string() }).loose(), {
    action: 'ecs:StopServiceDeployment',
    resources: ({ input }) => [input.serviceDeploymentArn],
  }),

  // Tagging takes the resource's ARN as given.
  TagResource: row(z.object({ resourceArn: z.string(), tags: z.array(z.object({ key: z.string(), value: z.string().optional() }).loose()) }).loose(), {
    action: 'ecs:TagResource',
    resources: ({ input }) => [input.resourceArn],
    conditions: ({ input }) => requestTagConditions(input.tags),
  }),
  UntagResource: row(z.object({ resourceArn: z.string(), tagKeys: z.array(z.string()) }).loose(), {
    action: 'ecs:UntagResource',
    resources: ({ input }) => [input.resourceArn],
    conditions: ({ input }) => tagKeyConditions(input.tagKeys),
  }),
  ListTagsForResource: row(z.object({ resourceArn: z.string() }).loose(), {
    action: 'ecs:ListTagsForResource',
    resources: ({ input }) => [input.resourceArn],
  }),

  // Account settings are the account's, not a resource's: `*`.
  PutAccountSetting: anyResource('ecs:PutAccountSetting'),
  PutAccountSettingDefault: anyResource('ecs:PutAccountSettingDefault'),
  ListAccountSettings: anyResource('ecs:ListAccountSettings'),
  DeleteAccountSetting: anyResource('ecs:DeleteAccountSetting'),
};
