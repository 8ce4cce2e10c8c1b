// ECS rows for clusters, task definitions, container instances and attributes, from the Service
// Authorization Reference for Amazon ECS (resource types cluster, container-instance,
// task-definition; condition key ecs:cluster on container instance actions).
import { z } from 'zod';
import { anyResource, requestTagConditions, row, type PermissionTable } from '../../../protocol/authorization.js';
import { clusterName, containerInstanceArn } from '../arns.js';
import { passRole, TASKS_PRINCIPAL } from './passRole.js';
import { clusterOf, containerInstanceOf, taskDefinitionOf } from './refs.js';
import { tagOnCreate } from './tags.js';

const tag = z.object({ key: z.string(), value: z.string().optional() }).loose();
const tags = z.array(tag).optional();
const cluster = z.object({ cluster: z.string().optional() }).loose();
const instances = cluster.extend({ containerInstances: z.array(z.string()) });

/** The cluster a container instance action acts in, as the ecs:cluster condition key. */
function inCluster(req: { input: { cluster?: string | undefined }; account: { accountId: string; region: string } }) {
  return { 'ecs:cluster': clusterOf(req.account, req.input.cluster) };
}

export const infrastructurePermissions: PermissionTable = {
  CreateCluster: row(z.object({ clusterName: z.string().optional(), tags }).loose(), {
    action: 'ecs:CreateCluster',
    // The cluster being created (absent name: `default`, as the handler does).
    resources: ({ input, account }) => [clusterOf(account, input.clusterName)],
    conditions: ({ input }) => requestTagConditions(input.tags),
    also: ({ input, account }) => tagOnCreate('CreateCluster', [clusterOf(account, input.clusterName)], input.tags),
  }),
  DescribeClusters: row(z.object({ clusters: z.array(z.string()).optional() }).loose(), {
    action: 'ecs:DescribeClusters',
    // No list describes `default`, as the handler does.
    resources: ({ input, account }) => (input.clusters?.length ? input.clusters : ['default']).map((c) => clusterOf(account, c)),
  }),
  ListClusters: anyResource('ecs:ListClusters'),
  UpdateCluster: row(cluster, { action: 'ecs:UpdateCluster', resources: ({ input, account }) => [clusterOf(account, input.cluster)] }),
  UpdateClusterSettings: row(cluster, { action: 'ecs:UpdateClusterSettings', resources: ({ input, account }) => [clusterOf(account, input.cluster)] }),
  DeleteCluster: row(cluster, { action: 'ecs:DeleteCluster', resources: ({ input, account }) => [clusterOf(account, input.cluster)] }),

  // The reference lists no resource type for registering, describing or deregistering a task
  // definition (the revision does not exist yet, or any revision may be named): `*`. Its roles
  // are passed to the tasks that will run it.
  RegisterTaskDefinition: row(z.object({ family: z.string().optional(), tags, taskRoleArn: z.string().optional(), executionRoleArn: z.string().optional() }).loose(), {
    action: 'ecs:RegisterTaskDefinition',
    resources: () => ['*'],
    conditions: ({ input }) => requestTagConditions(input.tags),
    also: ({ input, account }) => [
      // A definition without a family is refused by its handler; until then its tags are asked about `*`.
      ...tagOnCreate('RegisterTaskDefinition', [input.family === undefined ? '*' : taskDefinitionOf(account, input.family)], input.tags),
      ...passRole(account, TASKS_PRINCIPAL, [input.taskRoleArn, input.executionRoleArn]),
    ],
  }),
  DescribeTaskDefinition: anyResource('ecs:DescribeTaskDefinition'),
  ListTaskDefinitions: anyResource('ecs:ListTaskDefinitions'),
  ListTaskDefinitionFamilies: anyResource('ecs:ListTaskDefinitionFamilies'),
  DeregisterTaskDefinition: anyResource('ecs:DeregisterTaskDefinition'),
  DeleteTaskDefinitions: row(z.object({ taskDefinitions: z.array(z.string()) }).loose(), {
    action: 'ecs:DeleteTaskDefinitions',
    resources: ({ input, account }) => input.taskDefinitions.map((t) => taskDefinitionOf(account, t)),
  }),

  RegisterContainerInstance: row(cluster.extend({ tags }), {
    action: 'ecs:RegisterContainerInstance',
    resources: ({ input, account }) => [clusterOf(account, input.cluster)],
    conditions: ({ input }) => requestTagConditions(input.tags),
    // The instance's id is not known before it registers: any instance of the cluster.
    also: ({ input, account }) =>
      tagOnCreate('RegisterContainerInstance', [containerInstanceArn(account, clusterName(input.cluster), '*')], input.tags),
  }),
  DeregisterContainerInstance: row(cluster, { action: 'ecs:DeregisterContainerInstance', resources: ({ input, account }) => [clusterOf(account, input.cluster)] }),
  DescribeContainerInstances: row(instances, {
    action: 'ecs:DescribeContainerInstances',
    resources: ({ input, account }) => input.containerInstances.map((c) => containerInstanceOf(account, input.cluster, c)),
    conditions: inCluster,
  }),
  ListContainerInstances: row(cluster, { action: 'ecs:ListContainerInstances', resources: ({ input, account }) => [clusterOf(account, input.cluster)] }),
  UpdateContainerInstancesState: row(instances, {
    action: 'ecs:UpdateContainerInstancesState',
    resources: ({ input, account }) => input.containerInstances.map((c) => containerInstanceOf(account, input.cluster, c)),
    conditions: inCluster,
  }),

  // Attributes attach to container instances: the reference's resource is container-instance,
  // with ecs:cluster. An attribute without a targetId is refused by the handler; it names nothing.
  PutAttributes: row(cluster.extend({ attributes: z.array(z.object({ targetId: z.string().optional() }).loose()) }), {
    action: 'ecs:PutAttributes',
    resources: ({ input, account }) => attributeTargets(input, account),
    conditions: inCluster,
  }),
  DeleteAttributes: row(cluster.extend({ attributes: z.array(z.object({ targetId: z.string().optional() }).loose()) }), {
    action: 'ecs:DeleteAttributes',
    resources: ({ input, account }) => attributeTargets(input, account),
    conditions: inCluster,
  }),
  ListAttributes: row(cluster, { action: 'ecs:ListAttributes', resources: ({ input, account }) => [clusterOf(account, input.cluster)] }),
};

function attributeTargets(
  input: { cluster?: string | undefined; attributes: Array<{ targetId?: string | undefined }> },
  account: { accountId: string; region: string },
): string[] {
  const ids = input.attributes.flatMap((a) => (a.targetId ? [containerInstanceOf(account, input.cluster, a.targetId)] : []));
  return [...new Set(ids)];
}
